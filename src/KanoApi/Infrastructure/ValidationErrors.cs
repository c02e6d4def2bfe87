using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Infrastructure;

/// <summary>
/// Collects every validation error of a request, keyed by field path (<c>answers[3].functional</c>) or CSV
/// position (<c>row 31, column anonymous.dysfunctional</c>). At most <see cref="Limits.ErrorsListed"/> are kept;
/// all are counted, and the problem gives the total so a client knows how much it has not been shown.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private int listed;

    public int Total { get; private set; }

    public bool Any => Total > 0;

    public void Add(string path, string message)
    {
        Total++;
        if (listed >= Limits.ErrorsListed)
        {
            return;
        }

        listed++;
        if (!errors.TryGetValue(path, out var messages))
        {
            errors[path] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>
    /// Checks an optional text field's length and characters (<see cref="Text.Unprintable"/>; a name is held to the
    /// stricter rule); empty after trimming counts as absent unless required.
    /// </summary>
    public void CheckText(string path, string? value, int maxLength, bool required = false, bool name = false)
    {
        if (value is null || value.Trim().Length == 0)
        {
            if (required)
            {
                Add(path, "is required");
            }

            return;
        }

        if (value.Length > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters (is {value.Length})");
        }
        else
        {
            CheckCharacters(path, value, name);
        }
    }

    /// <summary>Adds the reason <paramref name="value"/> cannot be stored as text, if it cannot.</summary>
    public void CheckCharacters(string path, string value, bool name = false)
    {
        if (Text.Unprintable(value, name) is { } reason)
        {
            Add(path, reason);
        }
    }

    /// <summary>The listed errors by path, as the problem's <c>errors</c> lists them (an import's preview answers them in a 200).</summary>
    public IReadOnlyDictionary<string, string[]> Listed() =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The listed errors as one line, <c>path (message); …</c>, for a page that shows them to a person.</summary>
    public string Summary() =>
        string.Join("; ", errors.Select(pair => $"{pair.Key} ({string.Join(" ", pair.Value)})"));

    /// <summary>The 400 problem; <paramref name="extensions"/> adds members beside <c>errors</c> and <c>totalErrors</c>.</summary>
    public ValidationProblem ToProblem(string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var members = new Dictionary<string, object?> { ["totalErrors"] = Total };
        foreach (var (name, value) in extensions ?? [])
        {
            members[name] = value;
        }

        return TypedResults.ValidationProblem(
            errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal),
            detail ?? (Total > listed
                ? $"{Total} errors found; the first {listed} are listed in errors."
                : "One or more fields are invalid; see errors."),
            title: "The request is invalid.",
            extensions: members);
    }
}
