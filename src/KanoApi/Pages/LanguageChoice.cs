using Kano.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Pages;

/// <summary>A link of a page's language switch: the same page in one language, named in that language.</summary>
public sealed record LanguageChoice(string Code, string Name, string Href, bool Current)
{
    public static LanguageChoice Of(Language language, string href, bool current) =>
        new(language.Code, Texts.Of<PageTexts>(language)["LanguageName"], href, current);
}
