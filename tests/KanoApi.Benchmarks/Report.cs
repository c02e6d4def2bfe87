using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KanoApi.Benchmarks;

/// <summary>One measured figure: a row of the table and one JSON line.</summary>
internal sealed record Figure(string Id, string Title, string Value, string Target, bool? Met, IReadOnlyDictionary<string, object?> Json)
{
    public string MetText => Met switch { true => "met", false => "MISSED", null => "-" };
}

/// <summary>Collects the figures of one run; prints each JSON line as it comes and the table at the end.</summary>
internal sealed class Report
{
    private readonly List<Figure> figures = [];

    public IReadOnlyList<Figure> Figures => figures;

    public void Add(string id, string title, string value, string target, bool? met, params (string Name, object? Value)[] fields)
    {
        var json = new Dictionary<string, object?> { ["figure"] = id };
        foreach (var (name, fieldValue) in fields)
        {
            json[name] = fieldValue is double d ? (double.IsFinite(d) ? Math.Round(d, 4) : null) : fieldValue;
        }

        if (met is not null)
        {
            json["met"] = met;
        }

        var figure = new Figure(id, title, value, target, met, json);
        figures.Add(figure);
        Console.WriteLine(JsonLine(figure));
    }

    public static string JsonLine(Figure figure) => JsonSerializer.Serialize(figure.Json);

    public string Table()
    {
        var rows = figures.Select(f => new[] { f.Title, f.Value, f.Target, f.MetText }).ToList();
        string[] header = ["figure", "measured", "target", "met"];
        var widths = Enumerable.Range(0, 4).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
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
            rate limits off, every other limit at its default) as a child process over a fresh SQLite file.

            - **Storage limit**: the same rows the service stores (respondent, segments, answers, then the aggregates) inserted
              into a second database with the same migrations and pragmas, prepared commands reused in one transaction
              (the per-feature aggregates; not the per-wave and per-segment-value ones).
            - **Bare limit**: the same answer pairs inserted into a table of only (respondent, feature, functional,
              dysfunctional) with its primary key (`WITHOUT ROWID`), one prepared command, one transaction, same pragmas:
              what SQLite costs with no schema of ours. The CSV import is also given as a ratio to it.
            - **Imports**: the same 100k respondents x 50 features, deterministic, as JSON batches (each body under the 1 MiB
              JSON limit) and as one CSV import streamed while it is generated (chunked, never held whole on either side).
            - **Peak RSS**: the service's `VmHWM` (reset with `clear_refs` just before the CSV import).
            - **Fresh analysis**: one new response is posted before every timed `GET …/analysis`, so the ETag has changed and
              nothing cached can answer; the time is the client's over loopback, an upper bound of the server's.
            - **Filtered analysis**: `?segment.plan=enterprise` (a third of the respondents), also after a write each time;
              one segment value is read from its aggregates. By two segments (`&segment.region=north`) it sums raw answers
              (a reference, no target).
            - **Wave comparison**: `GET …/analysis/waves` over the survey's four waves, after a write each time.
            - **Cached analysis**: full `200` bodies (no `If-None-Match`), 32 concurrent clients, alternated twice with
              `/health/live` on the same server.
            - **Start-up**: process start to the first `200` from `/health/ready`, median of three, on the database the run
              filled and on an empty, migrated one.

            Durability and concurrency are tested, not measured: `dotnet run -c Release --project tests/KanoApi.CrashTests -- --kills 3`
            (SIGKILL during writes, then integrity, whole-or-nothing batches and aggregates against a recount; CI runs it) and
            `ConcurrencyTests` in `tests/KanoApi.Tests` (8 writers x 1,000 responses with readers; part of `dotnet test`).
            """);
        text.AppendLine("| figure | measured | target | met |");
        text.AppendLine("|---|---|---|---|");
        foreach (var figure in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Title} | {figure.Value} | {figure.Target} | {figure.MetText} |");
        }

        var missed = figures.Where(f => f.Met == false).ToArray();
        text.AppendLine();
        text.AppendLine(missed.Length == 0
            ? "Every target was met in this run."
            : "Missed in this run: " + string.Join("; ", missed.Select(f => f.Title)) + ".");
        text.AppendLine();
        text.AppendLine("<details><summary>JSON lines of this run</summary>");
        text.AppendLine();
        text.AppendLine("```json");
        foreach (var figure in figures)
        {
            text.AppendLine(JsonLine(figure));
        }

        text.AppendLine("```");
        text.AppendLine("</details>");
        return text.ToString();
    }
}
