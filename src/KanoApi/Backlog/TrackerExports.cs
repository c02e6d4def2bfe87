using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Reports;

namespace KanoApi.Backlog;

/// <summary>What an export is made of: the backlog as the JSON answers it, the survey's name and the report's address.</summary>
internal sealed record BacklogExport(BacklogResponse Backlog, string SurveyName, string ReportUrl, Language Language);

/// <summary>A tracker's priority name for each backlog action (<see cref="TrackerExports.PriorityOf"/>).</summary>
internal sealed record TrackerPriority(string Jira, string Linear, string GitHubLabel);

/// <summary>One issue of the GitHub export: exactly the body of GitHub's "create an issue" (POST /repos/{owner}/{repo}/issues).</summary>
internal sealed record GitHubIssue(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels);

/// <summary>
/// The backlog's items as issue trackers import them, each with its category, Better and Worse with their 95 %
/// intervals, importance, satisfaction, action and rationale in the answer's language, a link to the report and a
/// stable external id (<c>kano-&lt;survey id&gt;-&lt;feature id&gt;</c>: a feature keeps its id when renamed or re-keyed,
/// so a later export can be matched to the issues of an earlier one). Items only, in rank order: the review list is
/// about the survey (features to reconsider, questions to fix, answers to collect), not work to schedule, and stays in
/// the JSON, the CSV, the report and the Markdown export.
/// </summary>
internal static class TrackerExports
{
    /// <summary>
    /// Priorities follow the backlog's tiers, which is its order: fix-first, improve, delight, upkeep. Jira's default
    /// scheme has Highest-High-Medium-Low-Lowest; Linear's importer reads Urgent, High, Medium, Low; GitHub has no
    /// priority field, so it is a label.
    /// </summary>
    private static readonly Dictionary<string, TrackerPriority> Priorities = new()
    {
        [Kano.Analysis.Backlog.FixFirst] = new("Highest", "Urgent", "priority: urgent"),
        [Kano.Analysis.Backlog.Improve] = new("High", "High", "priority: high"),
        [Kano.Analysis.Backlog.Delight] = new("Medium", "Medium", "priority: medium"),
        [Kano.Analysis.Backlog.Upkeep] = new("Low", "Low", "priority: low"),
    };

    /// <summary>Jira's CSV importer maps every column named Labels to the labels field; one label per column.</summary>
    private const int JiraLabelColumns = 4;

    /// <summary>The columns of Linear's own CSV export, which its CSV importer reads (Id becomes the external id).</summary>
    private static readonly string[] LinearColumns =
    [
        "Id", "Team", "Title", "Description", "Status", "Estimate", "Priority", "Project", "Creator", "Assignee", "Labels",
        "Cycle Number", "Cycle Name", "Cycle Start", "Cycle End", "Created", "Updated", "Started", "Completed", "Canceled", "Archived",
    ];

    /// <summary>The API's encoder (every script readable, HTML-sensitive characters escaped), indented: a file people open too.</summary>
    private static readonly JsonSerializerOptions GitHubJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        WriteIndented = true,
    };

    public static string ExternalId(long surveyId, long featureId) =>
        string.Create(CultureInfo.InvariantCulture, $"kano-{surveyId}-{featureId}");

    public static TrackerPriority PriorityOf(string action) =>
        Priorities.TryGetValue(action, out var priority) ? priority : throw new InvalidOperationException($"No tracker priority for the action '{action}'.");

    /// <summary>
    /// Jira Cloud's CSV importer: Summary, Issue Type (Task, which every Jira project type has), Priority, Description
    /// (plain "name: value" lines under the rationale) and four Labels columns: <c>kano</c>, the category, the action and the
    /// external id (Jira takes no external id when it creates issues from a CSV, and labels cannot hold spaces).
    /// </summary>
    public static string Jira(BacklogExport export) => CsvTables.Write(
        ["Summary", "Issue Type", "Priority", "Description", .. Enumerable.Repeat("Labels", JiraLabelColumns)],
        export.Backlog.Items.Select(item =>
        {
            var externalId = ExternalId(export.Backlog.SurveyId, item.FeatureId);
            return (object?[])
            [
                OneLine(item.Name), "Task", PriorityOf(item.Action).Jira, PlainDescription(export, item, externalId),
                .. Labels(item), externalId,
            ];
        }));

    /// <summary>
    /// Linear's CSV import (the columns of Linear's own export): Id is the external id, Priority one of Linear's names,
    /// Labels comma-separated, Description Markdown; Team, Status and the rest are left to the importer's choices.
    /// </summary>
    public static string Linear(BacklogExport export) => CsvTables.Write(
        LinearColumns,
        export.Backlog.Items.Select(item =>
        {
            var externalId = ExternalId(export.Backlog.SurveyId, item.FeatureId);
            var cells = new object?[LinearColumns.Length];
            cells[Array.IndexOf(LinearColumns, "Id")] = externalId;
            cells[Array.IndexOf(LinearColumns, "Title")] = OneLine(item.Name);
            cells[Array.IndexOf(LinearColumns, "Description")] = MarkdownDescription(export, item, externalId);
            cells[Array.IndexOf(LinearColumns, "Priority")] = PriorityOf(item.Action).Linear;
            cells[Array.IndexOf(LinearColumns, "Labels")] = string.Join(", ", Labels(item));
            return cells;
        }));

    /// <summary>A JSON array of GitHub "create an issue" bodies (title, Markdown body, labels), in rank order.</summary>
    public static string GitHub(BacklogExport export) => JsonSerializer.Serialize(
        export.Backlog.Items.Select(item => new GitHubIssue(
            OneLine(item.Name),
            MarkdownDescription(export, item, ExternalId(export.Backlog.SurveyId, item.FeatureId)),
            [.. Labels(item), PriorityOf(item.Action).GitHubLabel])).ToArray(),
        GitHubJson);

    /// <summary>A Markdown document (lines end with LF on every platform): the items as a table, each item's rationale, then the review list.</summary>
    public static string Markdown(BacklogExport export)
    {
        var (backlog, text) = (export.Backlog, Texts.Of<ReportTexts>(export.Language));
        var markdown = new StringBuilder();
        markdown.Append("# ").Line(MarkdownText.Escape(export.SurveyName)).Line();
        markdown.Append(text["Respondents"]).Append(": ").Append(backlog.Respondents.ToString(CultureInfo.InvariantCulture))
            .Append(" · ").Append(MarkdownText.Link(text["Title"], export.ReportUrl)).Line().Line();

        markdown.Append("## ").Line(text["Backlog"]).Line();
        if (backlog.Items.Count == 0)
        {
            markdown.Line(text["NothingToInvestIn"]).Line();
        }
        else
        {
            markdown.Line(MarkdownText.Row(
                text["Rank"], text["Feature"], text["Category"], text["Action"], text["BetterInterval"], text["WorseInterval"],
                text["Importance"], text["Satisfaction"], text["Score"], text["Export.ExternalId"]));
            markdown.Line("|---:|---|---|---|---|---|---:|---:|---:|---|");
            foreach (var item in backlog.Items)
            {
                markdown.Line(MarkdownText.Row(
                    Number(item.Rank), MarkdownText.Escape(item.Name), CategoryOf(item), item.ActionLabel,
                    WithInterval(item.Better, item.BetterInterval, text), WithInterval(item.Worse, item.WorseInterval, text),
                    Number(item.ImportanceMean, text), Number(item.SatisfactionMean, text), Number(item.Score),
                    MarkdownText.Code(ExternalId(backlog.SurveyId, item.FeatureId))));
            }

            markdown.Line();
            foreach (var item in backlog.Items)
            {
                markdown.Append("### ").Append(Number(item.Rank)).Append(". ").Line(MarkdownText.Escape(item.Name)).Line();
                markdown.Line(MarkdownText.Escape(item.Rationale)).Line();
            }
        }

        markdown.Append("## ").Line(text["Review"]).Line();
        if (backlog.Review.Count == 0)
        {
            markdown.Line(text["NothingToReview"]);
            return markdown.ToString();
        }

        markdown.Line(MarkdownText.Row(text["Feature"], text["Category"], text["Action"], text["Why"]));
        markdown.Line("|---|---|---|---|");
        foreach (var item in backlog.Review)
        {
            // The category of a feature nobody answered may be absent.
            markdown.Line(MarkdownText.Row(
                MarkdownText.Escape(item.Name), MarkdownText.Escape(item.Label ?? text["NotAvailable"]), MarkdownText.Escape(item.ActionLabel),
                MarkdownText.Escape(item.Rationale)));
        }

        return markdown.ToString();
    }

    /// <summary><c>kano</c>, the category and the action: fixed names (not translated), for filtering in the tracker.</summary>
    private static string[] Labels(BacklogItemResponse item) => ["kano", $"kano-{item.Category}", $"kano-{item.Action}"];

    /// <summary>The rationale, then the item's facts as "name: value" lines, for Jira (plain text; Jira keeps the line breaks).</summary>
    private static string PlainDescription(BacklogExport export, BacklogItemResponse item, string externalId)
    {
        var text = Texts.Of<ReportTexts>(export.Language);
        return string.Join("\n",
        [
            item.Rationale, "",
            .. Facts(export, item).Select(fact => $"{fact.Name}: {fact.Value}"),
            $"{text["Title"]}: {export.ReportUrl}",
            $"{text["Export.ExternalId"]}: {externalId}",
        ]);
    }

    /// <summary>The rationale, then the item's facts as a Markdown list with the report as a link (GitHub, Linear).</summary>
    private static string MarkdownDescription(BacklogExport export, BacklogItemResponse item, string externalId)
    {
        var text = Texts.Of<ReportTexts>(export.Language);
        // '*' bullets rather than '-': a line starting with '-' would be defused with a "'" in a CSV (Linear's file).
        return string.Join("\n",
        [
            MarkdownText.Escape(item.Rationale), "",
            .. Facts(export, item).Select(fact => $"* {MarkdownText.Escape(fact.Name)}: {MarkdownText.Escape(fact.Value)}"),
            $"* {MarkdownText.Link(text["Title"], export.ReportUrl)}",
            $"* {MarkdownText.Escape(text["Export.ExternalId"])}: {MarkdownText.Code(externalId)}",
        ]);
    }

    private static IEnumerable<(string Name, string Value)> Facts(BacklogExport export, BacklogItemResponse item)
    {
        var text = Texts.Of<ReportTexts>(export.Language);
        yield return (text["Category"], CategoryOf(item));
        yield return (text["Action"], item.ActionLabel);
        yield return (text["Rank"], text.Format("Export.RankOf", item.Rank, export.Backlog.Items.Count));
        yield return ("Better", Number(item.Better, text));
        yield return (text["BetterInterval"], Interval(item.BetterInterval, text));
        yield return ("Worse", Number(item.Worse, text));
        yield return (text["WorseInterval"], Interval(item.WorseInterval, text));
        yield return (text["Importance"], Number(item.ImportanceMean, text));
        yield return (text["Satisfaction"], Number(item.SatisfactionMean, text));
        yield return (text["Export.Effort"], Number(item.Effort, text));
        yield return (text["Score"], Number(item.Score));
    }

    private static string CategoryOf(BacklogItemResponse item) => $"{item.Label} ({item.Code})";

    private static string WithInterval(double? value, IntervalResponse? interval, Texts text) =>
        interval is null ? Number(value, text) : $"{Number(value, text)} ({Interval(interval, text)})";

    private static string Interval(IntervalResponse? interval, Texts text) =>
        interval is null ? text["NotAvailable"] : text.Format("IntervalRange", Number(interval.Low), Number(interval.High));

    private static string Number(double? value, Texts text) => value is { } number ? Number(number) : text["NotAvailable"];

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A name as a title: trackers take one line, so line breaks and tabs become single spaces.
    /// </summary>
    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Text from users in Markdown (GitHub Flavored Markdown, CommonMark): shown as written, never as markup.</summary>
internal static class MarkdownText
{
    /// <summary>Appends a line ended by LF, whatever the platform's newline.</summary>
    public static StringBuilder Line(this StringBuilder markdown, string text = "") => markdown.Append(text).Append('\n');

    /// <summary>
    /// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start markup in running
    /// text or a table cell: emphasis, code, links and images, HTML and entities, headings' closing #, GFM tables'
    /// pipes and strikethrough. Line breaks become spaces, so a name stays in its cell or heading.
    /// </summary>
    private const string Special = "\\`*_[]<>|~&#!";

    public static string Escape(string text)
    {
        var line = TrackerExports.OneLine(text);
        var escaped = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>A table row of cells already escaped.</summary>
    public static string Row(params string[] cells) => $"| {string.Join(" | ", cells)} |";

    /// <summary>A code span (ids are letters, digits and hyphens, so no backtick can close it early).</summary>
    public static string Code(string id) => $"`{id}`";

    /// <summary>A link whose address keeps its parentheses and spaces percent-encoded, so the link cannot end early.</summary>
    public static string Link(string label, string url) =>
        $"[{Escape(label)}]({url.Replace(" ", "%20", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";
}
