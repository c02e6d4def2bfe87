using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KanoApi.Benchmarks;

/// <summary>One measured figure on one store: a cell of the table and one JSON line.</summary>
internal sealed record Figure(string Store, string Id, string Title, string Value, string Target, bool? Met, IReadOnlyDictionary<string, object?> Json)
{
    public string MetText => Met switch { true => "met", false => "MISSED", null => "-" };
}

/// <summary>
/// Collects the figures of one run, store by store; prints each JSON line as it comes and the table at the end. With
/// more than one store the table puts each store's figure beside the others', row by row.
/// </summary>
internal sealed class Report
{
    private readonly List<Figure> figures = [];
    private readonly List<string> stores = [];
    private string store = "SQLite";
    private string idPrefix = "";

    /// <summary>The figures added from now on are measured on <paramref name="name"/>.</summary>
    public void BeginStore(string name, string prefix)
    {
        (store, idPrefix) = (name, prefix);
        stores.Add(name);
    }

    public void Add(string id, string title, string value, string target, bool? met, params (string Name, object? Value)[] fields)
    {
        var json = new Dictionary<string, object?> { ["figure"] = idPrefix + id, ["store"] = store };
        foreach (var (name, fieldValue) in fields)
        {
            json[name] = fieldValue is double d ? (double.IsFinite(d) ? Math.Round(d, 4) : null) : fieldValue;
        }

        if (met is not null)
        {
            json["met"] = met;
        }

        var figure = new Figure(store, id, title, value, target, met, json);
        figures.Add(figure);
        Console.WriteLine(JsonSerializer.Serialize(figure.Json));
    }

    /// <summary>Rows of (title, target, one cell per store), in the order the figures were first measured.</summary>
    private List<string[]> Rows(Func<Figure, string> cell) =>
        figures.Select(f => f.Id).Distinct().Select(id =>
        {
            var measured = figures.Where(f => f.Id == id).ToArray();
            var targets = measured.Select(f => f.Target).Distinct().ToArray();
            var target = targets.Length == 1 ? targets[0] : string.Join("; ", measured.Select(f => $"{f.Store}: {f.Target}"));
            return (string[])[measured[0].Title, target, .. stores.Select(s => figures.FirstOrDefault(f => f.Id == id && f.Store == s) is { } f ? cell(f) : "not measured")];
        }).ToList();

    private static string Cell(Figure figure) => figure.Met is null ? figure.Value : $"{figure.Value} ({figure.MetText})";

    public string Table()
    {
        var rows = Rows(Cell);
        string[] header = ["figure", "target", .. stores];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        rows.ForEach(Line);
        return text.ToString();
    }

    public string Markdown(string command, string machine, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine("## Benchmarks");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Latest run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine}; the whole run took {duration.TotalMinutes:0.0} min.");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("""
            Shared machines are noisy, so each target is a ratio to a figure measured in the same run (the storage's raw rate,
            the smaller survey, `/health/live`), except where the issue gives an absolute bound for the harness itself.
            The harness starts the real service (`src/KanoApi`, Release, Kestrel on loopback, `ASPNETCORE_ENVIRONMENT=Production`,
            rate limits off, every other limit at its default) as a child process, once per store: over a fresh SQLite file,
            and (`--provider postgres` or `both`) with `Kano:Database:Provider=postgres` on a throw-away PostgreSQL server
            (Debian's package started with initdb/pg_ctl in a temporary folder, durability off: tests/Shared/PostgresServer.cs).
            Every figure is measured the same way on both stores, each against its own references. The references and the
            imports are measured three times each (`--repeats`), alternated, and the median is the figure, with the spread
            beside it: on these machines one import of the same code took anywhere from 9 to 14 s, so a single measurement
            could not tell a change from the neighbours' load.

            - **Storage reference** (figure 1): the same rows the service stores, in one transaction, into a database with
              the service's schema. SQLite: respondent, segments, answers, then the per-feature aggregates, prepared statements
              bound by position as the service binds its own, the service's pragmas and import page cache. PostgreSQL: respondents, segments and answers by binary `COPY` (no aggregates).
            - **Bare limit** (1b): the same answer pairs into a table of only (respondent, feature, functional,
              dysfunctional) with its primary key, one transaction: what the store costs with no schema of ours (SQLite:
              `WITHOUT ROWID`, one prepared statement bound by position; PostgreSQL: binary `COPY`). The CSV import is also given as a ratio to it.
            - **Imports**: the same 100k respondents x 50 features, deterministic, as JSON batches (each body under the 1 MiB
              JSON limit, made before the clock starts) and as one CSV import streamed from a file written before the clock
              starts (never held whole on either side): the figures are the service's rates, not the harness's.
              Each run imports into a survey of its own; the figures after them read the first.
            - **Peak RSS**: the service's `VmHWM` (reset with `clear_refs` just before each import), the highest of the runs.
            - **Fresh analysis**: one new response is posted before every timed `GET …/analysis`, so the ETag has changed and
              nothing cached can answer; the time is the client's over loopback, an upper bound of the server's.
            - **Filtered analysis**: `?segment.plan=enterprise` (a third of the respondents), also after a write each time;
              one segment value is read from its aggregates. By two segments (`&segment.region=north`) it sums raw answers
              (a reference, no target); by a wave and two segments (`?wave=2026-Q1&segment.plan=enterprise&segment.region=north`,
              a twenty-fourth of the respondents) it intersects their index ranges and sums the chosen respondents' raw
              answers, with a target relative to the one-segment figure.
            - **Wave comparison**: `GET …/analysis/waves` over the survey's four waves, after a write each time.
            - **Cached analysis** (figure 5): measured by `wrk` (Debian's package, found on PATH), not by the harness's own
              HttpClient, which saturated before the service and flattered the ratio: 32 keep-alive connections, full `200`
              bodies (no `If-None-Match`), 1 s of warm-up per path, then five rounds alternating it with `/health/live`, an
              authenticated GET that reads nothing (`/v1/webhooks/event-types`) and the same analysis revalidated with its
              ETag (a `304`: everything a cached read does but send its body), the last two shown as references; each
              round's ratio is of paths measured seconds apart, and the median round's is the figure. With the store at rest: on PostgreSQL after `VACUUM (ANALYZE)`, a `CHECKPOINT` and no autovacuum worker running
              (the imports before it leave the server work of its own; decision 0028), on SQLite as it is.
            - **Cached analysis under heavy reads** (figure 9): the cached analysis, one request at a time (1,000 timed),
              on the idle server and then (at least 1,000, until each heavy client had two answers) while six clients
              loop over uncached heavy reads (`…/analysis/segments?by=plan`
              and `…/analysis/waves` with `maxQuestionable`, which reads raw answers, and a threshold never asked before,
              so each one is computed); the ratio of the two p95s. Heavy reads compute in turns (decision 0013); those
              told to retry (`503`) are counted.
            - **Start-up**: process start to the first `200` from `/health/ready`, median of three, on the database the run
              filled and on an empty, migrated one.

            Durability and concurrency are tested, not measured: `dotnet run -c Release --project tests/KanoApi.CrashTests -- --kills 3`
            (SIGKILL during writes, then integrity, whole-or-nothing batches and aggregates against a recount; CI runs it),
            `ConcurrencyTests` in `tests/KanoApi.Tests` (8 writers x 1,000 responses with readers; part of `dotnet test`) and
            the multi-instance tests in `tests/KanoApi.PostgresTests`.

            """);
        text.AppendLine("| figure | target | " + string.Join(" | ", stores) + " |");
        text.AppendLine("|---|---|" + string.Concat(stores.Select(_ => "---|")));
        foreach (var row in Rows(Cell))
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        var missed = figures.Where(f => f.Met == false).ToArray();
        text.AppendLine();
        text.AppendLine(missed.Length == 0
            ? "Every target was met in this run."
            : "Missed in this run: " + string.Join("; ", missed.Select(f => $"{f.Title} on {f.Store}")) + ".");
        text.AppendLine();
        text.AppendLine("<details><summary>JSON lines of this run</summary>");
        text.AppendLine();
        text.AppendLine("```json");
        foreach (var figure in figures)
        {
            text.AppendLine(JsonSerializer.Serialize(figure.Json));
        }

        text.AppendLine("```");
        text.AppendLine("</details>");
        return text.ToString();
    }
}
