using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace KanoApi.Benchmarks;

/// <summary>
/// Figure 9: what other clients' heavy reads do to a cached read. The cached analysis's latency, one request at a
/// time, first on an idle server and then while <c>heavyClients</c> loops ask for heavy reads nothing cached can
/// answer: the segment comparison and the wave comparison with <c>maxQuestionable</c> (which reads raw answers, not
/// the aggregates) and a threshold never asked before, so a new ETag and a full computation every time — the issue's
/// "each new maxQuestionable value recomputes". The figure is the ratio of the two p95s (issue 18: "not above a few
/// times its idle value").
/// </summary>
internal static class HeavyReadLoad
{
    public sealed record Result(LatencySample Idle, LatencySample Loaded, long HeavyAnswered, long HeavyBusy)
    {
        public double Ratio => Loaded.P95 / Idle.P95;
    }

    public static async Task<Result> MeasureAsync(HttpClient client, long surveyId, int heavyClients, int samples)
    {
        var cachedPath = $"v1/surveys/{surveyId}/analysis";
        using (var warm = await client.GetAsync(cachedPath))
        {
            warm.EnsureSuccessStatusCode();
        }

        var idle = await CachedLatencyAsync(client, cachedPath, samples, () => true);

        long answered = 0, busy = 0, next = 0;
        using var stop = new CancellationTokenSource();
        var heavy = Enumerable.Range(0, heavyClients).Select(async worker =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Thresholds 6.01, 6.02, …: each a new representation (at most two decimals are accepted).
                var n = Interlocked.Increment(ref next);
                var threshold = (6 + n / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
                var filter = $"maxQuestionable={n % 10}&threshold={threshold}";
                var path = n % 2 == 0
                    ? $"v1/surveys/{surveyId}/analysis/segments?by=plan&{filter}"
                    : $"v1/surveys/{surveyId}/analysis/waves?{filter}";
                try
                {
                    using var response = await client.GetAsync(path, stop.Token);
                    await response.Content.LoadIntoBufferAsync(stop.Token);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        // No turn in time: the answer the service gives a heavy read under load; it is retried as a new one.
                        Interlocked.Increment(ref busy);
                    }
                    else
                    {
                        response.EnsureSuccessStatusCode();
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }).ToArray();

        // Let the heavy reads fill the service's turns and queue before the cached reads are timed, and keep timing
        // until every heavy client has had two answers: the cached reads then span whole heavy computations, not the
        // first second of one.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var loaded = await CachedLatencyAsync(client, cachedPath, samples,
            () => Interlocked.Read(ref answered) + Interlocked.Read(ref busy) >= 2 * heavyClients);
        await stop.CancelAsync();
        await Task.WhenAll(heavy);
        return new Result(idle, loaded, Interlocked.Read(ref answered), Interlocked.Read(ref busy));
    }

    /// <summary>
    /// One cached read at a time, whole bodies read, two warm-up reads not counted: at least <paramref name="samples"/>,
    /// and on until <paramref name="enough"/> (at most two minutes).
    /// </summary>
    private static async Task<LatencySample> CachedLatencyAsync(HttpClient client, string path, int samples, Func<bool> enough)
    {
        var times = new List<double>(samples);
        var limit = Stopwatch.StartNew();
        for (var i = 0; i < samples + 2 || (!enough() && limit.Elapsed < TimeSpan.FromMinutes(2)); i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.LoadIntoBufferAsync();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (i >= 2)
            {
                times.Add(elapsed);
            }
        }

        return new LatencySample(Latency.Percentile(times, 50), Latency.Percentile(times, 95), null, null, times.Count);
    }
}
