using Microsoft.Net.Http.Headers;

namespace KanoApi.Backlog;

/// <summary>The representations of the backlog: KanoApi's own JSON and CSV, and the exports for issue trackers.</summary>
public enum BacklogFormat
{
    Json,
    Csv,
    Jira,
    Linear,
    GitHub,
    Markdown,
}

/// <summary>
/// Chooses the backlog's representation: the <c>format</c> query value when given (the only way to name a tracker's
/// export, since Jira's and Linear's are both CSV and GitHub's is JSON), else the Accept header among
/// <c>application/json</c>, <c>text/csv</c> and <c>text/markdown</c>, JSON when it names none of them.
/// </summary>
internal static class BacklogFormats
{
    public const string Parameter = "format";

    public const string MarkdownType = "text/markdown; charset=utf-8";

    private static readonly (BacklogFormat Format, string Name)[] Names =
    [
        (BacklogFormat.Json, "json"),
        (BacklogFormat.Csv, "csv"),
        (BacklogFormat.Jira, "jira"),
        (BacklogFormat.Linear, "linear"),
        (BacklogFormat.GitHub, "github"),
        (BacklogFormat.Markdown, "markdown"),
    ];

    /// <summary>The accepted <c>format</c> values, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Allowed { get; } = Names.Select(entry => entry.Name).ToArray();

    public static string Name(BacklogFormat format) => Names.First(entry => entry.Format == format).Name;

    /// <summary>False, with the message naming the accepted values, for a <c>format</c> that is not one of them.</summary>
    public static bool TryChoose(string? format, HttpRequest request, out BacklogFormat chosen, out string error)
    {
        error = "";
        if (format is null)
        {
            chosen = FromAccept(request);
            return true;
        }

        foreach (var (candidate, name) in Names)
        {
            if (name.Equals(format.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                chosen = candidate;
                return true;
            }
        }

        chosen = BacklogFormat.Json;
        error = $"'{format}' is not a backlog format; allowed: {string.Join(", ", Allowed)}";
        return false;
    }

    /// <summary>The media type the Accept header prefers (highest quality; JSON on a tie, then CSV), JSON when it names none.</summary>
    private static BacklogFormat FromAccept(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string mediaType) => accept
            .Where(value => value.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(value => value.Quality ?? 1)
            .DefaultIfEmpty(-1)
            .Max();

        var (json, csv, markdown) = (Quality("application/json"), Quality("text/csv"), Quality("text/markdown"));
        return markdown > 0 && markdown > json && markdown > csv ? BacklogFormat.Markdown
            : csv > 0 && csv >= json ? BacklogFormat.Csv
            : BacklogFormat.Json;
    }
}
