using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §7: the backlog ordering rules, one test per rule.</summary>
public class BacklogTests
{
    private static BacklogPlan Plan(params FeatureInput[] features) =>
        Backlog.Build(KanoAnalyzer.Analyze(features, AnalysisOptions.Default));

    private static string[] Keys(BacklogPlan plan) => plan.Items.Select(i => i.Feature.Key).ToArray();

    /// <summary>A feature with the given counts whose respondents all state this importance and satisfaction.</summary>
    private static FeatureInput Rated(string key, long id, int? importance, int? satisfaction, long a = 0, long o = 0, long m = 0, long i = 0, double? effort = null)
    {
        var matrix = new AnswerMatrix();
        foreach (var (code, count) in new[] { (KanoCode.A, a), (KanoCode.O, o), (KanoCode.M, m), (KanoCode.I, i) })
        {
            var (functional, dysfunctional) = Build.CellOf(code);
            for (var k = 0; k < count; k++)
            {
                matrix.Add(functional, dysfunctional, importance, satisfaction);
            }
        }

        return new FeatureInput(id, key, key, matrix) { Effort = effort };
    }

    [Fact]
    public void BasicFeaturesComeBeforeExpectedFeaturesWhichComeBeforeDelighters()
    {
        var plan = Plan(
            Build.Feature("delighter", a: 90, o: 5, i: 5, id: 1),
            Build.Feature("expected", o: 60, a: 20, i: 20, id: 2),
            Build.Feature("basic", m: 40, i: 35, a: 25, id: 3));
        Assert.Equal(["basic", "expected", "delighter"], Keys(plan));
        Assert.Equal([Backlog.FixFirst, Backlog.Improve, Backlog.Delight], plan.Items.Select(i => i.Action));
    }

    [Fact]
    public void BasicFeaturesAreOrderedByTheirAbsoluteWorse()
    {
        var plan = Plan(
            Build.Feature("less-harmful", m: 50, i: 50, id: 1),
            Build.Feature("most-harmful", m: 60, o: 20, i: 20, id: 2));
        Assert.Equal(["most-harmful", "less-harmful"], Keys(plan));
        Assert.Equal(0.8, plan.Items[0].Score, 12);
    }

    [Fact]
    public void ExpectedFeaturesAreOrderedByBetterPlusAbsoluteWorse()
    {
        // Better + |Worse|: 0.5 + 0.6 = 1.1 beats 0.7 + 0.3 = 1.0, though its Better is lower.
        var plan = Plan(
            Build.Feature("higher-better", o: 30, a: 40, i: 30, id: 1),
            Build.Feature("higher-sum", o: 40, a: 10, m: 20, i: 30, id: 2));
        Assert.Equal(["higher-sum", "higher-better"], Keys(plan));
        Assert.Equal(1.1, plan.Items[0].Value, 12);
    }

    [Fact]
    public void DelightersAreOrderedByBetter()
    {
        var plan = Plan(
            Build.Feature("mild", a: 50, i: 40, o: 10, id: 1),
            Build.Feature("strong", a: 70, i: 20, o: 10, id: 2));
        Assert.Equal(["strong", "mild"], Keys(plan));
    }

    [Fact]
    public void IndifferentReverseAndQuestionableDominatedFeaturesGoToTheReviewList()
    {
        var plan = Plan(
            Build.Feature("indifferent", i: 80, a: 20, id: 1),
            Build.Feature("reverse", r: 70, i: 30, id: 2),
            Build.Feature("questionable", q: 60, a: 40, id: 3),
            Build.Feature("unanswered", id: 4),
            Build.Feature("basic", m: 80, i: 20, id: 5));
        Assert.Equal(["basic"], Keys(plan));
        Assert.Equal(
            [("indifferent", Backlog.Reconsider), ("reverse", Backlog.LookCloser), ("questionable", Backlog.FixQuestion), ("unanswered", Backlog.CollectAnswers)],
            plan.Review.Select(r => (r.Feature.Key, r.Action)));
    }

    [Fact]
    public void ABasicFeatureAlreadyRatedFourOrMoreNeedsUpkeepNotInvestment()
    {
        var plan = Plan(
            Rated("satisfied-basic", 1, importance: null, satisfaction: 5, m: 90, i: 10),
            Rated("expected", 2, importance: null, satisfaction: null, o: 60, i: 40),
            Rated("delighter", 3, importance: null, satisfaction: null, a: 60, i: 40));
        Assert.Equal(["expected", "delighter", "satisfied-basic"], Keys(plan));
        Assert.Equal(Backlog.Upkeep, plan.Items[2].Action);
        Assert.Contains("keep it working", plan.Items[2].Rationale(Language.English));
    }

    [Fact]
    public void ABasicFeatureRatedBelowFourIsStillFixedFirst() =>
        Assert.Equal(Backlog.FixFirst, Plan(Rated("basic", 1, importance: null, satisfaction: 3, m: 90, i: 10)).Items[0].Action);

    [Fact]
    public void HigherImportanceRanksAnOtherwiseEqualFeatureHigher()
    {
        var plan = Plan(
            Rated("less-important", 1, importance: 3, satisfaction: null, m: 60, i: 40),
            Rated("more-important", 2, importance: 9, satisfaction: null, m: 60, i: 40));
        Assert.Equal(["more-important", "less-important"], Keys(plan));
        Assert.Equal(0.6 * 9 / 5, plan.Items[0].Score, 12);
    }

    [Fact]
    public void LowerCurrentSatisfactionRanksAnOtherwiseEqualFeatureHigher()
    {
        // The gap between expectation and perception is what an improvement closes.
        var plan = Plan(
            Rated("content", 1, importance: null, satisfaction: 3, o: 60, i: 40),
            Rated("unhappy", 2, importance: null, satisfaction: 1, o: 60, i: 40));
        Assert.Equal(["unhappy", "content"], Keys(plan));
        Assert.Equal(1.2 * 5 / 3, plan.Items[0].Score, 12);
    }

    [Fact]
    public void LowerEffortRanksAnOtherwiseEqualFeatureHigherAsValuePerEffort()
    {
        var plan = Plan(
            Rated("costly", 1, importance: null, satisfaction: null, a: 60, i: 40, effort: 8),
            Rated("cheap", 2, importance: null, satisfaction: null, a: 60, i: 40, effort: 2),
            Rated("unestimated", 3, importance: null, satisfaction: null, a: 60, i: 40));
        // Mean effort 5: cheap 0.6 ÷ 0.4, unestimated 0.6 ÷ 1, costly 0.6 ÷ 1.6.
        Assert.Equal(["cheap", "unestimated", "costly"], Keys(plan));
        Assert.Equal(1.5, plan.Items[0].Score, 12);
    }

    [Fact]
    public void TheScoreIsValueTimesImportanceOverFiveTimesSixMinusSatisfactionOverThreeDividedByRelativeEffort()
    {
        var plan = Plan(
            Rated("a", 1, importance: 7, satisfaction: 2, o: 50, m: 20, a: 10, i: 20, effort: 3),
            Rated("b", 2, importance: 5, satisfaction: 3, a: 60, i: 40, effort: 1));
        var item = plan.Items.Single(i => i.Feature.Key == "a");
        var value = 0.6 + 0.7;
        Assert.Equal(value * (7.0 / 5) * ((6.0 - 2) / 3) / (3 / 2.0), item.Score, 12);
    }

    [Fact]
    public void EqualScoresKeepTheOrderOfFeatureIds()
    {
        var plan = Plan(Build.Feature("second", m: 60, i: 40, id: 2), Build.Feature("first", m: 60, i: 40, id: 1));
        Assert.Equal(["first", "second"], Keys(plan));
    }

    [Fact]
    public void RanksRunFromOneWithoutGaps()
    {
        var plan = Plan(
            Build.Feature("x", m: 60, i: 40, id: 1), Build.Feature("y", i: 90, a: 10, id: 2),
            Build.Feature("z", a: 60, i: 40, id: 3), Build.Feature("w", o: 60, i: 40, id: 4));
        Assert.Equal([1, 2, 3], plan.Items.Select(i => i.Rank));
    }

    [Fact]
    public void EveryBacklogItemSaysWhyInOneSentenceInEnglishAndVietnamese()
    {
        var plan = Plan(
            Rated("basic", 1, importance: 8, satisfaction: 2, m: 80, i: 20, effort: 2),
            Build.Feature("expected", o: 60, i: 40, id: 2),
            Build.Feature("delighter", a: 60, i: 40, id: 3),
            Build.Feature("indifferent", i: 90, a: 10, id: 4));
        foreach (var (english, vietnamese, label) in plan.Items.Select(i => (i.Rationale(Language.English), i.Rationale(Language.Vietnamese), i.ActionLabel(Language.Vietnamese)))
                     .Concat(plan.Review.Select(r => (r.Rationale(Language.English), r.Rationale(Language.Vietnamese), r.ActionLabel(Language.Vietnamese)))))
        {
            Assert.EndsWith(".", english);
            Assert.Equal(1, english.Count(c => c == '.') - CountDecimalPoints(english));
            Assert.Equal(1, vietnamese.Count(c => c == '.') - CountDecimalPoints(vietnamese));
            Assert.EndsWith(".", vietnamese);
            Assert.NotEqual(english, vietnamese);
            Assert.False(string.IsNullOrWhiteSpace(label));
        }
    }

    private static int CountDecimalPoints(string text) =>
        Enumerable.Range(1, Math.Max(0, text.Length - 2)).Count(k => text[k] == '.' && char.IsDigit(text[k - 1]) && char.IsDigit(text[k + 1]));

    [Theory]
    [InlineData(1e-320)]
    [InlineData(1.7e308)]
    [InlineData(0.009)]
    [InlineData(1_000_000.5)]
    public void AnEffortOutsideTheDocumentedRangeIsRefusedRatherThanScoredInfinite(double effort)
    {
        var tiny = Rated("tiny", 1, null, null, m: 20, i: 5, effort: effort);
        var other = Rated("other", 2, null, null, m: 20, i: 5, effort: 1);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Plan(tiny, other));
        Assert.Contains("0.01", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoresStayFiniteAtBothEndsOfTheEffortRange()
    {
        var plan = Plan(
            Rated("cheap", 1, 9, 1, o: 30, a: 1, effort: FeatureInput.MinimumEffort),
            Rated("dear", 2, 1, 5, m: 30, i: 1, effort: FeatureInput.MaximumEffort),
            Rated("dearer", 3, 9, 1, a: 30, effort: FeatureInput.MaximumEffort));
        Assert.All(plan.Items, item =>
        {
            Assert.True(double.IsFinite(item.Score), $"{item.Feature.Key}: score {item.Score}");
            Assert.True(double.IsFinite(item.EffortFactor), $"{item.Feature.Key}: effort factor {item.EffortFactor}");
        });
        Assert.DoesNotContain(plan.Items, item => item.Rationale(Language.English).Contains("∞", StringComparison.Ordinal) || item.Rationale(Language.English).Contains("NaN", StringComparison.Ordinal));
    }

    [Fact]
    public void ABasicFeaturesRationaleQuotesWorseWithItsWilsonInterval()
    {
        // Sauerwein's edge grip in counts: (O + M) / n' = 83/100, Wilson 95 % 0.7445 to 0.8911 (worked by hand).
        var item = Assert.Single(Plan(Build.Feature("edge-grip", a: 7, o: 33, m: 50, i: 10)).Items);
        Assert.Contains("(Worse -0.83, 95 % CI -0.89 to -0.74)", item.Rationale(Language.English));
        Assert.Contains("(Worse -0.83, khoảng tin cậy 95 % từ -0.89 đến -0.74)", item.Rationale(Language.Vietnamese));
    }

    [Fact]
    public void AnExpectedFeaturesRationaleQuotesBothCoefficientsWithTheirIntervals()
    {
        // (A + O) / n' = 52/100 → 0.4232 to 0.6154; (O + M) / n' = 88/100 → 0.8019 to 0.9300 (worked by hand).
        var item = Assert.Single(Plan(Build.Feature("grip", a: 2, o: 50, m: 38, i: 10)).Items);
        Assert.Equal(Backlog.Improve, item.Action);
        Assert.Contains("(Better 0.52, 95 % CI 0.42 to 0.62; Worse -0.88, 95 % CI -0.93 to -0.80)", item.Rationale(Language.English));
    }

    [Fact]
    public void ADelightersRationaleQuotesBetterWithItsWilsonInterval()
    {
        var item = Assert.Single(Plan(Build.Feature("wow", a: 70, o: 18, m: 3, i: 9)).Items);
        Assert.Equal(Backlog.Delight, item.Action);
        Assert.Contains("(Better 0.88, 95 % CI 0.80 to 0.93)", item.Rationale(Language.English));
    }
}
