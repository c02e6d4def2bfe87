using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Security;

/// <summary>
/// X-Forwarded-For decides a request's client address only when it comes from a configured proxy
/// (<c>Kano:ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>); from anyone else it is ignored, or every
/// per-address limit is one made-up header away. Through Kestrel on loopback, since the test server has no client
/// address: the proxy is 127.0.0.2, everyone else connects from 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Direct = IPAddress.Loopback;

    /// <summary>A host on Kestrel with three workspace creations an hour per client address, and the given settings.</summary>
    private sealed class KestrelHost : KanoApiFactory
    {
        private readonly IDictionary<string, string?> settings;

        public KestrelHost(IDictionary<string, string?> settings)
        {
            this.settings = settings;
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            StartServer();
        }

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var all = base.Settings;
                all["Kano:RateLimits:WorkspaceCreationsPerHour"] = "3";
                foreach (var (name, value) in settings)
                {
                    all[name] = value;
                }

                return all;
            }
        }

        public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        /// <summary>A client whose connections come from <paramref name="source"/> (any address of 127.0.0.0/8 is this machine).</summary>
        public HttpClient From(IPAddress source) => new(new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = Address,
        };
    }

    private static async Task<HttpStatusCode> CreateWorkspace(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workspaces") { Content = JsonContent.Create(new { name = "sign-up" }) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Five sign-ups, each claiming another client address in X-Forwarded-For.</summary>
    private static async Task<HttpStatusCode[]> FiveSignUpsWithRotatingAddresses(HttpClient client)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            statuses.Add(await CreateWorkspace(client, $"203.0.113.{attempt}"));
        }

        return [.. statuses];
    }

    private static readonly HttpStatusCode[] ThreeThenLimited =
        [HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests];

    [Fact]
    public async Task WithForwardedHeadersSwitchedOnButNoTrustedProxyARotatingXForwardedForDoesNotEscapeThePerAddressLimit()
    {
        // What deploy/compose.yaml used to set (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true), which trusts every sender.
        await using var host = new KestrelHost(new Dictionary<string, string?> { ["ForwardedHeaders_Enabled"] = "true" });
        using var client = host.From(Direct);

        Assert.Equal(ThreeThenLimited, await FiveSignUpsWithRotatingAddresses(client));
    }

    [Fact]
    public async Task XForwardedForIsHonouredFromAConfiguredProxyAndIgnoredFromAnyOtherAddress()
    {
        await using var host = new KestrelHost(new Dictionary<string, string?> { ["Kano:ForwardedHeaders:KnownProxies:0"] = Proxy.ToString() });
        using var direct = host.From(Direct);
        using var proxy = host.From(Proxy);

        // Straight to the instance: the header is the client's own claim, and the connection's address is counted.
        Assert.Equal(ThreeThenLimited, await FiveSignUpsWithRotatingAddresses(direct));

        // Through the proxy, each client is counted by the address the proxy saw: five clients, five allowances,
        // and one client (the proxy appends the address it saw to what the client sent) still has only its three.
        Assert.All(await FiveSignUpsWithRotatingAddresses(proxy), status => Assert.Equal(HttpStatusCode.Created, status));
        var oneClient = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            oneClient.Add(await CreateWorkspace(proxy, $"198.51.100.{attempt}, 192.0.2.7"));
        }

        Assert.Equal(ThreeThenLimited, oneClient);
    }

    [Fact]
    public void AProxyThatIsNotAnAddressStopsTheStartUpAndIsNamed()
    {
        var failure = Assert.ThrowsAny<Exception>(() => new KestrelHost(new Dictionary<string, string?> { ["Kano:ForwardedHeaders:KnownProxies:0"] = "proxy.internal" }));

        var message = failure is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : failure.Message;
        Assert.Contains("Kano:ForwardedHeaders:KnownProxies:0 is 'proxy.internal', which is not an IP address", message);
    }

    [Fact]
    public async Task AConfiguredProxyNetworkIsTrustedLikeAProxy()
    {
        await using var host = new KestrelHost(new Dictionary<string, string?> { ["Kano:ForwardedHeaders:KnownNetworks:0"] = "127.0.0.2/31" });
        using var proxy = host.From(Proxy);
        using var direct = host.From(Direct);

        Assert.All(await FiveSignUpsWithRotatingAddresses(proxy), status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(ThreeThenLimited, await FiveSignUpsWithRotatingAddresses(direct));
    }
}
