using Kano.Analysis;
using Kano.Analysis.ServiceQuality;
using KanoApi.Analysis;

namespace KanoApi.ServiceQuality;

/// <summary>
/// Service quality (method §7b; issue 21): SERVQUAL's gap 5 per feature, per dimension and overall, Tan &amp; Shen's
/// Kano-adjusted improvement ratio and the service levels. Present when a feature is tagged with a dimension or the
/// survey asks expectation and perception; without their answers (<see cref="HasGapData"/> false) only the dimension
/// rollup of categories, Better/Worse and satisfaction is filled in.
/// </summary>
/// <param name="HasGapData">Whether any chosen respondent gave expectation and perception.</param>
/// <param name="Tolerance">How far below 0 a gap's 95 % interval may reach and still count as meeting expectation (the level rule's).</param>
/// <param name="Overall">The whole service's gap; null without gap data.</param>
/// <param name="Level">Where the whole service stands; null without gap data.</param>
/// <param name="Dimensions">The dimensions that have features, in SERVQUAL's order.</param>
/// <param name="Features">The features tagged with a dimension or with expectation/perception answers, in the survey's order.</param>
public sealed record ServiceQualityResponse(
    bool HasGapData,
    double Tolerance,
    ServiceOverallResponse? Overall,
    ServiceLevelResponse? Level,
    IReadOnlyList<DimensionResponse> Dimensions,
    IReadOnlyList<FeatureGapResponse> Features);

/// <summary>The whole service's SERVQUAL score.</summary>
/// <param name="Basis">dimensions (the mean of the dimension scores) or features (no answered feature is tagged: the mean of the features' gaps).</param>
/// <param name="Score">The unweighted score: mean perception − expectation; negative is below expectation.</param>
/// <param name="Interval">95 % t interval around the score from each respondent's own overall gap (see the README); null below two respondents.</param>
/// <param name="Respondents">Respondents with a gap counted in the score.</param>
/// <param name="Sd">Standard deviation of the respondents' own overall gaps.</param>
/// <param name="Weighted">Σ weight × dimension score, weights from the dimensions' mean stated importance; null unless every scored dimension has one.</param>
public sealed record ServiceOverallResponse(string Basis, double? Score, IntervalResponse? Interval, long Respondents, double? Sd, double? Weighted);

/// <summary>A service level: three levels and six, each null when the answers are not enough to say, with the reason.</summary>
/// <param name="Level">basic, meets-expectations or exceeds-expectations; null: not enough answers to say.</param>
/// <param name="Label">The level in the answer's language, or "not enough answers to say".</param>
/// <param name="FineLevel">disappointing, basic-only, as-expected, desirable, surprising or astonishing; null: not enough answers to say.</param>
/// <param name="FineLabel">The fine level in the answer's language, or "not enough answers to say".</param>
/// <param name="Rationale">Why, with the features and numbers that decided it.</param>
public sealed record ServiceLevelResponse(string? Level, string Label, string? FineLevel, string FineLabel, string Rationale);

/// <summary>One SERVQUAL dimension rolled up.</summary>
public sealed record DimensionResponse
{
    /// <example>responsiveness</example>
    public required string Dimension { get; init; }
    /// <example>Responsiveness</example>
    public required string Label { get; init; }
    public required string Definition { get; init; }
    /// <summary>Its features with their categories.</summary>
    public required IReadOnlyList<DimensionFeatureResponse> Features { get; init; }
    /// <summary>How many of its features fall in each category (features nobody answered not counted).</summary>
    public required IReadOnlyDictionary<string, int> Categories { get; init; }
    /// <summary>How many of its features of each category are below expectation (gap interval wholly below 0); empty without gap data.</summary>
    public required IReadOnlyDictionary<string, int> BelowExpectation { get; init; }
    /// <summary>Mean of its features' Better.</summary>
    public required double? MeanBetter { get; init; }
    /// <summary>Mean of its features' Worse.</summary>
    public required double? MeanWorse { get; init; }
    /// <summary>Current satisfaction (1-5) over every rating of its features (sd not computed).</summary>
    public required RatingResponse Satisfaction { get; init; }
    /// <summary>Stated importance (1-9) over every rating of its features (sd not computed).</summary>
    public required RatingResponse Importance { get; init; }
    /// <summary>SERVQUAL's dimension score: the mean of its features' gaps; null without gap data.</summary>
    public required double? Score { get; init; }
    /// <summary>95 % t interval around the score from each respondent's own mean gap over the dimension's features they answered.</summary>
    public required IntervalResponse? Interval { get; init; }
    public required long Respondents { get; init; }
    public required double? Sd { get; init; }
    /// <summary>The dimension's weight in the weighted score.</summary>
    public required double? Weight { get; init; }
    public required ServiceLevelResponse? Level { get; init; }
}

/// <summary>A feature of a dimension.</summary>
public sealed record DimensionFeatureResponse(long FeatureId, string Key, string Name, string? Category, string? Label, double? Gap);

/// <summary>One feature's gap 5 and Kano-adjusted improvement ratio.</summary>
public sealed record FeatureGapResponse
{
    public required long FeatureId { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>reliability, responsiveness, assurance, empathy or tangibles; null when untagged.</summary>
    /// <example>responsiveness</example>
    public required string? Dimension { get; init; }
    /// <example>basic</example>
    public required string? Category { get; init; }
    /// <summary>Respondents who gave both expectation and perception.</summary>
    /// <example>48</example>
    public required long N { get; init; }
    /// <example>6.4</example>
    public required double? MeanExpectation { get; init; }
    /// <example>4.85</example>
    public required double? MeanPerception { get; init; }
    /// <summary>Mean of each respondent's perception − expectation.</summary>
    /// <example>-1.55</example>
    public required double? Gap { get; init; }
    public required double? Sd { get; init; }
    /// <summary>Paired t interval: gap ± t(0.975, n − 1)·sd/√n; null below two respondents.</summary>
    public required IntervalResponse? Interval { get; init; }
    /// <summary>The interval lies wholly below 0.</summary>
    public required bool BelowExpectation { get; init; }
    /// <summary>The interval lies wholly above 0.</summary>
    public required bool AboveExpectation { get; init; }
    public required ImprovementResponse? Improvement { get; init; }
}

/// <summary>Tan &amp; Shen's improvement ratio: IR0 = target / current, adjusted IR0^(1/k) by the Kano category.</summary>
/// <param name="Target">Mean expectation.</param>
/// <param name="Current">Mean perception.</param>
/// <param name="Ratio">IR0.</param>
/// <param name="K">0.5 must-be, 1 one-dimensional, 1.5 attractive; null for other categories.</param>
/// <param name="Adjusted">IR0^(1/k); null without k.</param>
public sealed record ImprovementResponse(double Target, double Current, double Ratio, double? K, double? Adjusted);

internal static class ServiceQualityMapping
{
    public static ServiceQualityResponse ToResponse(this ServiceQualityReport report, Language language, Precision precision) => new(
        report.HasGapData,
        ServiceLevels.Tolerance,
        report.Overall is { } overall
            ? new ServiceOverallResponse(
                overall.Basis, Reported.Round(overall.Unweighted, 3, precision), IntervalResponse.Of(overall.Interval, precision),
                overall.Respondents, Reported.Round(overall.Sd, 3, precision), Reported.Round(overall.Weighted, 3, precision))
            : null,
        report.Level?.ToResponse(language),
        report.Dimensions.Select(dimension => dimension.ToResponse(report.HasGapData, language, precision)).ToArray(),
        report.Features.Where(f => f.Dimension is not null || f.Gap.N > 0).Select(f => f.ToResponse(precision)).ToArray());

    public static ServiceLevelResponse ToResponse(this ServiceLevelVerdict verdict, Language language)
    {
        var undetermined = KanoTexts.Get("Level.Undetermined", language);
        return new ServiceLevelResponse(
            verdict.Level is { } level ? ServiceLevels.Name(level) : null,
            verdict.Level is { } labelled ? ServiceLevels.Label(labelled, language) : undetermined,
            verdict.FineLevel is { } fine ? ServiceLevels.Name(fine) : null,
            verdict.FineLevel is { } fineLabelled ? ServiceLevels.Label(fineLabelled, language) : undetermined,
            verdict.Rationale(language));
    }

    private static DimensionResponse ToResponse(this DimensionRollup rollup, bool hasGapData, Language language, Precision precision) => new()
    {
        Dimension = ServiceDimensions.Name(rollup.Dimension),
        Label = ServiceDimensions.Label(rollup.Dimension, language),
        Definition = ServiceDimensions.Definition(rollup.Dimension, language),
        Features = rollup.Features.Select(f => new DimensionFeatureResponse(
            f.Feature.FeatureId, f.Feature.Key, f.Feature.Name,
            f.Feature.Category is { } category ? KanoNames.Name(category) : null,
            f.Feature.Label(language),
            Reported.Round(f.Gap.Gap, 3, precision))).ToArray(),
        Categories = rollup.Categories.OrderBy(pair => pair.Key).ToDictionary(pair => KanoNames.Name(pair.Key), pair => pair.Value),
        BelowExpectation = hasGapData
            ? rollup.Categories.Keys.Order().ToDictionary(KanoNames.Name, rollup.BelowExpectation)
            : new Dictionary<string, int>(),
        MeanBetter = Reported.Round(rollup.MeanBetter, 3, precision),
        MeanWorse = Reported.Round(rollup.MeanWorse, 3, precision),
        Satisfaction = new RatingResponse(Reported.Round(rollup.Satisfaction.Mean, 2, precision), null, rollup.Satisfaction.N),
        Importance = new RatingResponse(Reported.Round(rollup.Importance.Mean, 2, precision), null, rollup.Importance.N),
        Score = Reported.Round(rollup.Score, 3, precision),
        Interval = IntervalResponse.Of(rollup.Interval, precision),
        Respondents = rollup.Respondents,
        Sd = Reported.Round(rollup.Sd, 3, precision),
        Weight = Reported.Round(rollup.Weight, 3, precision),
        Level = rollup.Level?.ToResponse(language),
    };

    public static FeatureGapResponse ToResponse(this FeatureGap gap, Precision precision) => new()
    {
        FeatureId = gap.Feature.FeatureId,
        Key = gap.Feature.Key,
        Name = gap.Feature.Name,
        Dimension = gap.Dimension is { } dimension ? ServiceDimensions.Name(dimension) : null,
        Category = gap.Feature.Category is { } category ? KanoNames.Name(category) : null,
        N = gap.Gap.N,
        MeanExpectation = Reported.Round(gap.Gap.MeanExpectation, 2, precision),
        MeanPerception = Reported.Round(gap.Gap.MeanPerception, 2, precision),
        Gap = Reported.Round(gap.Gap.Gap, 3, precision),
        Sd = Reported.Round(gap.Gap.Sd, 3, precision),
        Interval = IntervalResponse.Of(gap.Gap.Interval, precision),
        BelowExpectation = gap.Gap.Below,
        AboveExpectation = gap.Gap.Above,
        Improvement = gap.Improvement is { } ir
            ? new ImprovementResponse(
                Reported.Round(ir.Target, 2, precision), Reported.Round(ir.Current, 2, precision), Reported.Round(ir.Ratio, 3, precision),
                ir.K, Reported.Round(ir.Adjusted, 3, precision))
            : null,
    };
}
