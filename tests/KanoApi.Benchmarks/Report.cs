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
        text.AppendLine("Shared machines are noisy, so each target is a ratio to a figure measured in the same run (the storage's raw rate, ");
        text.AppendLine("the smaller survey, `/health/live`), except where the issue gives an absolute bound for the harness itself.");
        text.AppendLine();
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
