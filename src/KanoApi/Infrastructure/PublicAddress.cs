namespace KanoApi.Infrastructure;

/// <summary>
/// The service's public address, for the absolute links it hands out (form and report links, the report link in
/// backlog exports): the configured <see cref="Setting"/>, else this request's scheme, host and path base.
/// </summary>
public static class PublicAddress
{
    /// <summary>Configuration key of the public address (e.g. https://kano.example.com); the request's own address when unset.</summary>
    public const string Setting = "Kano:PublicBaseUrl";

    /// <summary>The public address with no trailing slash.</summary>
    public static string Root(HttpRequest request, IConfiguration configuration)
    {
        var configured = configuration[Setting];
        var root = string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.Trim();
        return root.TrimEnd('/');
    }

    /// <summary>The absolute address of <paramref name="path"/> (which starts with '/').</summary>
    public static string Of(HttpRequest request, IConfiguration configuration, string path) => Root(request, configuration) + path;
}
