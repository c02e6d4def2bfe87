using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

/// <summary>Method §7b: SERVQUAL's gap per feature with its paired t interval, and Tan &amp; Shen's adjustment — hand-worked.</summary>
public sealed class GapStatisticsTests
{
    [Theory]
    // Student's t, two-sided 95 % (the printed tables: 12.706, 4.303, 2.776, 2.042).
    [InlineData(1, 12.7062047361747)]
    [InlineData(2, 4.30265272974946)]
    [InlineData(4, 2.77644510519779)]
    [InlineData(30, 2.04227245630124)]
    public void The_t_quantile_is_the_tables_value(long df, double expected) =>
        Assert.Equal(expected, GapStatistics.T975(df), 9);

    [Fact]
    public void A_features_gap_is_the_mean_of_each_respondents_own_difference_with_its_paired_t_interval()
    {
        // Five respondents (E, P): (7,5) (6,5) (7,6) (5,5) (6,3).
        // Mean E = 31/5 = 6.2, mean P = 24/5 = 4.8.
        // d = P − E: −2, −1, −1, 0, −3; Σd = −7, mean −1.4; Σd² = 15.
        // sd² = (Σd² − mean·Σd)/(n − 1) = (15 − 9.8)/4 = 1.3, sd = 1.140175.
        // half-width = t(0.975, 4)·sd/√5 = 2.776445 × 0.509902 = 1.415715 → interval −2.815715 to 0.015715.
        var sums = default(PairedSums);
        foreach (var (e, p) in new[] { (7, 5), (6, 5), (7, 6), (5, 5), (6, 3) })
        {
            sums = sums.Add(e, p);
        }

        var gap = GapStatistics.Item(sums);
        Assert.Equal(5, gap.N);
        Assert.Equal(6.2, gap.MeanExpectation!.Value, 12);
        Assert.Equal(4.8, gap.MeanPerception!.Value, 12);
        Assert.Equal(-1.4, gap.Gap!.Value, 12);
        Assert.Equal(1.1401754251, gap.Sd!.Value, 8);
        Assert.Equal(-2.8157147770, gap.Interval!.Value.Low, 8);
        Assert.Equal(0.0157147770, gap.Interval!.Value.High, 8);
        // The interval reaches above 0: not below expectation beyond doubt, and not above it either.
        Assert.False(gap.Below);
        Assert.False(gap.Above);
    }

    [Fact]
    public void One_answer_gives_a_gap_but_no_interval_and_none_gives_nothing()
    {
        var one = GapStatistics.Item(default(PairedSums).Add(6, 4));
        Assert.Equal(-2, one.Gap);
        Assert.Null(one.Sd);
        Assert.Null(one.Interval);
        Assert.False(one.Below);

        var none = GapStatistics.Item(default);
        Assert.Equal(0, none.N);
        Assert.Null(none.Gap);
        Assert.Null(none.MeanExpectation);
    }

    [Fact]
    public void Equal_differences_have_no_spread_and_a_point_interval()
    {
        // d = −1 three times: sd 0, interval −1 to −1 (wholly below 0).
        var sums = default(PairedSums).Add(5, 4).Add(6, 5).Add(7, 6);
        var gap = GapStatistics.Item(sums);
        Assert.Equal(0, gap.Sd);
        Assert.Equal(new Interval(-1, -1), gap.Interval);
        Assert.True(gap.Below);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(8, 4)]
    [InlineData(4, 0)]
    public void An_answer_off_the_seven_point_scale_is_refused(int expectation, int perception) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => default(PairedSums).Add(expectation, perception));

    [Theory]
    // IR0 = Ē / P̄ = 6.2 / 4.8 = 1.291667.
    // must-be k = 0.5: IR0² = 1.668403; one-dimensional k = 1: 1.291667; attractive k = 1.5: IR0^(2/3) = 1.186043.
    [InlineData(KanoCategory.Basic, 0.5, 1.6684027778)]
    [InlineData(KanoCategory.Expected, 1, 1.2916666667)]
    [InlineData(KanoCategory.Delighter, 1.5, 1.1860426361)]
    public void The_Kano_adjusted_improvement_ratio_raises_target_over_current_to_one_over_k(KanoCategory category, double k, double adjusted)
    {
        var ratio = ImprovementRatios.Of(6.2, 4.8, category)!;
        Assert.Equal(1.2916666667, ratio.Ratio, 8);
        Assert.Equal(k, ratio.K);
        Assert.Equal(adjusted, ratio.Adjusted!.Value, 8);
    }

    [Fact]
    public void An_indifferent_feature_has_a_ratio_but_no_Kano_adjustment_and_a_feature_without_answers_has_neither()
    {
        var indifferent = ImprovementRatios.Of(6.2, 4.8, KanoCategory.Indifferent)!;
        Assert.Null(indifferent.K);
        Assert.Null(indifferent.Adjusted);
        Assert.Null(ImprovementRatios.Of(null, null, KanoCategory.Basic));
    }

    [Fact]
    public void A_must_be_shortfall_is_amplified_and_an_attractive_one_damped()
    {
        // The point of Tan & Shen's adjustment: for the same IR0 > 1, must-be > one-dimensional > attractive.
        var basic = ImprovementRatios.Of(6, 4, KanoCategory.Basic)!.Adjusted!.Value;
        var expected = ImprovementRatios.Of(6, 4, KanoCategory.Expected)!.Adjusted!.Value;
        var delighter = ImprovementRatios.Of(6, 4, KanoCategory.Delighter)!.Adjusted!.Value;
        Assert.Equal(2.25, basic, 12);
        Assert.Equal(1.5, expected, 12);
        Assert.True(delighter < expected);
    }
}
