using System.Globalization;

namespace Kano.Analysis;

/// <summary>
/// A language the labels, warnings and rationales are said in: a culture whose resource files carry the texts
/// (Resources/KanoTexts.resx is English, the neutral resources; KanoTexts.vi.resx Vietnamese; a third language is
/// one more KanoTexts.&lt;culture&gt;.resx). A text a language's file lacks is said in English.
/// </summary>
public sealed class Language : IEquatable<Language>
{
    private Language(CultureInfo culture) => Culture = culture;

    public static Language English { get; } = new(CultureInfo.GetCultureInfo("en"));

    public static Language Vietnamese { get; } = new(CultureInfo.GetCultureInfo("vi"));

    /// <summary>The culture the texts are looked up in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The language tag, e.g. "en", "vi".</summary>
    public string Code => Culture.Name;

    /// <summary>The language of a culture (English and Vietnamese are always the same instances).</summary>
    public static Language Of(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.Name == English.Code ? English : culture.Name == Vietnamese.Code ? Vietnamese : new Language(culture);
    }

    /// <summary>The language of a tag such as "en" or "vi" (throws <see cref="CultureNotFoundException"/> for a tag that is not a culture).</summary>
    public static Language Of(string code) => Of(CultureInfo.GetCultureInfo(code));

    public bool Equals(Language? other) => other is not null && string.Equals(Code, other.Code, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as Language);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Code);

    public static bool operator ==(Language? left, Language? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Language? left, Language? right) => !(left == right);

    public override string ToString() => Code;
}
