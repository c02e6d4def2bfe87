using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §8: every worked example, to the printed precision.</summary>
public class WorkedExampleTests
{
    // Sauerwein et al. 1996, Fig. 11, as counts of 100 respondents.
    [Theory]
    [InlineData("Edge grip", 7, 33, 50, 10, 0.40, -0.83)]
    [InlineData("Service", 66, 22, 3, 9, 0.88, -0.25)]
    public void SauerweinsSkiStudyBetterAndWorseAreReproducedToTwoDecimals(string feature, int a, int o, int m, int i, double better, double worse)
    {
        var result = Build.Analyze(Build.Feature(feature, a, o, m, i));
        Assert.Equal(better, Math.Round(result.Better!.Value, 2));
        Assert.Equal(worse, Math.Round(result.Worse!.Value, 2));
    }

    [Fact]
    public void SauerweinsServiceBetterIs088FromThePrintedPercentagesThoughTheFigurePrints089() =>
        Assert.Equal(0.88, Math.Round(Build.Analyze(Build.Feature("Service", 66, 22, 3, 9)).Better!.Value, 2));

    [Fact]
    public void SauerweinsEaseOfTurnIsReproducedWithWorseMinus077FromThePrintedPercentagesThoughTheFigurePrintsMinus078()
    {
        // 46 + 31 = 77 of 100: the figure's −0.78, like Service's 0.89, comes from the unrounded original data.
        var result = Build.Analyze(Build.Feature("Ease of turn", 11, 46, 31, 12));
        Assert.Equal(0.57, Math.Round(result.Better!.Value, 2));
        Assert.Equal(-0.77, Math.Round(result.Worse!.Value, 2));
    }

    // Brand & Rese 2026, Table 1.
    [Theory]
    [InlineData("App-based bonus program", 216, 56, 13, 275, 23, 24, 0.486, -0.123)]
    [InlineData("Smart mirror", 229, 42, 5, 276, 33, 22, 0.491, -0.085)]
    [InlineData("Free in-store WiFi", 187, 71, 46, 258, 19, 26, 0.459, -0.208)]
    public void BrandAndReseCoefficientsAreReproducedToThreeDecimals(string feature, int a, int o, int m, int i, int r, int q, double better, double worse)
    {
        var result = Build.Analyze(Build.Feature(feature, a, o, m, i, r, q));
        Assert.Equal(607, result.N);
        Assert.Equal(better, Math.Round(result.Better!.Value, 3));
        Assert.Equal(worse, Math.Round(result.Worse!.Value, 3));
        Assert.True(result.Fong.Applicable);
        Assert.True(result.Fong.Significant);
        Assert.Null(result.Dual);
    }

    private static FeatureInput WiFi => Build.Feature("free-wifi", 187, 71, 46, 258, 19, 26);

    [Fact]
    public void WiFiIsIndifferentUnderTheModeRule() =>
        Assert.Equal(KanoCode.I, Build.Analyze(WiFi, ClassificationRule.Mode).Code);

    [Fact]
    public void WiFiFlipsToDelighterUnderThePositiveVsRestRule()
    {
        // o + a + m = 304 > i + r + q = 303 (Berger et al. 1993).
        var result = Build.Analyze(WiFi, ClassificationRule.PositiveVsRest);
        Assert.Equal(KanoCode.A, result.Code);
        Assert.Equal(KanoCategory.Delighter, result.Category);
        Assert.Equal(KanoCode.I, result.SecondaryCode);
    }

    [Fact]
    public void WiFiStaysIndifferentUnderTheHierarchyRuleBecauseItsCategoryStrengthIsAboveSixPoints()
    {
        var result = Build.Analyze(WiFi, ClassificationRule.Hierarchy);
        Assert.Equal(KanoCode.I, result.Code);
        Assert.Equal(KanoCode.A, result.SecondaryCode);
        Assert.Equal(11.70, Math.Round(result.CategoryStrength, 2));
    }

    [Fact]
    public void WiFiFongDifferenceIs71AgainstACriticalValueOf27Point70()
    {
        var fong = Build.Analyze(WiFi).Fong;
        Assert.Equal(71, fong.Difference);
        Assert.Equal(27.70, Math.Round(fong.Critical, 2));
        Assert.True(fong.Significant);
        Assert.Equal((KanoCode.I, KanoCode.A), (fong.First, fong.Second));
    }

    [Fact]
    public void WiFiPercentagesMatchTheApiContractExample()
    {
        var result = Build.Analyze(WiFi);
        var expected = new Dictionary<KanoCode, double> { [KanoCode.A] = 30.81, [KanoCode.O] = 11.70, [KanoCode.M] = 7.58, [KanoCode.I] = 42.50, [KanoCode.R] = 3.13, [KanoCode.Q] = 4.28 };
        foreach (var (code, percent) in expected)
        {
            Assert.Equal(percent, Math.Round(result.Percentages[code], 2));
        }

        Assert.Equal([KanoCode.A, KanoCode.O, KanoCode.M, KanoCode.I, KanoCode.R, KanoCode.Q], result.Counts.Keys);
        // %A + %O + %M = 304 / 607 = 50.08% (the contract's 50.09 is the sum of rounded percentages).
        Assert.Equal(50.08, Math.Round(result.TotalStrength, 2));
    }

    [Fact]
    public void WiFiWarnsThatQuestionableAnswersAreAbove2Percent()
    {
        var warning = Assert.Single(Build.Analyze(WiFi).Warnings, w => w.Code == KanoWarnings.QuestionableAnswersCode);
        Assert.Equal("questionable answers are 4.3% of this feature: check the question wording", warning.Message(Language.English));
    }

    // The 25-respondent example (Kano model guide, "Classic Kano survey analysis"), counts in M/O/A/I/R/Q order.
    private static FeatureInput TwentyFiveFeature1 => Build.Feature("feature-1", m: 9, o: 10, a: 1, i: 2, r: 3, q: 0);
    private static FeatureInput TwentyFiveFeature2 => Build.Feature("feature-2", m: 9, o: 5, a: 4, i: 2, r: 4, q: 1);

    [Fact]
    public void TwentyFiveRespondentFeature1IsExpectedByModeWithBetter050AndWorseMinus0864()
    {
        var result = Build.Analyze(TwentyFiveFeature1, ClassificationRule.Mode);
        Assert.Equal(25, result.N);
        Assert.Equal(KanoCode.O, result.Code);
        Assert.Equal(0.50, Math.Round(result.Better!.Value, 2));
        Assert.Equal(-0.864, Math.Round(result.Worse!.Value, 3));
    }

    [Fact]
    public void TwentyFiveRespondentFeature1FongDifferenceOf1IsNotSignificantAgainst5Point66SoItIsDualOM()
    {
        var result = Build.Analyze(TwentyFiveFeature1, ClassificationRule.Mode);
        Assert.True(result.Fong.Applicable);
        Assert.Equal(1, result.Fong.Difference);
        Assert.Equal(5.66, Math.Round(result.Fong.Critical, 2));
        Assert.False(result.Fong.Significant);
        Assert.Equal("O/M", result.Dual);
    }

    [Fact]
    public void TwentyFiveRespondentFeature1IsBasicUnderTheHierarchyRuleBecauseItsStrengthIsFourPoints()
    {
        var result = Build.Analyze(TwentyFiveFeature1, ClassificationRule.Hierarchy);
        Assert.Equal(4, result.CategoryStrength, 9);
        Assert.Equal(KanoCode.M, result.Code);
        Assert.Equal("M/O", result.Dual);
    }

    [Theory]
    [InlineData(ClassificationRule.Mode)]
    [InlineData(ClassificationRule.Hierarchy)]
    [InlineData(ClassificationRule.PositiveVsRest)]
    public void TwentyFiveRespondentFeature2IsBasicUnderEveryRule(ClassificationRule rule) =>
        Assert.Equal(KanoCode.M, Build.Analyze(TwentyFiveFeature2, rule).Code);
}
