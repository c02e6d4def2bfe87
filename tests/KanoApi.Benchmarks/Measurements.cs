using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using KanoApi.Testing;

namespace KanoApi.Benchmarks;

internal sealed record BenchmarkOptions(
    int Features, long Respondents, long SmallRespondents, long JsonRespondents, int BatchSize, int Samples, int FilteredSamples,
    int Clients, int Seconds, string? ReportPath, string? ServiceDll, bool Keep, string Provider = "sqlite", IReadOnlySet<string>? Figures = null,
    int Repeats = 3)
{
    /// <summary>The names <c>--figures</c> takes, each a group of figures (figure 1, the references, is always measured).</summary>
    public static readonly string[] FigureNames = ["json", "csv", "xlsx", "fresh", "filtered", "waves", "throughput", "heavy", "startup"];

    /// <summary>Whether the run measures the figures named <paramref name="name"/> (all unless <c>--figures</c> chose some).</summary>
    public bool Measures(string name) => Figures is null || Figures.Contains(name);

    /// <summary>The stores measured, in order: sqlite, postgres, or both.</summary>
    public IReadOnlyList<string> Stores => Provider == "both" ? ["sqlite", "postgres"] : [Provider];

    public const string Usage = """
        dotnet run -c Release --project tests/KanoApi.Benchmarks -- [options]
          --features N          features per survey (50)
          --respondents N       respondents of the larger survey, imported as CSV (100000)
          --small N             respondents of the smaller survey of figure 3 (respondents / 10)
          --json N              respondents imported as JSON batches (respondents)
          --batch N             responses per JSON batch (200: 50 features x 200 fit the 1 MiB JSON body limit)
          --samples N           fresh-analysis samples per survey (25)
          --filtered-samples N  samples of the analysis by two segments, which reads raw answers (7)
          --clients N           wrk's connections for the throughput figures (32)
          --seconds N           seconds per throughput measurement (5)
          --repeats N           times each reference and import is measured, the median reported (3); figure 5
                                alternates its paths N + 2 times
          --report FILE         also write the figures as Markdown (e.g. docs/benchmarks.md)
          --service PATH        the KanoApi.dll to measure (default: the one built beside this program)
          --keep                keep the temporary databases and service logs
          --figures A,B         only these figures (and figure 1, their reference): json, csv, xlsx, fresh, filtered, waves,
                                throughput (wrk), heavy, startup (default: all)
          --provider P          sqlite (default; needs only the SDK), postgres (a throw-away server of Debian's
                                postgresql package) or both (the two side by side in one run)
        """;

    public static BenchmarkOptions? Parse(string[] args)
    {
        var options = new BenchmarkOptions(50, 100_000, 0, 0, 200, 25, 7, 32, 5, null, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            long Number() => long.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--features": options = options with { Features = (int)Number() }; break;
                case "--respondents": options = options with { Respondents = Number() }; break;
                case "--small": options = options with { SmallRespondents = Number() }; break;
                case "--json": options = options with { JsonRespondents = Number() }; break;
                case "--batch": options = options with { BatchSize = (int)Number() }; break;
                case "--samples": options = options with { Samples = (int)Number() }; break;
                case "--filtered-samples": options = options with { FilteredSamples = (int)Number() }; break;
                case "--clients": options = options with { Clients = (int)Number() }; break;
                case "--seconds": options = options with { Seconds = (int)Number() }; break;
                case "--repeats": options = options with { Repeats = (int)Math.Max(1, Number()) }; break;
                case "--report": options = options with { ReportPath = Next() }; break;
                case "--service": options = options with { ServiceDll = Next() }; break;
                case "--keep": options = options with { Keep = true }; break;
                case "--figures":
                    options = options with { Figures = Next().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet() };
                    if (options.Figures!.Except(FigureNames).Any())
                    {
                        return null;
                    }

                    break;
                case "--provider":
                    options = options with { Provider = Next() };
                    if (options.Provider is not ("sqlite" or "postgres" or "both"))
                    {
                        return null;
                    }

                    break;
                default: return null;
            }
        }

        if (options.SmallRespondents <= 0)
        {
            options = options with { SmallRespondents = Math.Max(1, options.Respondents / 10) };
        }

        return options.JsonRespondents > 0 ? options : options with { JsonRespondents = options.Respondents };
    }
}

/// <summary>A CSV body written while it is sent (chunked), so neither side holds the whole file.</summary>
internal sealed class StreamingCsvContent : HttpContent
{
    private readonly SyntheticSurvey survey;
    private readonly long first;
    private readonly long count;

    public StreamingCsvContent(SyntheticSurvey survey, long first, long count)
    {
        (this.survey, this.first, this.count) = (survey, first, count);
        Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        survey.WriteCsvAsync(stream, first, count);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

internal static class Http
{
    public static async Task<long> CreateSurveyAsync(HttpClient client, string name, int features)
    {
        using var created = await client.PostAsJsonAsync("v1/surveys", new { name });
        await ExpectAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var f = 0; f < features; f++)
        {
            using var feature = await client.PostAsJsonAsync($"v1/surveys/{id}/features", new { key = SyntheticSurvey.FeatureKey(f), name = $"Feature {f}" });
            await ExpectAsync(feature, HttpStatusCode.Created);
        }

        return id;
    }

    public static async Task ExpectStoredAsync(HttpResponseMessage response, long stored)
    {
        await ExpectAsync(response, HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var actual = body.GetProperty("stored").GetInt64();
        if (actual != stored)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} stored {actual}, expected {stored}.");
        }
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body[..Math.Min(body.Length, 2000)]}");
        }
    }
}

internal sealed record LatencySample(double P50, double P95, double? ServerP50, double? ServerP95, int Samples)
{
    public string Describe() =>
        $"p50 {P50:0.0} ms, p95 {P95:0.0} ms" + (ServerP50 is { } s ? $" (server {s:0.0} / {ServerP95:0.0} ms)" : "");

    public (string, object?)[] Fields(long respondents) =>
    [
        ("respondents", respondents), ("samples", Samples), ("p50Milliseconds", P50), ("p95Milliseconds", P95),
        ("serverP50Milliseconds", ServerP50), ("serverP95Milliseconds", ServerP95),
    ];
}

internal static class Latency
{
    /// <summary>
    /// Before each timed read, one new response is posted, so the survey's data version (the ETag) has changed and
    /// nothing cached can answer. The client-side time is over loopback; the server-side one is read from a
    /// <c>Server-Timing: app;dur=…</c> header where the service sends it.
    /// </summary>
    public static async Task<LatencySample> FreshAsync(HttpClient client, SyntheticSurvey survey, long surveyId, string query, int samples, string keyPrefix)
    {
        const int warmUp = 2;
        var client_ = new List<double>();
        var server = new List<double>();
        for (var i = 0; i < samples + warmUp; i++)
        {
            using (var body = new ByteArrayContent(survey.ResponseJson(1_000_000_000 + i, $"{keyPrefix}{i}")) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } })
            using (var posted = await client.PostAsync($"v1/surveys/{surveyId}/responses", body))
            {
                await Http.ExpectAsync(posted, HttpStatusCode.Created);
            }

            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync($"v1/surveys/{surveyId}/analysis{query}");
            await response.Content.LoadIntoBufferAsync();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            await Http.ExpectAsync(response, HttpStatusCode.OK);
            if (i < warmUp)
            {
                continue;
            }

            client_.Add(elapsed);
            if (ServerDuration(response) is { } duration)
            {
                server.Add(duration);
            }
        }

        return new LatencySample(
            Percentile(client_, 50), Percentile(client_, 95),
            server.Count == client_.Count ? Percentile(server, 50) : null,
            server.Count == client_.Count ? Percentile(server, 95) : null,
            samples);
    }

    private static double? ServerDuration(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.TrimEntries)))
        {
            if (part.StartsWith("dur=", StringComparison.Ordinal)
                && double.TryParse(part[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var duration))
            {
                return duration;
            }
        }

        return null;
    }

    internal static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var model = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total
            && long.TryParse(total.Split(' ')[0], CultureInfo.InvariantCulture, out var kilobytes)
            ? $"{kilobytes / 1048576.0:0} GB RAM"
            : "RAM unknown";
        return $"{Environment.ProcessorCount} cores ({model}), {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? ReadField(string file, string name)
    {
        try
        {
            return File.ReadLines(file)
                .Where(line => line.StartsWith(name, StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>
/// A figure measured several times in one run (<see cref="BenchmarkOptions.Repeats"/>): the median is the figure, the
/// spread is shown beside it. These machines are shared: one import took anywhere from 9 to 14 s in six runs of the
/// same code, so a single measurement could not tell a change from the neighbours' load.
/// </summary>
internal sealed class Repeated(IReadOnlyList<double> values)
{
    public IReadOnlyList<double> Values { get; } = values;

    public double Median
    {
        get
        {
            var sorted = Values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>"" for one value; else " (median of 3: 412,000-468,000)", each value written by <paramref name="format"/>.</summary>
    public string Spread(Func<double, string> format) =>
        Values.Count == 1 ? "" : $" (median of {Values.Count}: {format(Values.Min())}-{format(Values.Max())})";

    public static async Task<Repeated> MeasureAsync(int times, Func<int, Task<double>> measure)
    {
        var values = new List<double>(times);
        for (var i = 0; i < times; i++)
        {
            values.Add(await measure(i));
        }

        return new Repeated(values);
    }
}
