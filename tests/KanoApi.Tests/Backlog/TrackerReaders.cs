using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace KanoApi.Tests.Backlog;

/// <summary>
/// The exports read back as each tracker's importer reads them, written here independently of the service's CSV
/// writer: a strict RFC 4180 parser, Jira's column mapping (repeated Labels columns), Linear's CSV importer
/// (linear/linear packages/import, LinearCsvImporter: rows keyed by header, labels split on ", ", priority names to
/// numbers, a leading "'" before + - = @ stripped) and GitHub's create-issue body.
/// </summary>
internal static partial class TrackerReaders
{
    /// <summary>Records of an RFC 4180 file; throws on anything the grammar does not allow (a bare quote, a lone CR or LF between records).</summary>
    public static List<string[]> Rfc4180(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= csv.Length)
                    {
                        throw new FormatException("A quoted field is not closed.");
                    }

                    if (csv[i] == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(csv[i++]);
                }
            }
            else
            {
                while (i < csv.Length && csv[i] is not (',' or '\r' or '\n'))
                {
                    if (csv[i] == '"')
                    {
                        throw new FormatException($"A quote inside an unquoted field at {i}.");
                    }

                    field.Append(csv[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i == csv.Length)
            {
                records.Add([.. fields]);
                break;
            }

            if (csv[i] == ',')
            {
                i++;
                if (i == csv.Length)
                {
                    fields.Add("");
                    records.Add([.. fields]);
                }

                continue;
            }

            if (csv[i] != '\r' || i + 1 >= csv.Length || csv[i + 1] != '\n')
            {
                throw new FormatException($"Records must end with CRLF (at {i}).");
            }

            records.Add([.. fields]);
            fields.Clear();
            i += 2;
        }

        Assert.All(records, record => Assert.Equal(records[0].Length, record.Length));
        return records;
    }

    /// <summary>One issue as Jira's CSV importer maps the columns: every column named Labels adds a label.</summary>
    public sealed record JiraIssue(string Summary, string IssueType, string Priority, string Description, IReadOnlyList<string> Labels);

    public static IReadOnlyList<JiraIssue> Jira(string csv)
    {
        var records = Rfc4180(csv);
        var header = records[0];
        int Column(string name) => Array.IndexOf(header, name);
        var labels = Enumerable.Range(0, header.Length).Where(c => header[c] == "Labels").ToArray();
        Assert.True(Column("Summary") >= 0, "Jira's importer needs a Summary column");
        return records.Skip(1).Select(row => new JiraIssue(
            row[Column("Summary")], row[Column("Issue Type")], row[Column("Priority")], row[Column("Description")],
            labels.Select(c => row[c]).Where(label => label.Length > 0).ToArray())).ToArray();
    }

    /// <summary>One issue as Linear's CSV importer builds it (priority: Urgent 1, High 2, Medium 3, Low 4, else 0).</summary>
    public sealed record LinearIssue(string ExternalId, string Title, string Description, int Priority, IReadOnlyList<string> Labels);

    public static IReadOnlyList<LinearIssue> Linear(string csv)
    {
        var records = Rfc4180(csv);
        var header = records[0];
        var rows = records.Skip(1).Select(row => header.Select((name, c) => (name, value: row[c])).ToDictionary(cell => cell.name, cell => cell.value)).ToArray();
        return rows.Where(row => row["Archived"].Length == 0).Select(row => new LinearIssue(
            row["Id"], StripLeadingSingleQuote(row["Title"]), StripLeadingSingleQuote(row["Description"]),
            row["Priority"] switch { "Urgent" => 1, "High" => 2, "Medium" => 3, "Low" => 4, _ => 0 },
            row["Labels"].Split(", ").Where(label => label.Length > 0).ToArray())).ToArray();
    }

    private static string StripLeadingSingleQuote(string input) => LeadingQuote().Replace(input, "$1");

    [GeneratedRegex(@"^'([+\-=@])")]
    private static partial Regex LeadingQuote();

    /// <summary>GitHub's "create an issue" body: title required, body and labels optional; nothing else.</summary>
    public sealed record GitHubCreateIssue(
        [property: JsonPropertyName("title"), JsonRequired] string Title,
        [property: JsonPropertyName("body")] string? Body,
        [property: JsonPropertyName("labels")] string[]? Labels);

    public static GitHubCreateIssue[] GitHub(string json) =>
        JsonSerializer.Deserialize<GitHubCreateIssue[]>(json, new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })!;

    /// <summary>The cells of a GFM table row: split on pipes that are not backslash-escaped, each cell unescaped.</summary>
    public static string[] MarkdownRow(string line)
    {
        Assert.StartsWith("| ", line, StringComparison.Ordinal);
        Assert.EndsWith(" |", line, StringComparison.Ordinal);
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (var i = 1; i < line.Length - 1; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length - 1)
            {
                cell.Append(line[i]).Append(line[++i]);
            }
            else if (line[i] == '|')
            {
                cells.Add(MarkdownUnescape(cell.ToString().Trim()));
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }

        cells.Add(MarkdownUnescape(cell.ToString().Trim()));
        return [.. cells];
    }

    /// <summary>CommonMark: a backslash before ASCII punctuation stands for that character.</summary>
    public static string MarkdownUnescape(string text) => Regex.Replace(text, @"\\([!-/:-@\[-`{-~])", "$1");
}
