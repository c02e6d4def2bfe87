using System.Globalization;
using System.Resources;

namespace Kano.Analysis;

/// <summary>
/// The library's words — category labels, actions, rationales, warnings, default questions and scale labels — in
/// resource files (Resources/KanoTexts.resx and one KanoTexts.&lt;culture&gt;.resx per further language), looked up
/// in the language asked for. The web host reads the same files through <c>IStringLocalizer&lt;KanoTexts&gt;</c>.
/// </summary>
public sealed class KanoTexts
{
    private static readonly ResourceManager Resources = new("Kano.Analysis.Resources.KanoTexts", typeof(KanoTexts).Assembly);

    private KanoTexts()
    {
    }

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> (English where that language's file lacks it).</summary>
    public static string Get(string key, Language language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return Resources.GetString(key, language.Culture)
            ?? throw new InvalidOperationException($"The text '{key}' is missing from Resources/KanoTexts.resx.");
    }

    /// <summary>A composite-format text filled in with the invariant culture, so numbers read as in the API.</summary>
    public static string Format(string key, Language language, params object?[] values) =>
        string.Format(CultureInfo.InvariantCulture, Get(key, language), values);
}

/// <summary>
/// A text not yet said in any language: a resource key of <see cref="KanoTexts"/> and the values of its places. A value
/// may itself be a phrase, or a list of phrases (said joined by the language's list separator).
/// </summary>
public sealed record Phrase(string Key, params object?[] Values)
{
    public string In(Language language) =>
        KanoTexts.Format(Key, language, [.. Values.Select(value => value switch
        {
            Phrase phrase => phrase.In(language),
            IEnumerable<Phrase> phrases => string.Join(KanoTexts.Get("List.Separator", language), phrases.Select(phrase => phrase.In(language))),
            _ => value,
        })]);

    /// <summary>Two phrases are the same text when their keys and values are (a record would compare the arrays by reference).</summary>
    public bool Equals(Phrase? other) =>
        other is not null && Key == other.Key && Values.Length == other.Values.Length
        && Values.Zip(other.Values).All(pair => pair.First is IEnumerable<Phrase> list && pair.Second is IEnumerable<Phrase> otherList
            ? list.SequenceEqual(otherList)
            : Equals(pair.First, pair.Second));

    public override int GetHashCode() => HashCode.Combine(Key, Values.Length);
}
