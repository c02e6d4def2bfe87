using System.Globalization;

namespace KanoApi.Infrastructure;

/// <summary>How text from a request is stored, and which characters it may hold.</summary>
public static class Text
{
    /// <summary>Trimmed, or null when empty or only spaces: an optional field left blank is not given.</summary>
    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Why <paramref name="text"/> cannot be stored, or null when it can. Stored text ends up in SVG (XML 1.0), CSV
    /// and spreadsheets, so it must be text: no control characters but tab, line feed and carriage return (XML
    /// forbids U+0000-U+001F; U+007F-U+009F are invisible in every viewer), no non-characters U+FFFE/U+FFFF (XML
    /// forbids them), no lone surrogate (not a character at all: UTF-8 cannot carry it). A name also refuses the
    /// bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make it display
    /// as a different name ("Trojan Source", CVE-2021-42574); longer text keeps them for right-to-left writing.
    /// </summary>
    public static string? Unprintable(string text, bool name = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var at = $"at character {i + 1}";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"must not contain a lone surrogate ({CodePoint(c)} {at}): it is half of a character, not text";
            }
            else if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return $"must not contain the control character {CodePoint(c)} ({at}); only tab, line feed and carriage return are allowed";
            }
            else if (c is '\uFFFE' or '\uFFFF')
            {
                return $"must not contain the non-character {CodePoint(c)} ({at})";
            }
            else if (name && c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return $"must not contain the bidirectional control {CodePoint(c)} ({at}): it can make a name display as different text";
            }
        }

        return null;
    }

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
