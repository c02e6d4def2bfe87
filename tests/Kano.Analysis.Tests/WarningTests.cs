using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §6: warnings and respondent quality.</summary>
public class WarningTests
{
    private static IEnumerable<string> Codes(FeatureAnalysis result) => result.Warnings.Select(w => w.Code);

    [Fact]
    public void FewerThan200RespondentsWarnThatTheCategoryIsUnstable()
    {
        Assert.Contains(KanoWarnings.UnstableSampleCode, Codes(Build.Analyze(a: 150, o: 49)));
        Assert.DoesNotContain(KanoWarnings.UnstableSampleCode, Codes(Build.Analyze(a: 150, o: 50)));
    }

    [Fact]
    public void QuestionableAnswersAbove2PercentWarnButExactly2PercentDoesNot()
    {
        Assert.DoesNotContain(KanoWarnings.QuestionableAnswersCode, Codes(Build.Analyze(a: 196, o: 2, q: 4)));
        Assert.Contains(KanoWarnings.QuestionableAnswersCode, Codes(Build.Analyze(a: 195, o: 2, q: 5)));
    }

    [Fact]
    public void ANearEvenSplitBetweenTwoCategoriesWarnsOfHiddenSegments() =>
        Assert.Contains(KanoWarnings.NearEvenSplitCode, Codes(Build.Analyze(a: 35, m: 30, i: 20, r: 15)));

    [Fact]
    public void TwoCategoriesMoreThan10PointsApartAreNotANearEvenSplit() =>
        Assert.DoesNotContain(KanoWarnings.NearEvenSplitCode, Codes(Build.Analyze(a: 41, m: 30, i: 15, r: 14)));

    [Fact]
    public void TwoCloseCategoriesHoldingLessThan60PercentTogetherAreNotANearEvenSplit() =>
        Assert.DoesNotContain(KanoWarnings.NearEvenSplitCode, Codes(Build.Analyze(a: 30, m: 25, i: 20, r: 15, q: 10)));

    [Fact]
    public void EveryWarningHasAnEnglishAndAVietnameseMessage()
    {
        var result = Build.Analyze(a: 5, m: 4, q: 2);
        Assert.NotEmpty(result.Warnings);
        Assert.All(result.Warnings, w =>
        {
            Assert.False(string.IsNullOrWhiteSpace(w.Message(Language.English)));
            Assert.False(string.IsNullOrWhiteSpace(w.Message(Language.Vietnamese)));
            Assert.NotEqual(w.Message(Language.English), w.Message(Language.Vietnamese));
        });
    }

    [Fact]
    public void TheSameAnswerPairForEveryFeatureIsStraightLining()
    {
        Assert.True(RespondentQuality.IsStraightLining([(Answer.Like, Answer.Dislike), (Answer.Like, Answer.Dislike), (Answer.Like, Answer.Dislike)]));
        Assert.False(RespondentQuality.IsStraightLining([(Answer.Like, Answer.Dislike), (Answer.Like, Answer.Neutral)]));
    }

    [Fact]
    public void OneFeatureIsNotEnoughToCallItStraightLining() =>
        Assert.False(RespondentQuality.IsStraightLining([(Answer.Like, Answer.Dislike)]));

    [Fact]
    public void QuestionableAnswersAreCountedWithTheChosenTable()
    {
        (Answer, Answer)[] answers = [(Answer.Like, Answer.Like), (Answer.MustBe, Answer.MustBe), (Answer.Neutral, Answer.Neutral)];
        Assert.Equal(1, RespondentQuality.QuestionableCount(answers, EvaluationTable.Standard));
        Assert.Equal(2, RespondentQuality.QuestionableCount(answers, EvaluationTable.Pouliot));
        Assert.True(RespondentQuality.HasMoreQuestionableThan(answers, EvaluationTable.Pouliot, 1));
        Assert.False(RespondentQuality.HasMoreQuestionableThan(answers, EvaluationTable.Standard, 1));
    }

    [Fact]
    public void RespondentWarningsNameStraightLiningAndTooManyQuestionableAnswers()
    {
        (Answer, Answer)[] answers = [(Answer.Like, Answer.Like), (Answer.Like, Answer.Like)];
        Assert.Equal(
            [KanoWarnings.StraightLiningCode, KanoWarnings.ManyQuestionableCode],
            RespondentQuality.Warnings(answers, EvaluationTable.Standard, maxQuestionable: 1).Select(w => w.Code));
    }
}
