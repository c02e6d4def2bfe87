using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §4: the per-feature statistics besides the worked examples.</summary>
public class StatisticsTests
{
    [Fact]
    public void BetterAndWorseAreNullWhenNobodyAnsweredAOMOrI()
    {
        var result = Build.Analyze(r: 3, q: 2);
        Assert.Null(result.Better);
        Assert.Null(result.Worse);
    }

    [Fact]
    public void AFeatureNobodyAnsweredHasNoCoefficientsNoMeansAndSaysSo()
    {
        var result = Build.Analyze();
        Assert.Equal(0, result.N);
        Assert.Null(result.Better);
        Assert.Null(result.Continuous.FunctionalMean);
        Assert.Null(result.Importance.Mean);
        Assert.Null(result.Analytical);
        Assert.Null(result.SecondaryCode);
        Assert.All(result.Percentages.Values, p => Assert.Equal(0, p));
        Assert.Equal(KanoWarnings.NoAnswersCode, Assert.Single(result.Warnings).Code);
    }

    [Theory]
    [InlineData(ClassificationRule.Mode)]
    [InlineData(ClassificationRule.Hierarchy)]
    [InlineData(ClassificationRule.PositiveVsRest)]
    public void AFeatureNobodyAnsweredHasNoCategoryAndNoCategoryProbabilities(ClassificationRule rule)
    {
        // It used to be reported as Q (questionable) with near-uniform probabilities: a verdict on a question nobody saw.
        var result = Build.Analyze(rule: rule);

        Assert.Null(result.Code);
        Assert.Null(result.Category);
        Assert.Null(result.Label(Language.English));
        Assert.Null(result.Label(Language.Vietnamese));
        Assert.Null(result.CategoryProbabilities);
        Assert.Null(result.Refined);
        Assert.Null(result.Dual);
        Assert.Equal([KanoWarnings.NoAnswersCode], result.Warnings.Select(warning => warning.Code));
    }

    [Fact]
    public void AFeatureWithAnswersStillHasACategoryAndProbabilitiesThatSumToOne()
    {
        var result = Build.Analyze(a: 1);

        Assert.Equal(KanoCode.A, result.Code);
        Assert.Equal(KanoCategory.Delighter, result.Category);
        Assert.Equal(1, result.CategoryProbabilities!.Values.Sum(), 9);
    }

    [Fact]
    public void AnAnalysisAskedForLessLeavesOutTheCategoryProbabilitiesAndOnlyTheWarningReadFromThem()
    {
        // A close call: with the estimate it warns "uncertain-category"; without, that warning cannot be judged.
        var features = new[] { Build.Feature("close", a: 10, o: 9, i: 2) };
        var full = KanoAnalyzer.Analyze(features).Features[0];
        var less = KanoAnalyzer.Analyze(features, estimateCategoryProbabilities: false).Features[0];

        Assert.NotNull(full.CategoryProbabilities);
        Assert.Contains(full.Warnings, warning => warning.Code == KanoWarnings.UncertainCategoryCode);
        Assert.Null(less.CategoryProbabilities);
        Assert.Equal(full.Warnings.Where(warning => warning.Code != KanoWarnings.UncertainCategoryCode), less.Warnings);
        Assert.Equal((full.Code, full.Better, full.Worse, full.Settle), (less.Code, less.Better, less.Worse, less.Settle));
    }

    [Fact]
    public void WorseIsZeroNotNegativeZeroWhenNoAnswerIsOOrM() =>
        Assert.False(double.IsNegative(Build.Analyze(a: 3, i: 2).Worse!.Value));

    [Fact]
    public void TotalStrengthIsTheShareOfAOAndM() =>
        Assert.Equal(60, Build.Analyze(a: 1, o: 2, m: 3, i: 2, r: 1, q: 1).TotalStrength, 12);

    private static FeatureInput Rated() => FeatureInput.FromAnswers(1, "rated", "Rated",
    [
        new(Answer.Like, Answer.Dislike, Importance: 8, Satisfaction: 2),
        new(Answer.Like, Answer.Dislike, Importance: 6, Satisfaction: 3),
        new(Answer.Neutral, Answer.Neutral, Importance: 4),
        new(Answer.Dislike, Answer.Like),
    ]);

    [Fact]
    public void DuMouchelMeansAndSampleStandardDeviationsAreOverEveryRespondent()
    {
        // Functional scores 4, 4, 0, −2; dysfunctional 4, 4, 0, −2 (Berger et al. 1993).
        var continuous = Build.Analyze(Rated()).Continuous;
        double[] scores = [4, 4, 0, -2];
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Length - 1));
        Assert.Equal(mean, continuous.FunctionalMean!.Value, 12);
        Assert.Equal(sd, continuous.FunctionalSd!.Value, 12);
        Assert.Equal(mean, continuous.DysfunctionalMean!.Value, 12);
        Assert.Equal(sd, continuous.DysfunctionalSd!.Value, 12);
    }

    [Fact]
    public void ImportanceAndSatisfactionAreOverTheRespondentsWhoGaveThem()
    {
        var result = Build.Analyze(Rated());
        Assert.Equal(new MeanScore(6, 2, 3), result.Importance);
        Assert.Equal(2.5, result.Satisfaction.Mean);
        Assert.Equal(Math.Sqrt(0.5), result.Satisfaction.Sd!.Value, 12);
        Assert.Equal(2, result.Satisfaction.N);
    }

    [Fact]
    public void StandardDeviationIsNullForASingleValue()
    {
        var result = Build.Analyze(FeatureInput.FromAnswers(1, "one", "One", [new(Answer.Like, Answer.Dislike, 7, 4)]));
        Assert.Equal(7, result.Importance.Mean);
        Assert.Null(result.Importance.Sd);
        Assert.Null(result.Continuous.FunctionalSd);
    }

    [Fact]
    public void AnalyticalScoresWeightEachRespondentByImportanceOverNineAndLeaveOutThoseWithoutImportance()
    {
        // Xu et al. 2009: X = (1/J) Σ w·x, Y = (1/J) Σ w·y, w = importance / 9.
        // Like/dislike scores (y 1, x 1), neutral/neutral (0, 0); the dislike/like respondent stated no importance.
        var analytical = Build.Analyze(Rated()).Analytical!;
        var expected = (8.0 / 9 * 1 + 6.0 / 9 * 1 + 4.0 / 9 * 0) / 3;
        Assert.Equal(3, analytical.N);
        Assert.Equal(expected, analytical.X, 12);
        Assert.Equal(expected, analytical.Y, 12);
        Assert.Equal(Math.Sqrt(2) * expected, analytical.R, 12);
        Assert.Equal(45, analytical.AngleDegrees, 9);
    }

    [Fact]
    public void AnalyticalScoresUseXusAsymmetricScale()
    {
        // Functional must-be → 0.5, dysfunctional live-with → 0.5; importance 9 weighs 1.
        var analytical = Build.Analyze(FeatureInput.FromAnswers(1, "f", "F", [new(Answer.MustBe, Answer.LiveWith, 9), new(Answer.Dislike, Answer.MustBe, 9)])).Analytical!;
        Assert.Equal((0.5 - 0.25) / 2, analytical.X, 12);
        Assert.Equal((0.5 - 0.5) / 2, analytical.Y, 12);
    }

    [Fact]
    public void AnalyticalScoresAreNullWithoutAnyImportance() =>
        Assert.Null(Build.Analyze(a: 3).Analytical);

    [Fact]
    public void YangSplitsEachCategoryByWhetherItsImportanceIsAboveTheSurveyMean()
    {
        FeatureInput Feature(long id, Answer functional, Answer dysfunctional, int importance) =>
            FeatureInput.FromAnswers(id, $"f{id}", $"F{id}", [new(functional, dysfunctional, importance)]);

        var analysis = KanoAnalyzer.Analyze(
        [
            Feature(1, Answer.Neutral, Answer.Dislike, 8), Feature(2, Answer.Neutral, Answer.Dislike, 2),
            Feature(3, Answer.Like, Answer.Dislike, 8), Feature(4, Answer.Like, Answer.Dislike, 2),
            Feature(5, Answer.Like, Answer.Neutral, 8), Feature(6, Answer.Like, Answer.Neutral, 2),
            Feature(7, Answer.Neutral, Answer.Neutral, 8), Feature(8, Answer.Neutral, Answer.Neutral, 2),
            Feature(9, Answer.Dislike, Answer.Like, 9), Feature(10, Answer.Neutral, Answer.Neutral, 5),
        ], AnalysisOptions.Default);

        Assert.Equal(5.4, analysis.SurveyMeanImportance!.Value, 12);
        Assert.Equal(
            ["critical", "necessary", "high-value-added", "low-value-added", "highly-attractive", "less-attractive", "potential", "care-free", null, "care-free"],
            analysis.Features.Select(f => f.Refined));
    }

    [Fact]
    public void ImportanceAndSatisfactionOutsideTheirScalesAreRejected()
    {
        var matrix = new AnswerMatrix();
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(Answer.Like, Answer.Like, importance: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(Answer.Like, Answer.Like, satisfaction: 0));
        Assert.Equal(0, matrix.Respondents);
    }

    [Fact]
    public void RemovingARespondentWhoWasNeverAddedIsAnError()
    {
        var matrix = new AnswerMatrix();
        matrix.Add(Answer.Like, Answer.Dislike);
        Assert.Throws<InvalidOperationException>(() => matrix.Remove(Answer.Like, Answer.Neutral));
        Assert.Throws<InvalidOperationException>(() => matrix.Remove(Answer.Like, Answer.Dislike, importance: 5));
    }

    [Fact]
    public void TheSameMatrixUnderPouliotsTableTurnsIdenticalAnswersIntoQuestionable()
    {
        var feature = FeatureInput.FromAnswers(1, "f", "F", [new(Answer.MustBe, Answer.MustBe), new(Answer.Neutral, Answer.Neutral)]);
        var standard = KanoAnalyzer.Analyze([feature], AnalysisOptions.Default).Features[0];
        var pouliot = KanoAnalyzer.Analyze([feature], new AnalysisOptions { Table = EvaluationTable.Pouliot }).Features[0];
        Assert.Equal(2, standard.Counts[KanoCode.I]);
        Assert.Equal(1, pouliot.Counts[KanoCode.I]);
        Assert.Equal(1, pouliot.Counts[KanoCode.Q]);
    }
}
