using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

/// <summary>Method §7 with §7b: the gap and the Kano-adjusted improvement ratio in the backlog's order and rationale.</summary>
public sealed class ServiceQualityBacklogTests
{
    private static readonly Dictionary<long, ServiceDimension?> Untagged = new() { [1] = null, [2] = null, [3] = null };

    private static SurveyAnalysis Analysis() => KanoAnalyzer.Analyze(
        [
            // Worse −0.8: the most harmful basic feature, first without gap data.
            Build.Feature("harmful", m: 60, o: 20, i: 20, id: 1),
            // Worse −0.5: less harmful, but below expectation.
            Build.Feature("short", m: 50, i: 50, id: 2),
            // Expected: Better 0.7 + |Worse| 0.5 = 1.2.
            Build.Feature("expected", o: 50, a: 20, i: 30, id: 3),
        ],
        AnalysisOptions.Default,
        estimateCategoryProbabilities: false);

    /// <summary>
    /// "short": four respondents (E, P) = (7,5) (6,4) (7,5) (6,4): d = −2 each, sd 0, interval −2 to −2; Ē = 6.5, P̄ = 4.5.
    /// "expected": (6,4) (6,5): d = −2, −1; Ē = 6, P̄ = 4.5, IR0 = 1.333333, k = 1.
    /// "harmful": (5,5) (6,6): d = 0.
    /// </summary>
    private static ServiceQualityReport Report()
    {
        var sample = new GapSample(Untagged);
        sample.Add(1, 2, 7, 5);
        sample.Add(2, 2, 6, 4);
        sample.Add(3, 2, 7, 5);
        sample.Add(4, 2, 6, 4);
        sample.Add(1, 3, 6, 4);
        sample.Add(2, 3, 6, 5);
        sample.Add(1, 1, 5, 5);
        sample.Add(2, 1, 6, 6);
        return ServiceQualityAnalyzer.Analyze(Analysis(), Untagged, sample);
    }

    [Fact]
    public void Without_gap_data_the_backlog_is_as_before()
    {
        var plain = Backlog.Build(Analysis());
        var withoutGaps = Backlog.Build(Analysis(), ServiceQualityAnalyzer.Analyze(Analysis(), Untagged, null));
        Assert.Equal(["harmful", "short", "expected"], plain.Items.Select(i => i.Feature.Key));
        Assert.Equal(plain.Items.Select(i => (i.Feature.Key, i.Score, i.Rationale(Language.English))), withoutGaps.Items.Select(i => (i.Feature.Key, i.Score, i.Rationale(Language.English))));
        Assert.All(withoutGaps.Items, item => Assert.Equal(1, item.ImprovementFactor));
    }

    [Fact]
    public void A_basic_feature_below_expectation_comes_before_everything_else_and_its_rationale_gives_the_numbers()
    {
        var plan = Backlog.Build(Analysis(), Report());

        Assert.Equal(["short", "harmful", "expected"], plan.Items.Select(i => i.Feature.Key));
        var first = plan.Items[0];
        Assert.Equal(Backlog.FixFirst, first.Action);
        // IR0 = 6.5 / 4.5 = 1.444444; k = 0.5 → IR_adj = 1.444444² = 2.086420; score = |Worse| 0.5 × 2.086420 = 1.043210.
        Assert.Equal(2.0864197531, first.ImprovementFactor, 8);
        Assert.Equal(1.0432098765, first.Score, 8);
        Assert.Equal(
            "Basic need below expectation: perception 4.50 against expectation 6.50 (gap -2.00, 95 % CI -2.00 to -2.00; "
            + "Kano-adjusted improvement ratio 2.09), so it comes before everything else.",
            first.Rationale(Language.English));
    }

    [Fact]
    public void An_expected_features_score_is_multiplied_by_its_improvement_ratio_and_the_rationale_says_so()
    {
        var item = Backlog.Build(Analysis(), Report()).Items.Single(i => i.Feature.Key == "expected");

        // IR0 = 6 / 4.5 = 1.333333, k = 1 → factor 1.333333; score = 1.2 × 1.333333 = 1.6.
        Assert.Equal(1.3333333333, item.ImprovementFactor, 8);
        Assert.Equal(1.6, item.Score, 10);
        Assert.EndsWith("(perception 4.50 against expectation 6.00, Kano-adjusted improvement ratio 1.33 give a score of 1.60).", item.Rationale(Language.English));
    }
}
