namespace Kano.Analysis.ServiceQuality;

/// <summary>One feature's Kano analysis with its SERVQUAL dimension, its gap 5 and its Kano-adjusted improvement ratio.</summary>
public sealed record FeatureGap(FeatureAnalysis Feature, ServiceDimension? Dimension, ItemGap Gap, ImprovementRatio? Improvement);

/// <summary>
/// One SERVQUAL dimension rolled up: its features and their categories, Better/Worse means, current satisfaction and,
/// with expectation/perception answers, its gap score with an interval and its service level.
/// </summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Features">Its features, in the survey's order.</param>
/// <param name="Categories">How many of its features fall in each category (features nobody answered are not counted).</param>
/// <param name="MeanBetter">Mean of the features' Better; null when none has one.</param>
/// <param name="MeanWorse">Mean of the features' Worse; null when none has one.</param>
/// <param name="Satisfaction">Current satisfaction (1-5) over every rating of its features: the pooled mean; its Sd is not computed (null).</param>
/// <param name="Importance">Stated importance (1-9) over every rating of its features: the pooled mean (Sd null); the dimension's weight is taken from it.</param>
/// <param name="Score">SERVQUAL's dimension score: the mean of its features' gaps; null when none has one.</param>
/// <param name="Respondents">Respondents who gave expectation and perception for at least one of its features.</param>
/// <param name="Sd">Sample standard deviation of those respondents' own mean gaps over the dimension's features they answered.</param>
/// <param name="Interval">Score ± t(0.975, n − 1)·Sd/√n with n = <paramref name="Respondents"/>; null when n &lt; 2.</param>
/// <param name="Weight">The dimension's share of the importance weights (see <see cref="ServiceOverall.Weighted"/>); null without them.</param>
/// <param name="Level">Where the dimension's service stands; null without expectation/perception answers.</param>
public sealed record DimensionRollup(
    ServiceDimension Dimension,
    IReadOnlyList<FeatureGap> Features,
    IReadOnlyDictionary<KanoCategory, int> Categories,
    double? MeanBetter,
    double? MeanWorse,
    MeanScore Satisfaction,
    MeanScore Importance,
    double? Score,
    long Respondents,
    double? Sd,
    Interval? Interval,
    double? Weight,
    ServiceLevelVerdict? Level)
{
    /// <summary>Features of the dimension in a category whose gap interval lies wholly below 0 ("responsiveness: two basic needs below expectation").</summary>
    public int BelowExpectation(KanoCategory category) => Features.Count(f => f.Feature.Category == category && f.Gap.Below);
}

/// <summary>The whole service's gap 5.</summary>
/// <param name="Basis">"dimensions": the mean of the dimension scores; "features": no answered feature is tagged, so the mean of the features' gaps.</param>
/// <param name="Unweighted">SERVQUAL's unweighted score.</param>
/// <param name="Respondents">Respondents with at least one gap counted in the score.</param>
/// <param name="Sd">Sample standard deviation of each respondent's own overall gap (the mean of their dimension means, or of their differences).</param>
/// <param name="Interval">Unweighted ± t(0.975, n − 1)·Sd/√n; null when n &lt; 2.</param>
/// <param name="Weighted">Σ weight × dimension score, weights from the dimensions' mean stated importance; null unless every scored dimension has one.</param>
public sealed record ServiceOverall(string Basis, double? Unweighted, long Respondents, double? Sd, Interval? Interval, double? Weighted);

/// <summary>Service quality of a survey: features, dimensions, overall score and levels (method §7b).</summary>
/// <param name="HasGapData">Whether any respondent gave expectation and perception; without them only the dimension rollup is meaningful.</param>
/// <param name="Features">Every feature, in the survey's order.</param>
/// <param name="Dimensions">The dimensions that have at least one feature, in SERVQUAL's order.</param>
/// <param name="Overall">The whole service's gap; null without gap data.</param>
/// <param name="Level">Where the whole service stands; null without gap data.</param>
public sealed record ServiceQualityReport(
    bool HasGapData,
    IReadOnlyList<FeatureGap> Features,
    IReadOnlyList<DimensionRollup> Dimensions,
    ServiceOverall? Overall,
    ServiceLevelVerdict? Level)
{
    /// <summary>The feature's service-quality figures, or null when the report does not hold it.</summary>
    public FeatureGap? Feature(long featureId) => Features.FirstOrDefault(f => f.Feature.FeatureId == featureId);
}

/// <summary>
/// SERVQUAL's gap scores (Parasuraman, Zeithaml &amp; Berry, Journal of Retailing 64(1), 1988) over a Kano analysis:
/// per feature the paired gap with its t interval (<see cref="GapStatistics"/>), per dimension the mean of its
/// features' gaps, overall the mean of the dimension scores, and the importance-weighted score; per feature Tan &amp;
/// Shen's Kano-adjusted improvement ratio (<see cref="ImprovementRatios"/>); overall and per dimension the service
/// level (<see cref="ServiceLevels"/>). The formulas and sources are in README.md.
/// <para>
/// The interval of a dimension (and of the overall score) is centred on its score and its half-width is
/// t(0.975, n − 1)·sd/√n over the respondents' own mean gaps over the dimension's features they answered. When every
/// respondent answered every feature of the dimension the score equals the mean of those respondent means, and the
/// interval is exactly the paired t interval of that mean; when they answered different features it is an approximation.
/// </para>
/// <para>
/// SERVQUAL weights dimensions by 100 importance points each respondent allocates among them. KanoApi asks a
/// 1-9 importance per feature instead, so a dimension's weight is the mean stated importance of its features, divided
/// by the sum over the scored dimensions: the project's approximation of the allocated points.
/// </para>
/// </summary>
public static class ServiceQualityAnalyzer
{
    /// <summary>The report of <paramref name="analysis"/>; <paramref name="sample"/> null when no expectation/perception was read.</summary>
    /// <param name="analysis">The survey's Kano analysis, over the same respondents as the sample.</param>
    /// <param name="dimensions">Each feature's dimension (a feature missing from it is untagged).</param>
    /// <param name="sample">The chosen respondents' expectation/perception pairs.</param>
    public static ServiceQualityReport Analyze(SurveyAnalysis analysis, IReadOnlyDictionary<long, ServiceDimension?> dimensions, GapSample? sample)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(dimensions);
        var hasGapData = sample is { Pairs: > 0 };
        var features = analysis.Features
            .Select(feature =>
            {
                var gap = GapStatistics.Item(hasGapData ? sample!.Item(feature.FeatureId) : default);
                return new FeatureGap(
                    feature,
                    dimensions.GetValueOrDefault(feature.FeatureId),
                    gap,
                    ImprovementRatios.Of(gap.MeanExpectation, gap.MeanPerception, feature.Category));
            })
            .ToArray();

        var rollups = ServiceDimensions.All
            .Select(dimension => (Dimension: dimension, Features: features.Where(f => f.Dimension == dimension).ToArray()))
            .Where(group => group.Features.Length > 0)
            .Select(group => Rollup(group.Dimension, group.Features, hasGapData ? sample!.Dimension(group.Dimension) : default, hasGapData))
            .ToArray();

        if (!hasGapData)
        {
            return new ServiceQualityReport(false, features, rollups, null, null);
        }

        // Weights: each scored dimension's mean stated importance over the sum of them; none unless all have one.
        var scored = rollups.Where(r => r.Score is not null).ToArray();
        double? weighted = null;
        if (scored.Length > 0 && scored.All(r => r.Importance.Mean is not null))
        {
            var total = scored.Sum(r => r.Importance.Mean!.Value);
            rollups = [.. rollups.Select(r => r.Score is null ? r : r with { Weight = r.Importance.Mean!.Value / total })];
            weighted = rollups.Where(r => r.Weight is not null).Sum(r => r.Weight!.Value * r.Score!.Value);
        }

        var tagged = sample!.AnyTagged;
        var scores = tagged
            ? scored.Select(r => r.Score!.Value).ToArray()
            : features.Where(f => f.Gap.Gap is not null).Select(f => f.Gap.Gap!.Value).ToArray();
        double? unweighted = scores.Length > 0 ? scores.Average() : null;
        var spread = sample.Overall();
        var (sd, interval) = unweighted is double u ? GapStatistics.Spread(spread.N, spread.N > 0 ? spread.Sum / spread.N : 0, spread.Sum, spread.SumSquares, u) : (null, null);
        var overall = new ServiceOverall(tagged ? "dimensions" : "features", unweighted, spread.N, sd, interval, weighted);
        return new ServiceQualityReport(true, features, rollups, overall, ServiceLevels.Place(features));
    }

    private static DimensionRollup Rollup(ServiceDimension dimension, FeatureGap[] features, RespondentSums respondents, bool hasGapData)
    {
        var answered = features.Where(f => f.Feature.Category is not null).ToArray();
        var categories = answered.GroupBy(f => f.Feature.Category!.Value).ToDictionary(group => group.Key, group => group.Count());
        var gaps = features.Where(f => f.Gap.Gap is not null).Select(f => f.Gap.Gap!.Value).ToArray();
        double? score = gaps.Length > 0 ? gaps.Average() : null;
        var (sd, interval) = score is double s && respondents.N > 0
            ? GapStatistics.Spread(respondents.N, respondents.Sum / respondents.N, respondents.Sum, respondents.SumSquares, s)
            : (null, null);
        return new DimensionRollup(
            dimension,
            features,
            categories,
            Mean(features.Select(f => f.Feature.Better)),
            Mean(features.Select(f => f.Feature.Worse)),
            Pooled(features.Select(f => f.Feature.Satisfaction)),
            Pooled(features.Select(f => f.Feature.Importance)),
            score,
            respondents.N,
            sd,
            interval,
            null,
            hasGapData ? ServiceLevels.Place(features) : null);
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var known = values.Where(value => value is not null).Select(value => value!.Value).ToArray();
        return known.Length > 0 ? known.Average() : null;
    }

    /// <summary>The mean over every rating of several features: Σ mean·n / Σ n (each feature's mean is over its n ratings).</summary>
    private static MeanScore Pooled(IEnumerable<MeanScore> scores)
    {
        double sum = 0;
        long n = 0;
        foreach (var score in scores)
        {
            if (score.Mean is double mean && score.N > 0)
            {
                sum += mean * score.N;
                n += score.N;
            }
        }

        return new MeanScore(n > 0 ? sum / n : null, null, n);
    }
}
