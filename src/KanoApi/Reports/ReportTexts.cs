namespace KanoApi.Reports;

/// <summary>
/// Names the resource files of the report page's words, and the backlog exports' headings: Resources/Reports/ReportTexts.resx (English) and
/// ReportTexts.&lt;culture&gt;.resx per further language. Said with <c>Texts.Of&lt;ReportTexts&gt;(language)["Key"]</c>.
/// </summary>
public sealed class ReportTexts
{
    private ReportTexts()
    {
    }
}
