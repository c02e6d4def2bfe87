namespace KanoApi.Infrastructure;

/// <summary>How optional text from a request is stored.</summary>
public static class Text
{
    /// <summary>Trimmed, or null when empty or only spaces: an optional field left blank is not given.</summary>
    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
