using System.Globalization;
using KanoApi.Analysis;

namespace KanoApi.Reports;

/// <summary>
/// The address of one view of the report, for the report's own form and links and for the backlog exports that link
/// to it: every option spelled out in a fixed order, so the same view is always the same link.
/// </summary>
internal static class ReportView
{
    public static string PathOf(long surveyId) => $"/v1/surveys/{surveyId}/report";

    /// <summary>
    /// The view's query string. <paramref name="compareBy"/>: a segment name, "" for no comparison, or null to leave
    /// <c>by</c> out (the report then compares by the survey's first segment).
    /// </summary>
    public static QueryString Query(string table, string rule, string? threshold, RespondentFilter filter, string? compareBy, string lang) =>
        QueryString.Create(
        [
            new("table", table),
            new("rule", rule),
            .. threshold is null ? [] : new KeyValuePair<string, string?>[] { new("threshold", threshold) },
            .. filter.Wave is null ? [] : new KeyValuePair<string, string?>[] { new("wave", filter.Wave) },
            .. filter.Segments.OrderBy(segment => segment.Key, StringComparer.Ordinal)
                .Select(segment => new KeyValuePair<string, string?>(AnalysisRequest.SegmentPrefix + segment.Key, segment.Value)),
            .. filter.MaxQuestionable is { } k ? new KeyValuePair<string, string?>[] { new("maxQuestionable", k.ToString(CultureInfo.InvariantCulture)) } : [],
            .. compareBy is null ? [] : new KeyValuePair<string, string?>[] { new("by", compareBy) },
            new("lang", lang),
        ]);
}
