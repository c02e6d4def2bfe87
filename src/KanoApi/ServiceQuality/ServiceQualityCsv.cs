namespace KanoApi.ServiceQuality;

/// <summary>
/// The service-quality columns of the analysis and backlog CSV tables: appended only when the answer has service
/// quality (a survey without it keeps the columns it always had), empty cells for a feature without answers.
/// </summary>
internal static class ServiceQualityCsv
{
    private static readonly string[] Columns =
    [
        "dimension", "gapN", "meanExpectation", "meanPerception", "gap", "gapSd", "gapLow", "gapHigh",
        "belowExpectation", "improvementRatio", "improvementK", "adjustedImprovementRatio",
    ];

    /// <summary>The columns' headers; none when <paramref name="present"/> is false.</summary>
    public static string[] Header(bool present) => present ? Columns : [];

    /// <summary>One feature's cells; none when <paramref name="present"/> is false, empty ones when the feature has no figures.</summary>
    public static object?[] Cells(bool present, FeatureGapResponse? gap) =>
        !present ? []
        : gap is null ? new object?[Columns.Length]
        : [
            gap.Dimension, gap.N, gap.MeanExpectation, gap.MeanPerception, gap.Gap, gap.Sd, gap.Interval?.Low, gap.Interval?.High,
            gap.BelowExpectation, gap.Improvement?.Ratio, gap.Improvement?.K, gap.Improvement?.Adjusted,
        ];

    /// <summary>The backlog's columns: the improvement factor its score used, then the feature's figures; none when <paramref name="present"/> is false.</summary>
    public static string[] BacklogHeader(bool present) => present ? ["improvementFactor", .. Columns] : [];

    /// <summary>One backlog row's cells (a review row has no factor); none when <paramref name="present"/> is false.</summary>
    public static object?[] BacklogCells(bool present, double? improvementFactor, FeatureGapResponse? gap) =>
        present ? [improvementFactor, .. Cells(true, gap)] : [];
}
