using System.Globalization;
using System.Threading.RateLimiting;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KanoApi.Analysis;

/// <summary>How many heavy reads this instance computes at once, and how long a request waits for its turn (<c>Kano:HeavyReads</c>).</summary>
public sealed class HeavyReadOptions
{
    public const string Section = "Kano:HeavyReads";

    /// <summary>Heavy reads computed at once; default half the processors (at least one), so the rest serve everybody else.</summary>
    public int? Concurrency { get; set; }

    /// <summary>Heavy reads that may wait for a turn; one more is answered 503 at once.</summary>
    public int Queue { get; set; } = 32;

    /// <summary>How long a heavy read waits for its turn before it is answered 503.</summary>
    public int WaitSeconds { get; set; } = 10;
}

/// <summary>
/// The turns of heavy reads: a read that costs <see cref="Threshold"/> or more (the segment and wave comparisons, the
/// respondent-quality pass, the report) and is not answered from the cache or with 304 computes only when it holds a
/// turn. Cached reads never wait for one, so however many heavy reads clients ask for, at most
/// <see cref="HeavyReadOptions.Concurrency"/> processors are busy with them and the others keep serving cached
/// answers at their usual latency (decision 0013). Per instance; the rate limits bound what one client may ask.
/// </summary>
public sealed class HeavyReads : IDisposable
{
    /// <summary>The request cost (<see cref="RequestCost"/>) from which a read is heavy.</summary>
    public const int Threshold = 5;

    private readonly ConcurrencyLimiter limiter;
    private readonly TimeSpan wait;

    public HeavyReads(IOptions<HeavyReadOptions> options)
    {
        var settings = options.Value;
        Concurrency = Math.Max(1, settings.Concurrency ?? Environment.ProcessorCount / 2);
        wait = TimeSpan.FromSeconds(Math.Max(0, settings.WaitSeconds));
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Concurrency,
            QueueLimit = Math.Max(0, settings.Queue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Heavy reads computed at once.</summary>
    public int Concurrency { get; }

    /// <summary>Heavy reads waiting for a turn now.</summary>
    public long Waiting => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Whether the request's endpoint is a heavy read.</summary>
    public static bool IsHeavy(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<RequestCost>()?.Permits >= Threshold;

    /// <summary>
    /// Waits for a turn, up to the configured wait; the lease is the turn (dispose it when the answer is computed).
    /// A lease that is not acquired means: too many heavy reads already, answer <see cref="Busy"/>.
    /// </summary>
    public async ValueTask<RateLimitLease> TakeTurnAsync(CancellationToken cancellationToken)
    {
        using var waited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waited.CancelAfter(wait);
        try
        {
            return await limiter.AcquireAsync(1, waited.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FailedLease.Instance;
        }
    }

    /// <summary>The 503 a heavy read gets when it found no turn in time: retry, or narrow the request.</summary>
    public ProblemHttpResult Busy(HttpContext http)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many heavy reads at once",
            detail: $"This instance computes at most {Concurrency} comparison, report or respondent-quality answer(s) at once and none was free in time; nothing is wrong with the request. Retry after {seconds} seconds (answers already computed are served at once).");
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>No turn: what <see cref="TakeTurnAsync"/> returns when the wait ran out.</summary>
    private sealed class FailedLease : RateLimitLease
    {
        public static readonly FailedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Registration of <see cref="HeavyReads"/>, and how an endpoint declares itself one.</summary>
public static class HeavyReadsRegistration
{
    /// <summary>
    /// A heavy read: costs <paramref name="permits"/> (at least <see cref="HeavyReads.Threshold"/>) of the caller's
    /// allowance, computes only with a turn, and may answer 503 when none is free in time.
    /// </summary>
    public static RouteHandlerBuilder HeavyRead(this RouteHandlerBuilder builder, int permits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, HeavyReads.Threshold);
        return builder.Costs(permits).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    public static IServiceCollection AddKanoHeavyReads(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HeavyReadOptions>(configuration.GetSection(HeavyReadOptions.Section));
        services.AddSingleton<HeavyReads>();
        return services;
    }
}
