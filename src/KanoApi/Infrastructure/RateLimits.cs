using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using KanoApi.Pages;
using Microsoft.Extensions.Options;

namespace KanoApi.Infrastructure;

/// <summary>Request rates (OWASP API4:2023), bound from <c>Kano:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Kano:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Per admin or read key and client address.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Per collect key and client address: the key a public form carries, so the tightest.</summary>
    public int CollectPermitsPerMinute { get; set; } = 120;

    /// <summary>
    /// Per workspace, whatever the key or address: a tenant cannot multiply its allowance by making keys (which
    /// <see cref="Limits.ActiveKeysPerWorkspace"/> caps as well).
    /// </summary>
    public int WorkspacePermitsPerMinute { get; set; } = 3000;

    /// <summary>Per client address, for requests without a valid key (each still costs a key lookup).</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 60;

    /// <summary>Per client address: the public pages (hosted form, report), their stylesheet and form posts.</summary>
    public int PagePermitsPerMinute { get; set; } = 120;

    /// <summary>Per client address: <c>POST /v1/workspaces</c>, which anyone may call.</summary>
    public int WorkspaceCreationsPerHour { get; set; } = 10;
}

/// <summary>
/// The framework's rate limiter, partitioned by API key (its id, never the secret) and client address, with
/// token buckets: a burst of the whole minute's allowance, refilled one permit at a time. Runs after
/// authentication so it knows the key's scope, and before authorization so floods of bad keys are limited too.
/// </summary>
public static class RateLimits
{
    /// <summary>The endpoint policy for creating workspaces.</summary>
    public const string WorkspaceCreation = "workspace-creation";

    public static IServiceCollection AddKanoRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(options =>
        {
            // Two buckets, both must have a permit: the key's (per address) and its workspace's (all keys and addresses).
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                    if (!settings.Enabled)
                    {
                        return RateLimitPartition.GetNoLimiter("off");
                    }

                    var address = ClientAddress(context);
                    if (context.IsPublicPage())
                    {
                        return PerMinute($"page:{address}", settings.PagePermitsPerMinute);
                    }

                    return context.User.FindFirst(KanoClaims.KeyId)?.Value is { } keyId
                        ? context.User.ScopeOf() == Scopes.Collect
                            ? PerMinute($"collect:{keyId}:{address}", settings.CollectPermitsPerMinute)
                            : PerMinute($"key:{keyId}:{address}", settings.PermitsPerMinute)
                        : PerMinute($"anonymous:{address}", settings.AnonymousPermitsPerMinute);
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                    return settings.Enabled && context.User.FindFirst(KanoClaims.WorkspaceId)?.Value is { } workspaceId
                        ? PerMinute($"workspace:{workspaceId}", settings.WorkspacePermitsPerMinute)
                        : RateLimitPartition.GetNoLimiter("none");
                }));

            options.AddPolicy(WorkspaceCreation, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return settings.Enabled
                    ? RateLimitPartition.GetTokenBucketLimiter($"workspaces:{ClientAddress(context)}", _ => Bucket(settings.WorkspaceCreationsPerHour, TimeSpan.FromHours(1)))
                    : RateLimitPartition.GetNoLimiter("off");
            });

            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                if (context.IsPublicPage())
                {
                    context.Response.Headers.RetryAfter = "60";
                    await PublicPages.WriteTooManyRequestsAsync(context);
                    return;
                }

                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                        Title = "Too many requests",
                        // Only a caller with a valid key is told about keys; anyone else is limited by address alone.
                        Detail = context.User.FindFirst(KanoClaims.KeyId) is null
                            ? $"This address has used its allowance for requests without a valid API key; retry after {seconds} seconds."
                            : $"This API key (from this address) or its workspace as a whole has used its allowance; retry after {seconds} seconds.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// Charges an endpoint's <see cref="RequestCost"/> beyond the one permit the limiter already took, from the same
    /// buckets (the key's and its workspace's), so a heavy read spends more of the caller's allowance than a light one.
    /// Runs right after the rate limiter; a caller that cannot pay gets the limiter's own 429.
    /// </summary>
    public static IApplicationBuilder UseRequestCosts(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var cost = context.GetEndpoint()?.Metadata.GetMetadata<RequestCost>()?.Permits ?? 1;
            var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var limiter = context.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
            // A bucket never holds more than its limit, and the limiter took one permit already, so a cost above the
            // smallest limit is capped to what a full bucket can pay.
            var extra = cost > 1 && settings.Enabled ? Math.Min(cost - 1, SmallestBucket(context, settings) - 1) : 0;
            if (extra > 0 && limiter.GlobalLimiter is { } buckets)
            {
                using var lease = buckets.AttemptAcquire(context, extra);
                if (!lease.IsAcquired)
                {
                    await limiter.OnRejected!(new OnRejectedContext { HttpContext = context, Lease = lease }, context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });

    /// <summary>Declares what a request to this endpoint costs, in requests of the caller's allowance (1 unless declared).</summary>
    public static RouteHandlerBuilder Costs(this RouteHandlerBuilder builder, int permits) =>
        builder.WithMetadata(new RequestCost(permits));

    private static int SmallestBucket(HttpContext context, RateLimitOptions settings)
    {
        if (context.IsPublicPage())
        {
            // A page is charged to its per-address bucket only, whoever calls it.
            return Math.Max(1, settings.PagePermitsPerMinute);
        }

        var own = context.User.FindFirst(KanoClaims.KeyId) is null ? settings.AnonymousPermitsPerMinute
            : context.User.ScopeOf() == Scopes.Collect ? settings.CollectPermitsPerMinute
            : settings.PermitsPerMinute;
        return Math.Max(1, context.User.FindFirst(KanoClaims.WorkspaceId) is null ? own : Math.Min(own, settings.WorkspacePermitsPerMinute));
    }

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => Bucket(permits, TimeSpan.FromMinutes(1)));

    /// <summary>At most <paramref name="permits"/> at once, one more every <paramref name="window"/>/permits.</summary>
    private static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window)
    {
        permits = Math.Max(1, permits);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = window / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>
    /// The connection's address, or the client's as a trusted reverse proxy forwarded it (<see cref="TrustedProxies"/>):
    /// behind a proxy that is not named in Kano:ForwardedHeaders, every client shares the proxy's partition.
    /// </summary>
    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>Endpoint metadata: a request costs this many permits of the caller's rate allowance (README: request costs).</summary>
public sealed record RequestCost(int Permits);
