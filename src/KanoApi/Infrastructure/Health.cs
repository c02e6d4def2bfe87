using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KanoApi.Infrastructure;

/// <summary>Ready means: the database answers a query and every migration this build carries is applied.</summary>
public sealed class DatabaseReadyCheck(Database database, Migrations migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            var pending = await migrations.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; migrations applied.")
                : HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", exception);
        }
    }
}

/// <summary>The body of a health answer.</summary>
/// <param name="Status">healthy, degraded or unhealthy.</param>
/// <param name="Checks">Each check by name with its status and description.</param>
public sealed record HealthStatus(string Status, IReadOnlyDictionary<string, HealthCheckStatus>? Checks = null);

public sealed record HealthCheckStatus(string Status, string? Description);

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddKanoHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapKanoHealthChecks(this IEndpointRouteBuilder app)
    {
        // Orchestrators probe often and from one address: health answers are cheap and never rate limited.
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();

        // Liveness runs no check: the process answering is the whole answer.
        health.MapGet("/live", () => TypedResults.Ok(new HealthStatus("healthy")))
            .WithName("GetLiveness")
            .WithSummary("Liveness: the process is up")
            .WithDescription("Answers 200 while the process runs. No API key needed.");

        health.MapGet("/ready", GetReadiness)
            .WithName("GetReadiness")
            .Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: database reachable and migrations applied")
            .WithDescription("200 when the database answers and every migration is applied; otherwise 503. No API key needed.");
        return app;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetReadiness(
        HealthCheckService healthChecks, CancellationToken cancellationToken)
    {
        var report = await healthChecks.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var body = new HealthStatus(
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthCheckStatus(entry.Value.Status.ToString().ToLowerInvariant(), entry.Value.Description)));
        return report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? TypedResults.Ok(body)
            : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
