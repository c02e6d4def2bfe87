using KanoApi.Infrastructure;

namespace KanoApi.Forms;

/// <summary>
/// Whether a form post comes from the form's own site, by what the browser says about where the post was made
/// (OWASP CSRF Prevention Cheat Sheet: "Verifying Origin with standard headers", "Fetch Metadata"). A guard beside the
/// antiforgery token and its SameSite cookie, which already stop another site's post; this one stops it before the
/// body is read. A client that sends neither header (a script, an old browser) is left to those two guards.
/// </summary>
internal static class FormOrigin
{
    /// <summary>The form page's Referrer-Policy: with no-referrer, browsers send <c>Origin: null</c> on the page's own post.</summary>
    public const string PageReferrerPolicy = "same-origin";

    /// <summary>
    /// False when <c>Sec-Fetch-Site</c> is sent and is neither same-origin nor none (the person's own navigation), or
    /// when <c>Origin</c> is sent and is not this service's origin: the request's own scheme and host, or the origin of
    /// the configured public address (<c>Kano:PublicBaseUrl</c>), which a proxy in front may not pass on as the host.
    /// </summary>
    public static bool IsOwnSite(HttpRequest request, IConfiguration configuration)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.ToString() is not ("same-origin" or "none"))
        {
            return false;
        }

        if (!request.Headers.TryGetValue("Origin", out var sent))
        {
            return true;
        }

        // "null" (an opaque origin: a sandboxed frame, a data: page) and several values name no site of ours.
        var origin = OriginOf(sent.ToString());
        return origin is not null
            && (origin == OriginOf($"{request.Scheme}://{request.Host}") || origin == OriginOf(PublicAddress.Configured(configuration)));
    }

    /// <summary>scheme://host[:port] of an http(s) address, in the form Uri normalises to (lower case, default port left out).</summary>
    private static string? OriginOf(string? address) =>
        Uri.TryCreate(address?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
