using System.Net;
using System.Net.Sockets;

namespace KanoApi.Webhooks;

/// <summary>
/// Which addresses a webhook may be delivered to (server-side request forgery): a receiver's every address, after DNS
/// resolution, must be public unless the operator allowed it (<see cref="WebhookOptions.AllowLoopback"/>,
/// <see cref="WebhookOptions.AllowedNetworks"/>). Non-public means the IANA special-purpose registries' ranges that
/// are not globally reachable (RFC 6890 and its updates): loopback, private, shared (CGNAT), link-local (the cloud
/// metadata address 169.254.169.254), documentation, benchmarking, multicast, reserved and unspecified; IPv6 forms
/// that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by that address or refused.
/// </summary>
public sealed class WebhookAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/96"),
        IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("3fff::/20"),
        IPNetwork.Parse("5f00::/16"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly bool allowLoopback;
    private readonly IPNetwork[] allowed;

    public WebhookAddresses(bool allowLoopback, IEnumerable<string> allowedNetworks)
    {
        this.allowLoopback = allowLoopback;
        allowed = allowedNetworks.Select(ParseNetwork).ToArray();
    }

    public WebhookAddresses(WebhookOptions options)
        : this(options.AllowLoopback, options.AllowedNetworks)
    {
    }

    private static IPNetwork ParseNetwork(string text) =>
        IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : IPAddress.TryParse(text.Trim(), out var address)
                ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                : throw new InvalidOperationException($"Kano:Webhooks:AllowedNetworks holds '{text}', which is neither a network in CIDR notation (10.20.0.0/16) nor an address.");

    /// <summary>Whether a webhook may be delivered to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address)
    {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1) reaches the IPv4 host: judge that one.
        var judged = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (allowed.Any(network => network.Contains(judged)))
        {
            return true;
        }

        if (Loopback.Any(network => network.Contains(judged)))
        {
            return allowLoopback;
        }

        return IsPublic(judged);
    }

    /// <summary>Whether <paramref name="address"/> is globally reachable (none of the special-purpose ranges).</summary>
    public static bool IsPublic(IPAddress address)
    {
        var judged = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (judged.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        // An address with a zone (fe80::1%eth0) is link-local by nature; the ranges above catch it, this keeps it explicit.
        if (judged.AddressFamily == AddressFamily.InterNetworkV6 && judged.ScopeId != 0)
        {
            return false;
        }

        return !NotPublic.Any(network => network.Contains(judged));
    }

    /// <summary>Why <paramref name="address"/> is refused, for a problem or the delivery log.</summary>
    public static string Refusal(IPAddress address) =>
        $"{address} is not a public address (loopback, private, link-local and other special-purpose addresses are refused unless Kano:Webhooks allows them)";

    /// <summary>The longest receiver URL accepted.</summary>
    public const int UrlLength = 2000;

    /// <summary>
    /// Checks a receiver's URL when an endpoint is made or changed: absolute, https (http only when
    /// <paramref name="allowHttp"/>), no credentials or fragment, and every address its host has now allowed. Answers the
    /// URL, or why it is refused. The check is repeated when connecting (<see cref="WebhookSender"/>): a name's
    /// addresses can change after this.
    /// </summary>
    public async Task<(Uri? Url, string? Error)> CheckUrlAsync(string? text, bool allowHttp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "is required");
        }

        if (text.Length > UrlLength)
        {
            return (null, $"must be at most {UrlLength} characters");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || string.IsNullOrEmpty(url.Host))
        {
            return (null, "must be an absolute https:// URL");
        }

        if (url.Scheme == "http" && !allowHttp)
        {
            return (null, "must use https (http is accepted only where the operator allows it: Kano:Webhooks:AllowHttp)");
        }

        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            return (null, "must not carry a user name, password or fragment");
        }

        IPAddress[] resolved;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            resolved = [IPAddress.Parse(url.IdnHost.TrimStart('[').TrimEnd(']'))];
        }
        else
        {
            try
            {
                resolved = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return (null, $"names a host that does not resolve ({url.IdnHost})");
            }
        }

        if (resolved.Length == 0)
        {
            return (null, $"names a host that does not resolve ({url.IdnHost})");
        }

        return resolved.FirstOrDefault(address => !Allows(address)) is { } refused
            ? (null, $"reaches {Refusal(refused)}")
            : (url, null);
    }
}
