namespace KanoApi.Pages;

/// <summary>
/// Names the resource files of the public pages' own words (the form, its messages, the 404 and 429 pages): Resources/Pages/PageTexts.resx (English) and
/// PageTexts.&lt;culture&gt;.resx per further language. Said with <c>Texts.Of&lt;PageTexts&gt;(language)["Key"]</c>.
/// </summary>
public sealed class PageTexts
{
    private PageTexts()
    {
    }
}
