using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

/// <summary>Method §7b: dimension scores, their intervals, the overall and weighted scores — hand-worked.</summary>
public sealed class ServiceQualityAnalyzerTests
{
    private const long F1 = 1, F2 = 2, F3 = 3, F4 = 4;

    // f1 and f2 are reliability, f3 tangibles, f4 untagged.
    private static readonly Dictionary<long, ServiceDimension?> Dimensions = new()
    {
        [F1] = ServiceDimension.Reliability,
        [F2] = ServiceDimension.Reliability,
        [F3] = ServiceDimension.Tangibles,
        [F4] = null,
    };

    /// <summary>A feature whose <paramref name="count"/> respondents all give <paramref name="code"/> and state <paramref name="importance"/> and <paramref name="satisfaction"/>.</summary>
    private static FeatureInput Feature(long id, KanoCode code, int count, int? importance = null, int? satisfaction = null)
    {
        var matrix = new AnswerMatrix();
        var (functional, dysfunctional) = Build.CellOf(code);
        for (var k = 0; k < count; k++)
        {
            matrix.Add(functional, dysfunctional, importance, satisfaction);
        }

        return new FeatureInput(id, "f" + id, "Feature " + id, matrix);
    }

    private static SurveyAnalysis Analysis() => KanoAnalyzer.Analyze(
        [
            Feature(F1, KanoCode.M, 3, importance: 8, satisfaction: 2),
            Feature(F2, KanoCode.O, 2, importance: 6, satisfaction: 4),
            Feature(F3, KanoCode.A, 3, importance: 4),
            Feature(F4, KanoCode.I, 1),
        ],
        AnalysisOptions.Default,
        estimateCategoryProbabilities: false);

    /// <summary>
    /// Three respondents, (E, P) → d:
    /// R1: f1 (6,4) −2, f2 (5,5) 0, f3 (4,6) +2, f4 (1,7) +6;
    /// R2: f1 (7,6) −1, f2 (6,4) −2, f3 (5,5) 0;
    /// R3: f1 (5,5) 0, f3 (6,7) +1 (no f2).
    /// </summary>
    private static GapSample Sample()
    {
        var sample = new GapSample(Dimensions);
        sample.Add(1, F1, 6, 4);
        sample.Add(1, F2, 5, 5);
        sample.Add(1, F3, 4, 6);
        sample.Add(1, F4, 1, 7);
        sample.Add(2, F1, 7, 6);
        sample.Add(2, F2, 6, 4);
        sample.Add(2, F3, 5, 5);
        sample.Add(3, F1, 5, 5);
        sample.Add(3, F3, 6, 7);
        sample.Add(3, 99, 1, 7); // a feature the sample was not told about: left out
        return sample;
    }

    [Fact]
    public void A_dimension_scores_the_mean_of_its_features_gaps_with_an_interval_from_each_respondents_own_mean()
    {
        var report = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, Sample());

        // Item gaps: f1 (−2, −1, 0) → −1; f2 (0, −2) → −1; f3 (2, 0, 1) → 1; f4 (6) → 6.
        Assert.Equal([-1.0, -1.0, 1.0, 6.0], report.Features.Select(f => f.Gap.Gap!.Value));
        Assert.Equal(9, Sample().Pairs);

        var reliability = report.Dimensions.Single(d => d.Dimension == ServiceDimension.Reliability);
        // Score = mean(−1, −1) = −1.
        // Respondent means over reliability: R1 (−2 + 0)/2 = −1, R2 (−1 − 2)/2 = −1.5, R3 0/1 = 0.
        // sd = sqrt(((−1 + 5/6)² + (−1.5 + 5/6)² + (5/6)²)/2) = sqrt(0.583333) = 0.763763.
        // half-width = t(0.975, 2)·sd/√3 = 4.302653 × 0.440959 = 1.897292 → −2.897292 to 0.897292.
        Assert.Equal(-1, reliability.Score!.Value, 12);
        Assert.Equal(3, reliability.Respondents);
        Assert.Equal(0.7637626158, reliability.Sd!.Value, 8);
        Assert.Equal(-2.8972915168, reliability.Interval!.Value.Low, 8);
        Assert.Equal(0.8972915168, reliability.Interval!.Value.High, 8);

        var tangibles = report.Dimensions.Single(d => d.Dimension == ServiceDimension.Tangibles);
        // Respondent means: 2, 0, 1 → sd 1; half-width 4.302653/√3 = 2.484138 around the score 1.
        Assert.Equal(1, tangibles.Score!.Value, 12);
        Assert.Equal(-1.4841377118, tangibles.Interval!.Value.Low, 8);
        Assert.Equal(3.4841377118, tangibles.Interval!.Value.High, 8);
        Assert.Equal(2, report.Dimensions.Count);
    }

    [Fact]
    public void The_overall_score_is_the_mean_of_the_dimension_scores_and_untagged_features_do_not_count()
    {
        var overall = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, Sample()).Overall!;

        // Unweighted = mean(−1, 1) = 0: f4's +6 is untagged, so it is in no dimension.
        // Each respondent's overall = mean of their dimension means: R1 mean(−1, 2) = 0.5, R2 mean(−1.5, 0) = −0.75,
        // R3 mean(0, 1) = 0.5 → sd = sqrt(0.520833) = 0.721688; half-width 4.302653 × 0.721688/√3 = 1.792772.
        Assert.Equal("dimensions", overall.Basis);
        Assert.Equal(0, overall.Unweighted!.Value, 12);
        Assert.Equal(3, overall.Respondents);
        Assert.Equal(0.7216878365, overall.Sd!.Value, 8);
        Assert.Equal(-1.7927719707, overall.Interval!.Value.Low, 8);
        Assert.Equal(1.7927719707, overall.Interval!.Value.High, 8);
    }

    [Fact]
    public void The_weighted_score_weights_each_dimension_by_the_mean_stated_importance_of_its_features()
    {
        var report = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, Sample());

        // Reliability: importance 8 × 3 answers and 6 × 2 → pooled 36/5 = 7.2; tangibles 4.
        // Weights 7.2/11.2 = 0.642857 and 4/11.2 = 0.357143; weighted = −0.642857 + 0.357143 = −0.285714.
        var reliability = report.Dimensions.Single(d => d.Dimension == ServiceDimension.Reliability);
        Assert.Equal(7.2, reliability.Importance.Mean!.Value, 12);
        Assert.Equal(0.6428571429, reliability.Weight!.Value, 8);
        Assert.Equal(-0.2857142857, report.Overall!.Weighted!.Value, 8);
    }

    [Fact]
    public void A_dimension_rolls_up_its_features_categories_better_worse_and_satisfaction()
    {
        var reliability = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, Sample()).Dimensions[0];

        // f1 is M (Better 0, Worse −1), f2 is O (Better 1, Worse −1): means 0.5 and −1.
        // Satisfaction: 2 × 3 answers and 4 × 2 → pooled 14/5 = 2.8.
        Assert.Equal(ServiceDimension.Reliability, reliability.Dimension);
        Assert.Equal(1, reliability.Categories[KanoCategory.Basic]);
        Assert.Equal(1, reliability.Categories[KanoCategory.Expected]);
        Assert.Equal(0.5, reliability.MeanBetter!.Value, 12);
        Assert.Equal(-1, reliability.MeanWorse!.Value, 12);
        Assert.Equal(2.8, reliability.Satisfaction.Mean!.Value, 12);
        Assert.Equal(5, reliability.Satisfaction.N);
    }

    [Fact]
    public void Without_expectation_and_perception_the_dimensions_still_roll_up_but_there_is_no_score_or_level()
    {
        var report = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, null);

        Assert.False(report.HasGapData);
        Assert.Null(report.Overall);
        Assert.Null(report.Level);
        Assert.Equal([ServiceDimension.Reliability, ServiceDimension.Tangibles], report.Dimensions.Select(d => d.Dimension));
        Assert.All(report.Dimensions, d => Assert.Null(d.Score));
        Assert.All(report.Dimensions, d => Assert.Null(d.Level));
        Assert.Equal(0.5, report.Dimensions[0].MeanBetter!.Value, 12);
    }

    [Fact]
    public void With_no_tagged_feature_the_overall_score_is_the_mean_of_the_features_gaps()
    {
        var untagged = new Dictionary<long, ServiceDimension?> { [F1] = null, [F2] = null, [F3] = null, [F4] = null };
        var sample = new GapSample(untagged);
        // f1: d = −2 (R1), 0 (R2); f2: d = +1 (R1). Item gaps −1 and 1 → overall 0.
        // Respondent overall = mean of their differences: R1 (−2 + 1)/2 = −0.5, R2 0 → sd = 0.353553;
        // half-width t(0.975, 1)·0.353553/√2 = 12.706205 × 0.25 = 3.176551.
        sample.Add(1, F1, 6, 4);
        sample.Add(2, F1, 5, 5);
        sample.Add(1, F2, 4, 5);

        var report = ServiceQualityAnalyzer.Analyze(Analysis(), untagged, sample);
        Assert.Empty(report.Dimensions);
        Assert.Equal("features", report.Overall!.Basis);
        Assert.Equal(0, report.Overall.Unweighted!.Value, 12);
        Assert.Equal(-3.1765511840, report.Overall.Interval!.Value.Low, 8);
        Assert.Null(report.Overall.Weighted);
    }

    [Fact]
    public void Each_feature_carries_its_Kano_adjusted_improvement_ratio()
    {
        var report = ServiceQualityAnalyzer.Analyze(Analysis(), Dimensions, Sample());
        // f1 (basic): Ē = 18/3 = 6, P̄ = 15/3 = 5 → IR0 = 1.2, k = 0.5 → 1.44.
        var f1 = report.Feature(F1)!;
        Assert.Equal(1.2, f1.Improvement!.Ratio, 12);
        Assert.Equal(1.44, f1.Improvement.Adjusted!.Value, 12);
    }
}
