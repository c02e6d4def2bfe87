// The performance harness. One run measures, on this machine and in this order, on each store chosen (SQLite, and
// with --provider postgres or both, PostgreSQL):
//   1. the storage's raw rate (the service's rows in one transaction), the reference of the import ratios;
//  1b. the bare limit: the same pairs into a table of only (respondent, feature, functional, dysfunctional);
//   2. the same pairs imported through HTTP as JSON batches and as one streamed CSV, as ratios to (1) and (1b),
//      and as an XLSX workbook through the survey-tool export path, as a ratio to the CSV import;
//   6. the service's peak RSS during that CSV import;
//   3. fresh analysis latency (a write before every read) on both surveys, and their ratio;
//   4. filtered analysis latency (one segment value, read from its aggregates) on the larger survey;
//  4c. the same filtered by a wave and two segments (their index ranges intersected), as a ratio to (4);
//   8. the wave comparison of its four waves;
//   5. cached analysis throughput with concurrent clients, as a ratio to /health/live on the same server;
//   9. the cached analysis's p95 while six clients ask for uncached heavy reads, as a ratio to its idle p95;
//   7. start-up time on the database the run filled, next to start-up on an empty one.
// The references and imports are measured --repeats times (3), the median reported with its spread; figure 5 alternates
// its paths in --repeats + 2 rounds and reports the median round's ratio.
// It prints one JSON line per figure as it goes and the table at the end; --report FILE writes the Markdown.
using System.Diagnostics;
using KanoApi.Benchmarks;
using KanoApi.Testing;

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var runClock = Stopwatch.StartNew();
var work = Directory.CreateTempSubdirectory("kano-bench-").FullName;
var survey = new SyntheticSurvey(options.Features);
var report = new Report();
Progress($"work folder {work}; {options.Features} features; {options.Respondents:N0} and {options.SmallRespondents:N0} respondents; {string.Join(" and ", options.Stores)}");

try
{
    foreach (var name in options.Stores)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        using BenchmarkStore store = name == "postgres" ? new PostgresStore(folder) : new SqliteStore(folder);
        report.BeginStore(store.Name, store.IdPrefix);
        var references = await store.MeasureReferencesAsync(survey, options, report, Progress);
        await ServiceFigures.RunAsync(store, references, survey, options, report, Progress);
    }
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The run stopped: {exception}");
    Console.Error.WriteLine($"Service logs are in {work}");
    Console.WriteLine(report.Table());
    return 1;
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
