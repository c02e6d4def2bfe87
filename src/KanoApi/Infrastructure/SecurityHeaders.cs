using KanoApi.Pages;

namespace KanoApi.Infrastructure;

/// <summary>
/// The OWASP REST Security Cheat Sheet's response headers, on every answer — problems, health and Swagger
/// included. The API's answers are data, never pages: nothing may be framed, sniffed, scripted or cached.
/// Swagger UI is a page, so it gets a policy that lets its own scripts and styles run, and may be cached.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    // Swagger UI loads its own scripts (no inline ones), sets inline styles and shows data: images (its logo).
    public const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    /// <summary>First in the pipeline, so even the answers of earlier short-circuits carry the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var swagger = context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
                var page = context.IsPublicPage();
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // An endpoint may set its own (the form page lets its own post name its origin: see FormsApi).
                if (!headers.ContainsKey("Referrer-Policy"))
                {
                    headers["Referrer-Policy"] = "no-referrer";
                }

                // An endpoint may set its own (the API's report page takes the page policy while it needs a key).
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = swagger ? SwaggerContentSecurityPolicy : page ? PublicPages.ContentSecurityPolicy : ApiContentSecurityPolicy;
                }

                // Routing's 404 and 405 under a page's path carry no page metadata, but answer a link's address all the same.
                if (page || context.IsUnderPublicPage())
                {
                    // Links are private to the people they were sent to: keep them out of search engines.
                    headers["X-Robots-Tag"] = "noindex, nofollow";
                }

                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // Answers depend on the key that asked: no shared cache may keep them, unless an endpoint says otherwise.
                if (!swagger && !headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
