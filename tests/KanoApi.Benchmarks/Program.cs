// The performance harness of issue 7. One run measures, on this machine and in this order:
//   1. the storage's raw rate (SQLite, prepared commands, one transaction), the reference of the import ratios;
//  1b. the bare limit: the same pairs into a table of only (respondent, feature, functional, dysfunctional);
//   2. the same pairs imported through HTTP as JSON batches and as one streamed CSV, as ratios to (1) and (1b);
//   6. the service's peak RSS during that CSV import;
//   3. fresh analysis latency (a write before every read) on both surveys, and their ratio;
//   4. filtered analysis latency (one segment value, read from its aggregates) on the larger survey;
//   8. the wave comparison of its four waves;
//   5. cached analysis throughput with concurrent clients, as a ratio to /health/live on the same server;
//   7. start-up time on the database the run filled, next to start-up on an empty one.
// It prints one JSON line per figure as it goes and the table at the end; --report FILE writes the Markdown.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using KanoApi.Benchmarks;
using KanoApi.Testing;

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var runClock = Stopwatch.StartNew();
if (options.Provider == "postgres")
{
    var postgresReport = new Report();
    var status = await PostgresBenchmark.RunAsync(options, postgresReport, Progress);
    Console.WriteLine(postgresReport.Table());
    if (options.ReportPath is { } postgresReportPath)
    {
        var postgresCommand = "dotnet run -c Release --project tests/KanoApi.Benchmarks -- " + string.Join(' ', args.Where((_, i) => !IsReportArgument(i)));
        await File.WriteAllTextAsync(postgresReportPath, postgresReport.Markdown(postgresCommand, Machine.Describe(), runClock.Elapsed));
    }

    return status;
}

var work = Directory.CreateTempSubdirectory("kano-bench-").FullName;
var survey = new SyntheticSurvey(options.Features);
var report = new Report();
var largeAnswers = options.Respondents * options.Features;
var smallAnswers = options.SmallRespondents * options.Features;
Progress($"work folder {work}; {options.Features} features; {options.Respondents:N0} and {options.SmallRespondents:N0} respondents");

ServiceProcess? service = null;
try
{
    // 1. Storage limit.
    Progress($"1. storage limit: {largeAnswers:N0} answers through a prepared command in one transaction");
    // A small warm-up first, so the reference rate is not charged with compiling the insert path.
    StorageLimit.Measure(Path.Combine(work, "warm-up.db"), survey, 1000, 1000);
    DeleteDatabase(Path.Combine(work, "warm-up.db"));
    var storage = StorageLimit.Measure(Path.Combine(work, "storage.db"), survey, options.Respondents, options.SmallRespondents);
    DeleteDatabase(Path.Combine(work, "storage.db"));
    report.Add("storage", $"1. Storage limit: SQLite, prepared, one transaction ({largeAnswers:N0} answers)",
        $"{storage.AnswersPerSecond:N0} answers/s", "reference", null,
        ("answers", storage.Answers), ("seconds", storage.Elapsed.TotalSeconds), ("answersPerSecond", storage.AnswersPerSecond),
        ("firstAnswers", storage.CheckpointAnswers), ("firstAnswersPerSecond", storage.CheckpointAnswersPerSecond));

    Progress($"1b. bare limit: {largeAnswers:N0} answer pairs into a four-column table with its primary key");
    BareLimit.Measure(Path.Combine(work, "bare-warm-up.db"), survey, 1000);
    DeleteDatabase(Path.Combine(work, "bare-warm-up.db"));
    var bare = BareLimit.Measure(Path.Combine(work, "bare.db"), survey, options.Respondents);
    DeleteDatabase(Path.Combine(work, "bare.db"));
    report.Add("bare-storage", $"1b. Bare limit: (respondent, feature, functional, dysfunctional) + primary key, prepared, one transaction ({largeAnswers:N0} answers)",
        $"{bare.AnswersPerSecond:N0} answers/s", "reference", null,
        ("answers", bare.Answers), ("seconds", bare.Elapsed.TotalSeconds), ("answersPerSecond", bare.AnswersPerSecond));

    var serviceDll = ServiceProcess.FindServiceDll(options.ServiceDll);
    var databasePath = Path.Combine(work, "bench.db");
    service = ServiceProcess.Start(serviceDll, databasePath);
    await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
    using var client = service.CreateClient();

    // 2b. JSON batches: the same pairs as the storage limit and the CSV import, in a survey of their own.
    var jsonSurvey = await Http.CreateSurveyAsync(client, "bench json", options.Features);
    var jsonAnswers = options.JsonRespondents * options.Features;
    Progress($"2. JSON batch import: {options.JsonRespondents:N0} respondents in batches of {options.BatchSize}");
    var jsonElapsed = TimeSpan.Zero;
    for (long first = 0; first < options.JsonRespondents; first += options.BatchSize)
    {
        var count = (int)Math.Min(options.BatchSize, options.JsonRespondents - first);
        // The body is made before the clock starts: the figure is the service's rate, not the client's.
        using var body = new ByteArrayContent(survey.BatchJson(first, count)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync($"v1/surveys/{jsonSurvey}/responses/batch", body);
        await Http.ExpectStoredAsync(response, count);
        jsonElapsed += clock.Elapsed;
    }

    var jsonRate = jsonAnswers / jsonElapsed.TotalSeconds;
    var jsonReference = options.JsonRespondents == options.Respondents ? storage.AnswersPerSecond : storage.CheckpointAnswersPerSecond;
    var jsonRatio = jsonRate / jsonReference;
    report.Add("json-batch-import", $"2. Import, JSON batches of {options.BatchSize} ({jsonAnswers:N0} answers)",
        $"{jsonRate:N0} answers/s = {jsonRatio:0.00}x storage", ">= 0.35x", jsonRatio >= 0.35,
        ("answers", jsonAnswers), ("seconds", jsonElapsed.TotalSeconds), ("answersPerSecond", jsonRate),
        ("ratioToStorage", jsonRatio), ("target", 0.35));

    // The smaller survey of figure 3, imported as CSV (not a figure of its own).
    var small = await Http.CreateSurveyAsync(client, "bench small", options.Features);
    using (var smallCsv = await client.PostAsync($"v1/surveys/{small}/responses/import", new StreamingCsvContent(survey, 0, options.SmallRespondents)))
    {
        await Http.ExpectStoredAsync(smallCsv, options.SmallRespondents);
    }

    // 2a and 6. CSV import of the larger survey, streamed; the service's peak RSS during it.
    var large = await Http.CreateSurveyAsync(client, "bench large", options.Features);
    Progress($"2. CSV import: {options.Respondents:N0} respondents ({largeAnswers:N0} answers), streamed");
    var peakReset = service.ResetPeakResident();
    using var sampling = new CancellationTokenSource();
    var sampledPeak = SamplePeakResidentAsync(service, sampling.Token);
    var csvClock = Stopwatch.StartNew();
    using (var csv = await client.PostAsync($"v1/surveys/{large}/responses/import", new StreamingCsvContent(survey, 0, options.Respondents)))
    {
        await Http.ExpectStoredAsync(csv, options.Respondents);
    }

    var csvElapsed = csvClock.Elapsed;
    await sampling.CancelAsync();
    var peakResident = peakReset ? service.PeakResidentBytes() ?? await sampledPeak : Math.Max(await sampledPeak, 0);
    var csvRate = largeAnswers / csvElapsed.TotalSeconds;
    var csvRatio = csvRate / storage.AnswersPerSecond;
    report.Add("csv-import", $"2. Import, CSV streamed ({largeAnswers:N0} answers)",
        $"{csvRate:N0} answers/s = {csvRatio:0.00}x storage", ">= 0.5x", csvRatio >= 0.5,
        ("answers", largeAnswers), ("seconds", csvElapsed.TotalSeconds), ("answersPerSecond", csvRate),
        ("ratioToStorage", csvRatio), ("target", 0.5));
    var bareRatio = csvRate / bare.AnswersPerSecond;
    report.Add("csv-import-vs-bare", $"2. Import, CSV streamed, against the bare limit ({largeAnswers:N0} answers)",
        $"{csvRate:N0} vs {bare.AnswersPerSecond:N0} answers/s = {bareRatio:0.00}x bare", ">= 0.5x", bareRatio >= 0.5,
        ("answers", largeAnswers), ("answersPerSecond", csvRate), ("bareAnswersPerSecond", bare.AnswersPerSecond),
        ("ratioToBare", bareRatio), ("target", 0.5));
    var peakMegabytes = peakResident / 1048576.0;
    report.Add("memory", $"6. Service peak RSS during the CSV import of {largeAnswers:N0} answers",
        $"{peakMegabytes:N0} MB" + (peakReset ? "" : " (sampled)"), "<= 400 MB", peakMegabytes <= 400,
        ("answers", largeAnswers), ("peakRssMegabytes", peakMegabytes), ("target", 400), ("source", peakReset ? "VmHWM" : "VmRSS samples"));

    // 3. Fresh analysis latency: a write before every read, so no cache can answer.
    Progress($"3. fresh analysis latency: {options.Samples} samples on each survey");
    var smallFresh = await Latency.FreshAsync(client, survey, small, "", options.Samples, "fresh-small-");
    var largeFresh = await Latency.FreshAsync(client, survey, large, "", options.Samples, "fresh-large-");
    report.Add("fresh-analysis-small", $"3. Fresh analysis, {options.SmallRespondents / 1000:N0}k respondents x {options.Features} features",
        smallFresh.Describe(), "reference", null, smallFresh.Fields(options.SmallRespondents));
    var flatness = largeFresh.P50 / smallFresh.P50;
    var largeServerP50 = largeFresh.ServerP50 ?? largeFresh.P50;
    report.Add("fresh-analysis-large", $"3. Fresh analysis, {options.Respondents / 1000:N0}k respondents x {options.Features} features",
        largeFresh.Describe(), "p50 <= 10 ms", largeServerP50 <= 10, largeFresh.Fields(options.Respondents));
    report.Add("fresh-analysis-flatness", $"3. Fresh analysis p50, {options.Respondents / 1000:N0}k / {options.SmallRespondents / 1000:N0}k respondents",
        $"{flatness:0.00}x", "<= 1.5x", flatness <= 1.5,
        ("ratio", flatness), ("target", 1.5));

    // 4. Filtered analysis by one segment value: read from the per-segment-value aggregates.
    Progress($"4. filtered analysis latency: {options.Samples} samples, segment.plan=enterprise");
    var filtered = await Latency.FreshAsync(client, survey, large, "?segment.plan=enterprise", options.Samples, "fresh-filtered-");
    report.Add("filtered-analysis", $"4. Filtered analysis (segment.plan=enterprise), {options.Respondents / 1000:N0}k respondents x {options.Features} features",
        filtered.Describe(), "p50 <= 20 ms", (filtered.ServerP50 ?? filtered.P50) <= 20, filtered.Fields(options.Respondents));

    // Combined filters still sum raw answers: measured for reference, no target.
    Progress($"4b. combined filter latency: {options.FilteredSamples} samples, segment.plan=enterprise&segment.region=north");
    var combined = await Latency.FreshAsync(client, survey, large, "?segment.plan=enterprise&segment.region=north", options.FilteredSamples, "fresh-combined-");
    report.Add("combined-filter-analysis", $"4b. Filtered analysis by two segments (raw answers), {options.Respondents / 1000:N0}k respondents",
        combined.Describe(), "reference", null, combined.Fields(options.Respondents));

    // 8. The wave comparison of the survey's four waves, after a write each time.
    Progress($"8. wave comparison latency: {options.Samples} samples, four waves");
    var waves = await Latency.FreshAsync(client, survey, large, "/waves", options.Samples, "fresh-waves-");
    report.Add("wave-comparison", $"8. Wave comparison, 4 waves, {options.Respondents / 1000:N0}k respondents x {options.Features} features",
        waves.Describe(), "p50 <= 50 ms", (waves.ServerP50 ?? waves.P50) <= 50, waves.Fields(options.Respondents));

    // 5. Cached analysis throughput against liveness on the same server, alternated to spread the noise.
    Progress($"5. cached throughput: {options.Clients} clients, 2 x {options.Seconds} s per path");
    using (var warm = await client.GetAsync($"v1/surveys/{large}/analysis"))
    {
        warm.EnsureSuccessStatusCode();
    }

    var analysisPath = $"v1/surveys/{large}/analysis";
    var duration = TimeSpan.FromSeconds(options.Seconds);
    await Throughput.MeasureAsync(client, "health/live", options.Clients, TimeSpan.FromSeconds(1));
    await Throughput.MeasureAsync(client, analysisPath, options.Clients, TimeSpan.FromSeconds(1));
    double liveTotal = 0, analysisTotal = 0;
    for (var round = 0; round < 2; round++)
    {
        liveTotal += await Throughput.MeasureAsync(client, "health/live", options.Clients, duration);
        analysisTotal += await Throughput.MeasureAsync(client, analysisPath, options.Clients, duration);
    }

    var cachedRatio = analysisTotal / liveTotal;
    report.Add("cached-analysis-throughput", $"5. Cached analysis, {options.Clients} clients, vs /health/live",
        $"{analysisTotal / 2:N0} vs {liveTotal / 2:N0} req/s = {cachedRatio:0.00}x", ">= 0.5x", cachedRatio >= 0.5,
        ("analysisRequestsPerSecond", analysisTotal / 2), ("liveRequestsPerSecond", liveTotal / 2), ("clients", options.Clients),
        ("ratio", cachedRatio), ("target", 0.5));

    // 7. Start-up: the filled database against an empty one (both already migrated), median of three each.
    Progress("7. start-up: three starts on the filled database and three on an empty one");
    await service.StopAsync(TimeSpan.FromMinutes(1));
    await service.DisposeAsync();
    service = null;
    var totalAnswers = await Sql.CountAnswersAsync(databasePath);
    var filledStart = await StartUp.MedianReadyAsync(serviceDll, databasePath, 3);
    var emptyPath = Path.Combine(work, "empty.db");
    await StartUp.MedianReadyAsync(serviceDll, emptyPath, 1);
    var emptyStart = await StartUp.MedianReadyAsync(serviceDll, emptyPath, 3);
    report.Add("start-up", $"7. Start-up until ready, database of {totalAnswers:N0} answers",
        $"{filledStart.TotalMilliseconds:N0} ms (empty database: {emptyStart.TotalMilliseconds:N0} ms, {filledStart / emptyStart:0.00}x)",
        "<= 2000 ms", filledStart.TotalMilliseconds <= 2000,
        ("answers", totalAnswers), ("readyMilliseconds", filledStart.TotalMilliseconds),
        ("emptyReadyMilliseconds", emptyStart.TotalMilliseconds), ("ratioToEmpty", filledStart / emptyStart), ("target", 2000));
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The run stopped: {exception}");
    Console.Error.WriteLine($"Service logs are in {work}");
    Console.WriteLine(report.Table());
    return 1;
}
finally
{
    // Never leave the service running behind the harness, whatever stopped the run.
    if (service is not null)
    {
        await service.DisposeAsync();
    }
}

Console.WriteLine();
Console.WriteLine(report.Table());
var machine = Machine.Describe();
Console.WriteLine($"{machine}; {runClock.Elapsed.TotalMinutes:0.0} min");
if (options.ReportPath is { } reportPath)
{
    var shown = args.Where((_, i) => !IsReportArgument(i)).ToArray();
    var command = "dotnet run -c Release --project tests/KanoApi.Benchmarks" + (shown.Length > 0 ? " -- " + string.Join(' ', shown) : "");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
    await File.WriteAllTextAsync(reportPath, report.Markdown(command, machine, runClock.Elapsed));
    Progress($"wrote {reportPath}");
}

if (!options.Keep)
{
    Directory.Delete(work, recursive: true);
}

return 0;

bool IsReportArgument(int index) =>
    args[index] == "--report" || (index > 0 && args[index - 1] == "--report");

static void Progress(string message) =>
    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

static void DeleteDatabase(string path)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(path + suffix);
    }
}

static async Task<long> SamplePeakResidentAsync(ServiceProcess service, CancellationToken cancellationToken)
{
    long peak = 0;
    try
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, service.ResidentBytes() ?? 0);
            await Task.Delay(50, cancellationToken);
        }
    }
    catch (OperationCanceledException)
    {
    }

    return peak;
}
