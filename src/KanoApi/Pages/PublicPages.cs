using Kano.Analysis;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Pages;

/// <summary>Endpoint metadata that marks a public page (anonymous, HTML, the page CSP and the page rate limit).</summary>
public sealed class PublicPageMetadata
{
    public static readonly PublicPageMetadata Instance = new();
}

/// <summary>
/// What every public page (the hosted form, the report) shares: server-rendered Razor components
/// (RazorComponentResult, no interactivity, so no script at all), one stylesheet served by this app, a strict
/// Content-Security-Policy, antiforgery for forms, the same 404 page for every dead link, and a per-address rate limit.
/// </summary>
public static class PublicPages
{
    /// <summary>Nothing but this service's stylesheet and its own form posts; no script of any kind, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The cookie and form field of the antiforgery token a page's form carries.</summary>
    public const string AntiforgeryCookie = "kano-antiforgery";
    public const string AntiforgeryField = "__antiforgery";

    public static IServiceCollection AddKanoPages(this IServiceCollection services)
    {
        // Vietnamese text as text, not as &#x...; escapes for every letter with a diacritic (still HTML-escaped).
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookie;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = AntiforgeryField;
            // SecurityHeaders already sends X-Frame-Options: DENY (and frame-ancestors 'none').
            options.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    /// <summary>Marks an endpoint as a public page: anonymous, out of the API description, with the page headers and rate limit.</summary>
    public static TBuilder AsPublicPage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().ExcludeFromDescription().WithMetadata(PublicPageMetadata.Instance);

    public static bool IsPublicPage(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<PublicPageMetadata>() is not null;

    /// <summary>
    /// Whether the request's path lies where public pages live (the first segment of a public page's route: /f/, /r/,
    /// the stylesheets' folders). Routing's 405 endpoint for a page path carries none of the page's metadata, so this
    /// is how it is known to be a page's: read once from the app's endpoints, never a list kept by hand.
    /// </summary>
    public static bool IsUnderPublicPage(this HttpContext context)
    {
        var firstSegments = PageFirstSegments.GetOrAdd(context.RequestServices.GetRequiredService<EndpointDataSource>(), static endpoints =>
            endpoints.Endpoints.OfType<RouteEndpoint>()
                .Where(endpoint => endpoint.Metadata.GetMetadata<PublicPageMetadata>() is not null)
                .Select(endpoint => endpoint.RoutePattern.PathSegments.FirstOrDefault()?.Parts.SingleOrDefault())
                .OfType<Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart>()
                .Select(literal => literal.Content)
                .ToHashSet(StringComparer.OrdinalIgnoreCase));
        var path = context.Request.Path.Value ?? "";
        var end = path.IndexOf('/', 1);
        return path.Length > 1 && firstSegments.Contains(end < 0 ? path[1..] : path[1..end]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EndpointDataSource, HashSet<string>> PageFirstSegments = [];

    /// <summary>The stylesheet every page links to.</summary>
    public static IEndpointRouteBuilder MapPageAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet(Stylesheet.Route, (HttpResponse response) =>
            {
                // The path carries the stylesheet's hash, so a changed sheet has a new address and may be cached for long.
                response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return TypedResults.Text(Stylesheet.Content, "text/css; charset=utf-8");
            })
            .AsPublicPage();
        return app;
    }

    /// <summary>The one answer for an unknown, revoked, expired or full link: a 404 page that says which of these it was to nobody.</summary>
    public static RazorComponentResult<NotFoundPage> LinkNotFound(Language language) =>
        new(new Dictionary<string, object?> { [nameof(NotFoundPage.Language)] = language })
        {
            StatusCode = StatusCodes.Status404NotFound,
        };

    /// <summary>A page that only says something (an address that cannot be used, a closed form), in the reader's language.</summary>
    public static RazorComponentResult<MessagePage> Message(Language language, string title, string message, int statusCode) =>
        new(new Dictionary<string, object?>
        {
            [nameof(MessagePage.Language)] = language,
            [nameof(MessagePage.Title)] = title,
            [nameof(MessagePage.Message)] = message,
        })
        {
            StatusCode = statusCode,
        };

    /// <summary>The 429 answer of a page, as a page (a person reads it, not a client).</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext context) =>
        new RazorComponentResult<TooManyRequestsPage>(new Dictionary<string, object?>
        {
            [nameof(TooManyRequestsPage.Language)] = Languages.Choose(context.Request, Language.English),
        })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        }.ExecuteAsync(context);
}

/// <summary>The pages' one stylesheet, embedded in the assembly (Pages/kano.css).</summary>
public static class Stylesheet
{
    public const string Route = "/pages/{hash}/kano.css";

    public static string Content { get; } = Read();

    /// <summary>The address pages link to, changing whenever the sheet does.</summary>
    public static string Path { get; } =
        $"/pages/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Content)))[..12]}/kano.css";

    private static string Read()
    {
        using var stream = typeof(Stylesheet).Assembly.GetManifestResourceStream("pages/kano.css")
            ?? throw new InvalidOperationException("The embedded stylesheet pages/kano.css is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
