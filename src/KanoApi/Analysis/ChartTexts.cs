namespace KanoApi.Analysis;

/// <summary>
/// Names the resource files of the words of the Better/Worse and wave charts (SVG): Resources/Analysis/ChartTexts.resx (English) and
/// ChartTexts.&lt;culture&gt;.resx per further language. Said with <c>Texts.Of&lt;ChartTexts&gt;(language)["Key"]</c>.
/// </summary>
public sealed class ChartTexts
{
    private ChartTexts()
    {
    }
}
