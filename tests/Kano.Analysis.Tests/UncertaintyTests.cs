using CsCheck;
using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §7a: each formula against values published or worked by hand, and the properties they must keep.</summary>
public class UncertaintyTests
{
    [Fact]
    public void WilsonIntervalOf81In263MatchesNewcombesPublishedValues()
    {
        // Newcombe 1998, "Two-sided confidence intervals for the single proportion", Table II, example 81/263:
        // score method without continuity correction 0.2553 to 0.3662.
        var interval = Uncertainty.Wilson(81, 263)!.Value;
        Assert.Equal(0.2553, interval.Low, 4);
        Assert.Equal(0.3662, interval.High, 4);
    }

    [Fact]
    public void WilsonIntervalOfNoneAndAllReachesTheBoundExactly()
    {
        // Newcombe 1998, Table II, 0/20: 0 to 0.1611; by symmetry 20/20: 0.8389 to 1.
        var none = Uncertainty.Wilson(0, 20)!.Value;
        Assert.Equal(0, none.Low);
        Assert.Equal(0.1611, none.High, 4);
        var all = Uncertainty.Wilson(20, 20)!.Value;
        Assert.Equal(0.8389, all.Low, 4);
        Assert.Equal(1, all.High);
    }

    [Fact]
    public void WilsonIntervalOfNoTrialsIsNull() => Assert.Null(Uncertainty.Wilson(0, 0));

    [Theory]
    [InlineData(3.841, 1, 0.05)]
    [InlineData(6.635, 1, 0.01)]
    [InlineData(9.488, 4, 0.05)]
    [InlineData(11.070, 5, 0.05)]
    [InlineData(15.086, 5, 0.01)]
    [InlineData(18.307, 10, 0.05)]
    public void ChiSquareUpperTailAtTheTablesCriticalValuesIsTheirLevel(double critical, int df, double level) =>
        // Critical values of the chi-square distribution as printed in every statistics table (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.4).
        Assert.Equal(level, Uncertainty.ChiSquareUpperTail(critical, df), 4);

    [Fact]
    public void ChiSquareOfTwoByTwoTableWorkedByHand()
    {
        // 20/30 against 30/20: every expected count is 25, so χ² = 4 · 5² / 25 = 4 with df 1, and p = erfc(√2) = 0.0455003.
        var test = Uncertainty.ChiSquareHomogeneity([20, 30], [30, 20])!;
        Assert.Equal(4, test.Statistic, 12);
        Assert.Equal(1, test.Df);
        Assert.Equal(0.0455003, test.P, 6);
        Assert.Equal(25, test.SmallestExpected, 12);
        Assert.False(test.Approximate);
    }

    [Fact]
    public void ChiSquareLeavesOutCodesNobodyGaveAndSaysWhenExpectedCountsAreSmall()
    {
        // Six codes, two of them given by nobody in either wave: df = 4 − 1.
        var test = Uncertainty.ChiSquareHomogeneity([5, 3, 0, 2, 0, 1], [1, 6, 0, 4, 0, 1])!;
        Assert.Equal(3, test.Df);
        Assert.True(test.Approximate);
    }

    [Fact]
    public void ChiSquareOfAnEmptyWaveIsNull() => Assert.Null(Uncertainty.ChiSquareHomogeneity([0, 0], [3, 4]));

    [Fact]
    public void TwoProportionZTestWorkedByHand()
    {
        // 30/100 against 45/100: pooled p = 0.375, SE = sqrt(0.375 · 0.625 · 0.02) = 0.0684653, z = 0.15 / SE = 2.190890,
        // two-sided p = 2(1 − Φ(2.190890)) = 0.0284597.
        Assert.Equal(0.0284597, Uncertainty.TwoProportionP(30, 100, 45, 100)!.Value, 6);
    }

    [Theory]
    [InlineData(1.959964, 0.05)]
    [InlineData(2.575829, 0.01)]
    [InlineData(1.644854, 0.10)]
    public void NormalTwoSidedPAtTheUsualQuantilesIsTheirLevel(double z, double level) =>
        Assert.Equal(level, Uncertainty.NormalTwoSidedP(z), 6);

    [Fact]
    public void HolmAdjustsStepDownAndKeepsTheOrderGiven()
    {
        // m = 4, sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
        var adjusted = Uncertainty.Holm([0.01, 0.04, null, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, null, 0.06, 0.02], adjusted.Select(p => p is { } v ? Math.Round(v, 12) : (double?)null));
    }

    [Fact]
    public void SettleWorkedByHand()
    {
        // 30 and 20 of 100: 1.65² · 0.5 · 1.5 / (2 · 0.1²) = 102.09, so 103 respondents, 3 more.
        Assert.Equal(new Settle(103, 3), Uncertainty.ToSettle(30, 20, 100));
        Assert.Null(Uncertainty.ToSettle(20, 20, 100));
    }

    [Fact]
    public void LogGammaOfKnownValues()
    {
        Assert.Equal(Math.Log(24), Uncertainty.LogGamma(5), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), Uncertainty.LogGamma(0.5), 12);
    }

    [Fact]
    public void CategoryProbabilitiesAreReproducibleAndEvenWhenNobodyAnswered()
    {
        long[] none = [0, 0, 0, 0, 0, 0];
        var first = Uncertainty.CategoryProbabilities(none);
        Assert.Equal(first, Uncertainty.CategoryProbabilities(none));
        // By symmetry 1/6 each; 20,000 draws give a standard error of 0.0026.
        Assert.All(first, p => Assert.Equal(1.0 / 6, p, 0.011));
    }

    [Fact]
    public void CategoryProbabilitiesAgreeWithTheExactIntegral()
    {
        // Independent of the sampler: P(code j is largest) = ∫ g_j(x) Π_{i≠j} P(α_i, x) dx over Gamma(α = count + 1)
        // densities, with P(n, x) = 1 − e^−x Σ_{k<n} x^k/k! for whole n, integrated by the midpoint rule.
        long[] counts = [6, 4, 3, 1, 0, 0];
        var sampled = Uncertainty.CategoryProbabilities(counts);
        for (var j = 0; j < 6; j++)
        {
            double exact = 0, step = 0.001;
            for (var x = step / 2; x < 60; x += step)
            {
                var product = Density(counts[j] + 1, x);
                for (var i = 0; i < 6; i++)
                {
                    if (i != j)
                    {
                        product *= Cdf(counts[i] + 1, x);
                    }
                }

                exact += product * step;
            }

            Assert.Equal(exact, sampled[j], 0.012); // 4 standard errors of 20,000 draws at p = 0.5
        }

        static double Density(long shape, double x) => Math.Exp((shape - 1) * Math.Log(x) - x - Uncertainty.LogGamma(shape));

        static double Cdf(long shape, double x)
        {
            double term = 1, sum = 1;
            for (var k = 1; k < shape; k++)
            {
                term *= x / k;
                sum += term;
            }

            return 1 - Math.Exp(-x) * sum;
        }
    }

    [Fact]
    public void ACategoryWithAFewAnswersIsUncertainAndSaysSo()
    {
        var result = Build.Analyze(a: 4, o: 3, m: 2, i: 1);
        Assert.True(result.CategoryProbabilities![result.Code!.Value] < Uncertainty.CertainCategory);
        Assert.Contains(result.Warnings, warning => warning.Code == KanoWarnings.UncertainCategoryCode);
    }

    [Fact]
    public void AClearCategoryHasNoUncertaintyWarning()
    {
        var result = Build.Analyze(a: 10, o: 20, m: 150, i: 20);
        Assert.Equal(1, result.CategoryProbabilities![KanoCode.M], 3);
        Assert.DoesNotContain(result.Warnings, warning => warning.Code == KanoWarnings.UncertainCategoryCode);
        Assert.Equal(0, result.Settle!.More);
    }

    [Fact]
    public void WorseIntervalIsTheNegatedWilsonIntervalOfOPlusM()
    {
        // Sauerwein's edge grip in counts: A 7, O 33, M 50, I 10 → (O + M) / n' = 83/100.
        var result = Build.Analyze(a: 7, o: 33, m: 50, i: 10);
        var dissatisfied = Uncertainty.Wilson(83, 100)!.Value;
        Assert.Equal(-dissatisfied.High, result.WorseInterval!.Value.Low, 15);
        Assert.Equal(-dissatisfied.Low, result.WorseInterval!.Value.High, 15);
        Assert.Equal(Uncertainty.Wilson(40, 100), result.BetterInterval);
    }

    private static readonly Gen<long[]> GenCounts = Gen.Long[0, 300].Array[6];

    [Fact]
    public void IntervalsContainTheirCoefficient() =>
        GenCounts.Sample(counts =>
        {
            // Wilson intervals come from the counts alone; the Monte Carlo estimate is left out.
            var result = Build.Analyze(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], estimate: false);
            Assert.Equal(result.Better is null, result.BetterInterval is null);
            if (result.Better is { } better)
            {
                Assert.True(result.BetterInterval!.Value.Contains(better), $"{better} outside {result.BetterInterval}");
                Assert.True(result.WorseInterval!.Value.Contains(result.Worse!.Value), $"{result.Worse} outside {result.WorseInterval}");
                Assert.True(result.WorseInterval.Value.High <= 0);
            }
        }, iter: 200);

    [Fact]
    public void CategoryProbabilitiesSumToOne() =>
        Gen.Long[0, 1000].Array[6].Sample(counts =>
            Assert.Equal(1, Uncertainty.CategoryProbabilities(counts, 500).Sum(), 12), iter: 200);

    [Fact]
    public void RespondentsNeededNeverRiseAsTheLeaderPullsAhead() =>
        Gen.Select(Gen.Long[0, 500], Gen.Long[1, 200], Gen.Long[0, 500]).Sample((second, lead, others) =>
        {
            var n = second * 2 + lead + 1 + others;
            var before = Uncertainty.ToSettle(second + lead, second, n)!;
            var after = Uncertainty.ToSettle(second + lead + 1, second, n)!;
            Assert.True(after.Respondents <= before.Respondents, $"{before} then {after}");
        });

    [Fact]
    public void NoMoreRespondentsAreNeededExactlyWhenFongsTestIsSignificant() =>
        GenCounts.Sample(counts =>
        {
            // Fong's test and the respondents needed come from the counts alone; the Monte Carlo estimate is left out.
            var result = Build.Analyze(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], estimate: false);
            if (result.Fong.Applicable && result.Settle is { } settle)
            {
                Assert.Equal(result.Fong.Significant, settle.More == 0);
            }
        }, iter: 500);

    [Fact]
    public void AFeatureIsSettledOnlyWhenFongSeparatesItsTopTwoAndItsCategoryIsProbableEnough()
    {
        var clear = KanoAnalyzer.Analyze([Build.Feature("clear", a: 40, o: 5)]).Features[0];
        Assert.True(clear.Fong.Significant);
        Assert.True(clear.Settled);

        var even = KanoAnalyzer.Analyze([Build.Feature("even", a: 50, o: 48)]).Features[0];
        Assert.False(even.Fong.Significant);
        Assert.False(even.Settled);

        // Too few answers for Fong's test (a + o + m + i < 12): never settled, however lopsided.
        var few = KanoAnalyzer.Analyze([Build.Feature("few", a: 10)]).Features[0];
        Assert.False(few.Fong.Applicable);
        Assert.False(few.Settled);
    }
}
