using KanoApi.Analysis;
using KanoApi.Backlog;
using KanoApi.RespondentQuality;

namespace KanoApi.Reports;

/// <summary>
/// Everything the report page shows, already computed: the API's own answers (analysis, backlog, segment
/// comparison, respondent quality) so the page can only show the numbers the API gives, plus what the headline and
/// the filter form need. The page does no arithmetic of the method.
/// </summary>
public sealed record ReportModel
{
    /// <summary>The language the page is said in.</summary>
    public required Kano.Analysis.Language Language { get; init; }
    public required AnalysisResponse Analysis { get; init; }

    /// <summary>Customers against staff as GET …/audiences answers it; null when no staff answer matches the view.</summary>
    public required KanoApi.Audiences.AudiencesResponse? Audiences { get; init; }
    public required IReadOnlyList<BacklogItemResponse> Backlog { get; init; }
    public required IReadOnlyList<ReviewItemResponse> Review { get; init; }

    /// <summary>The Better/Worse chart as SVG markup from <see cref="BetterWorseChart"/>, which escapes every name.</summary>
    public required string ChartSvg { get; init; }

    /// <summary>The waves of the respondents counted, each with its number of respondents.</summary>
    public required IReadOnlyList<(string? Wave, long Respondents)> Waves { get; init; }

    /// <summary>When the first and the last respondent counted answered (ISO-8601), null when nobody did.</summary>
    public required string? FirstAnswer { get; init; }
    public required string? LastAnswer { get; init; }

    /// <summary>The segment compared (null: none) and the comparison.</summary>
    public required string? CompareBy { get; init; }
    public required SegmentAnalysisResponse? Comparison { get; init; }

    /// <summary>
    /// The fewest respondents a segment value needs to be compared (<see cref="ReportApi.SegmentMinimum"/>): a value
    /// with fewer is listed but its categories are not set against the others'.
    /// </summary>
    public required int SegmentMinimum { get; init; }

    public required RespondentQualityReport Quality { get; init; }

    /// <summary>The key findings, in plain words, from the numbers below (<see cref="ReportFindings"/>).</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The chart as a list: each quadrant's category and the features whose Better and |Worse| put them there.</summary>
    public required IReadOnlyList<(Kano.Analysis.KanoCategory Category, IReadOnlyList<FeatureAnalysisResponse> Features)> Quadrants { get; init; }

    /// <summary>Q answers and all answers of the features, among the respondents counted.</summary>
    public required long QuestionableAnswers { get; init; }
    public required long Answers { get; init; }

    /// <summary>Q answers as a percentage of all answers counted, one decimal; null when there are none.</summary>
    public double? QuestionablePercent => Answers == 0 ? null : Reported.Round(100.0 * QuestionableAnswers / Answers, 1);

    public required ReportForm Form { get; init; }

    /// <summary>When the report was made (UTC).</summary>
    public required DateTimeOffset MadeAt { get; init; }
}

/// <summary>
/// The filter form: where it submits, what it offers (every wave and segment value of the survey) and what is
/// chosen now, and the links the page offers (this view, the same view in each language).
/// </summary>
public sealed record ReportForm
{
    /// <summary>The page's own path, which the form submits to (GET), so every view is a link.</summary>
    public required string Action { get; init; }
    public required IReadOnlyList<string?> Waves { get; init; }
    public required IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Segments { get; init; }
    public required string? Wave { get; init; }
    public required IReadOnlyDictionary<string, string> ChosenSegments { get; init; }
    public required string Table { get; init; }
    public required string Rule { get; init; }

    /// <summary>The threshold when the request gave one (kept as a hidden field), null otherwise.</summary>
    public required string? Threshold { get; init; }
    public required int? MaxQuestionable { get; init; }
    public required string? CompareBy { get; init; }

    /// <summary>This view's address, with every option spelled out.</summary>
    public required string ThisView { get; init; }

    /// <summary>The same view in each language the service speaks, this one marked current.</summary>
    public required IReadOnlyList<KanoApi.Pages.LanguageChoice> Languages { get; init; }

    /// <summary>The same view without wave and segment filters (what a view that matches nobody offers).</summary>
    public required string EverybodyView { get; init; }

    /// <summary>The same view leaving out the respondents the data-quality notes count as giving too many Q answers.</summary>
    public required string ExcludeQuestionableView { get; init; }
}
