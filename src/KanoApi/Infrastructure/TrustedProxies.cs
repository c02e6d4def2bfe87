using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace KanoApi.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the reverse proxies an operator names
/// (<c>Kano:ForwardedHeaders:KnownProxies</c>, addresses, and <c>KnownNetworks</c>, CIDR ranges). From any other
/// sender they are the client's own claim: honoured, a made-up address per request escapes every per-address limit.
/// With none configured the headers are ignored, even where the host's ASPNETCORE_FORWARDEDHEADERS_ENABLED switch is
/// on, since that switch trusts every sender.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Kano:ForwardedHeaders";

    public static IServiceCollection AddKanoForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        // Read and checked at start-up, so a mistyped address stops the service instead of trusting nobody quietly.
        var proxies = Read(configuration, "KnownProxies", (string text, out IPAddress parsed) => IPAddress.TryParse(text, out parsed!));
        var networks = Read<System.Net.IPNetwork>(configuration, "KnownNetworks", System.Net.IPNetwork.TryParse);

        // After the host's own configuration, which the ASPNETCORE_FORWARDEDHEADERS_ENABLED switch empties (= trust all).
        services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            if (proxies.Count == 0 && networks.Count == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Walk back through the list only while each hop is a trusted proxy: the first untrusted address is the client,
            // whatever it put in front of it.
            options.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Takes the client's address and scheme from a trusted proxy's headers; first, so everything after sees them.</summary>
    public static IApplicationBuilder UseKanoForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    private delegate bool TryParse<T>(string text, out T parsed);

    private static List<T> Read<T>(IConfiguration configuration, string name, TryParse<T> parse)
    {
        var parsed = new List<T>();
        foreach (var entry in configuration.GetSection($"{Section}:{name}").GetChildren())
        {
            var text = entry.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (!parse(text, out var value))
            {
                throw new InvalidOperationException(
                    $"{Section}:{name}:{entry.Key} is '{text}', which is not {(name == "KnownProxies" ? "an IP address" : "a network in CIDR notation (10.0.0.0/24)")}.");
            }

            parsed.Add(value);
        }

        return parsed;
    }
}
