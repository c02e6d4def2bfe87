namespace KanoApi.Infrastructure;

/// <summary>
/// Cross-origin access for browser apps, closed by default: only the origins listed in
/// <c>Kano:Cors:Origins</c> get CORS headers. Keys travel in a header, never cookies, so credentials stay off.
/// </summary>
public static class Cors
{
    public const string OriginsSetting = "Kano:Cors:Origins";

    public static IServiceCollection AddKanoCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(OriginsSetting).Get<string[]>()?
            .Where(origin => !string.IsNullOrWhiteSpace(origin))
            .Select(origin => origin.Trim().TrimEnd('/'))
            .ToArray() ?? [];
        services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins);
            }

            policy
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders(ApiKeys.HeaderName, "Content-Type", "Accept", "Accept-Language", "Idempotency-Key", "If-Match", "If-None-Match")
                .WithExposedHeaders("ETag", "Location", "Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
        return services;
    }
}
