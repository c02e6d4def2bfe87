using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §5: each rule on constructed ties and near-ties.</summary>
public class RuleTests
{
    [Fact]
    public void ModeTakesTheMostFrequentOfTheSix() =>
        Assert.Equal(KanoCode.R, Build.Analyze(a: 3, r: 4, q: 2, rule: ClassificationRule.Mode).Code);

    [Theory]
    [InlineData(0, 0, 5, 0, 0, 5, KanoCode.M)]   // M vs Q
    [InlineData(5, 5, 0, 0, 0, 0, KanoCode.O)]   // A vs O
    [InlineData(5, 0, 5, 0, 0, 0, KanoCode.M)]   // A vs M
    [InlineData(5, 0, 0, 5, 0, 0, KanoCode.A)]   // A vs I
    [InlineData(0, 0, 0, 5, 5, 0, KanoCode.I)]   // I vs R
    [InlineData(0, 0, 0, 0, 5, 5, KanoCode.R)]   // R vs Q
    [InlineData(4, 4, 4, 4, 4, 4, KanoCode.M)]   // all six
    public void ModeTiesAreBrokenMBeforeOBeforeABeforeIBeforeRBeforeQNotByColumnOrder(int a, int o, int m, int i, int r, int q, KanoCode expected) =>
        Assert.Equal(expected, Build.Analyze(a, o, m, i, r, q, ClassificationRule.Mode).Code);

    [Fact]
    public void HierarchyChoosesByMOAIWhenCategoryStrengthIsExactlyAtTheThreshold()
    {
        // 40% A vs 34% M: strength 6.0, at the threshold, so M > A decides.
        var result = Build.Analyze(a: 20, m: 17, i: 13);
        Assert.Equal(6, result.CategoryStrength, 12);
        Assert.Equal(KanoCode.M, result.Code);
    }

    [Fact]
    public void HierarchyKeepsTheModeWhenCategoryStrengthIsJustAboveTheThreshold()
    {
        // 41% A vs 34% M: strength 7.
        var result = Build.Analyze(a: 41, m: 34, i: 25);
        Assert.Equal(KanoCode.A, result.Code);
        Assert.Equal(KanoCode.M, result.SecondaryCode);
    }

    [Fact]
    public void HierarchyAtAThresholdThatCannotBeHitExactlyInPercentagesStillCountsAsAtTheThreshold()
    {
        // n = 300: 100 vs 82 is 33.33% − 27.33% = 6 points; computed from counts, not from rounded shares.
        Assert.Equal(KanoCode.O, Build.Analyze(a: 100, o: 82, i: 60, r: 58).Code);
    }

    [Fact]
    public void HierarchyKeepsTheModeWhenTheModeIsAlreadyHigherInMOAI() =>
        Assert.Equal(KanoCode.M, Build.Analyze(a: 36, m: 40, i: 24).Code);

    [Fact]
    public void HierarchyUsesTheGivenThreshold()
    {
        Assert.Equal(KanoCode.A, Build.Analyze(a: 41, m: 34, i: 25, threshold: 6).Code);
        Assert.Equal(KanoCode.M, Build.Analyze(a: 41, m: 34, i: 25, threshold: 10).Code);
    }

    [Fact]
    public void HierarchyNeverChoosesACodeNobodyGave() =>
        Assert.Equal(KanoCode.R, Build.Analyze(r: 5, threshold: 100).Code);

    [Fact]
    public void PositiveVsRestTakesTheLargestPositiveCodeWhenPositiveAnswersAreTheMajority() =>
        Assert.Equal(KanoCode.A, Build.Analyze(a: 20, o: 6, m: 5, i: 30, rule: ClassificationRule.PositiveVsRest).Code);

    [Fact]
    public void PositiveVsRestTakesTheLargestOfTheRestOnAnEvenSplit() =>
        Assert.Equal(KanoCode.I, Build.Analyze(a: 30, i: 20, r: 10, rule: ClassificationRule.PositiveVsRest).Code);

    [Fact]
    public void PositiveVsRestTiesAreBrokenMBeforeOBeforeA()
    {
        Assert.Equal(KanoCode.O, Build.Analyze(a: 10, o: 10, i: 5, rule: ClassificationRule.PositiveVsRest).Code);
        Assert.Equal(KanoCode.M, Build.Analyze(a: 10, m: 10, i: 5, rule: ClassificationRule.PositiveVsRest).Code);
    }

    [Fact]
    public void PositiveVsRestTiesAreBrokenIBeforeRBeforeQ()
    {
        Assert.Equal(KanoCode.I, Build.Analyze(a: 2, i: 10, r: 10, rule: ClassificationRule.PositiveVsRest).Code);
        Assert.Equal(KanoCode.R, Build.Analyze(a: 2, r: 10, q: 10, rule: ClassificationRule.PositiveVsRest).Code);
    }

    [Theory]
    [InlineData(ClassificationRule.Mode)]
    [InlineData(ClassificationRule.Hierarchy)]
    [InlineData(ClassificationRule.PositiveVsRest)]
    public void EveryRuleReportsADualCategoryWhenFongCannotTellTheTopTwoApart(ClassificationRule rule)
    {
        var result = Build.Analyze(a: 5, o: 10, m: 11, i: 2, rule: rule);
        Assert.False(result.Fong.Significant);
        Assert.Equal($"{result.Code}/{(result.Code == KanoCode.M ? "O" : "M")}", result.Dual);
    }

    [Fact]
    public void ASignificantDifferenceHasNoDualCategory() =>
        Assert.Null(Build.Analyze(a: 2, o: 3, m: 30, i: 5).Dual);

    [Fact]
    public void AQuestionableFeatureCarriesNoDualEvenWhenFongCannotTellMFromO()
    {
        // Q is the mode; Fong leaves Q out, so its top two are M and O, which it cannot tell apart.
        var result = Build.Analyze(a: 2, o: 10, m: 11, q: 30, rule: ClassificationRule.Mode);
        Assert.Equal(KanoCode.Q, result.Code);
        Assert.False(result.Fong.Significant);
        Assert.Null(result.Dual);
    }

    [Fact]
    public void ADualAlwaysNamesTheReportedCategoryFirstOrIsNull()
    {
        // Positive-vs-rest: i + r + q > o + a + m, so the category is the largest of I, R, Q (I here, ties I > R > Q),
        // while Fong's top two are M and O: a dual "M/O" would contradict the reported I.
        var result = Build.Analyze(o: 10, m: 11, i: 9, r: 9, q: 9, rule: ClassificationRule.PositiveVsRest);
        Assert.Equal(KanoCode.I, result.Code);
        Assert.Equal((KanoCode.M, KanoCode.O), (result.Fong.First, result.Fong.Second));
        Assert.Null(result.Dual);
    }

    [Theory]
    [InlineData(ClassificationRule.Mode)]
    [InlineData(ClassificationRule.Hierarchy)]
    [InlineData(ClassificationRule.PositiveVsRest)]
    public void OverManyCountsEveryDualStartsWithTheReportedCode(ClassificationRule rule)
    {
        var random = new Random(19);
        for (var trial = 0; trial < 2000; trial++)
        {
            int Next() => random.Next(0, 15);
            // The dual is read from the counts and Fong's test, never from the Monte Carlo estimate, which is left out.
            var result = Build.Analyze(Next(), Next(), Next(), Next(), Next(), Next(), rule, estimate: false);
            if (result.Dual is string dual)
            {
                Assert.StartsWith($"{result.Code}/", dual, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void FongIsNotApplicableWhenFewerThan12AnswersAreAOMOrI()
    {
        var result = Build.Analyze(a: 5, o: 6, r: 10, q: 10);
        Assert.False(result.Fong.Applicable);
        Assert.False(result.Fong.Significant);
        Assert.Null(result.Dual);
        Assert.Contains(result.Warnings, w => w.Code == KanoWarnings.SignificanceNotApplicableCode);
    }

    [Fact]
    public void FongIsApplicableFrom12AnswersThatAreAOMOrI()
    {
        var result = Build.Analyze(a: 6, o: 6);
        Assert.True(result.Fong.Applicable);
        Assert.Equal("O/A", result.Dual);
    }

    [Fact]
    public void FongLeavesQuestionableAnswersOutOfTheTopTwoButCountsThemInN()
    {
        var fong = Build.Analyze(a: 10, o: 4, i: 3, q: 30).Fong;
        Assert.Equal((KanoCode.A, KanoCode.O), (fong.First, fong.Second));
        // 1.65 · sqrt(14 · (94 − 14) / 94)
        Assert.Equal(1.65 * Math.Sqrt(14.0 * 80 / 94), fong.Critical, 12);
    }
}
