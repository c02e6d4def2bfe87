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
    public static string Root(HttpRequest request, IConfiguration configuration) =>
        Configured(configuration) ?? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');

    /// <summary>
    /// The configured public address with no trailing slash, or null when unset: what work outside a request (webhook
    /// bodies) can use, and what a proxy in front may not pass on as the request's host (the form's origin check).
    /// </summary>
    public static string? Configured(IConfiguration configuration) =>
        configuration[Setting] is { } configured && !string.IsNullOrWhiteSpace(configured) ? configured.Trim().TrimEnd('/') : null;

    /// <summary>The absolute address of <paramref name="path"/> (which starts with '/').</summary>
    public static string Of(HttpRequest request, IConfiguration configuration, string path) => Root(request, configuration) + path;
}
