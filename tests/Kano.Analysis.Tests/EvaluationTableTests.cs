using Kano.Analysis;

namespace Kano.Analysis.Tests;

public class EvaluationTableTests
{
    // Method §2, standard table (Sauerwein et al. 1996 Fig. 6), row by row: functional like … dislike.
    [Theory]
    [InlineData(Answer.Like, Answer.Like, KanoCode.Q)]
    [InlineData(Answer.Like, Answer.MustBe, KanoCode.A)]
    [InlineData(Answer.Like, Answer.Neutral, KanoCode.A)]
    [InlineData(Answer.Like, Answer.LiveWith, KanoCode.A)]
    [InlineData(Answer.Like, Answer.Dislike, KanoCode.O)]
    [InlineData(Answer.MustBe, Answer.Like, KanoCode.R)]
    [InlineData(Answer.MustBe, Answer.MustBe, KanoCode.I)]
    [InlineData(Answer.MustBe, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.MustBe, Answer.LiveWith, KanoCode.I)]
    [InlineData(Answer.MustBe, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.Neutral, Answer.Like, KanoCode.R)]
    [InlineData(Answer.Neutral, Answer.MustBe, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.LiveWith, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.LiveWith, Answer.Like, KanoCode.R)]
    [InlineData(Answer.LiveWith, Answer.MustBe, KanoCode.I)]
    [InlineData(Answer.LiveWith, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.LiveWith, Answer.LiveWith, KanoCode.I)]
    [InlineData(Answer.LiveWith, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.Dislike, Answer.Like, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.MustBe, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.Neutral, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.LiveWith, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.Dislike, KanoCode.Q)]
    public void TheStandardTableClassifiesEveryCellAsPublished(Answer functional, Answer dysfunctional, KanoCode expected) =>
        Assert.Equal(expected, EvaluationTable.Standard.Classify(functional, dysfunctional));

    // Method §2, Pouliot's table (Berger et al. 1993 p. 33): identical answers are Q except neutral/neutral.
    [Theory]
    [InlineData(Answer.Like, Answer.Like, KanoCode.Q)]
    [InlineData(Answer.Like, Answer.MustBe, KanoCode.A)]
    [InlineData(Answer.Like, Answer.Neutral, KanoCode.A)]
    [InlineData(Answer.Like, Answer.LiveWith, KanoCode.A)]
    [InlineData(Answer.Like, Answer.Dislike, KanoCode.O)]
    [InlineData(Answer.MustBe, Answer.Like, KanoCode.R)]
    [InlineData(Answer.MustBe, Answer.MustBe, KanoCode.Q)]
    [InlineData(Answer.MustBe, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.MustBe, Answer.LiveWith, KanoCode.I)]
    [InlineData(Answer.MustBe, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.Neutral, Answer.Like, KanoCode.R)]
    [InlineData(Answer.Neutral, Answer.MustBe, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.LiveWith, KanoCode.I)]
    [InlineData(Answer.Neutral, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.LiveWith, Answer.Like, KanoCode.R)]
    [InlineData(Answer.LiveWith, Answer.MustBe, KanoCode.I)]
    [InlineData(Answer.LiveWith, Answer.Neutral, KanoCode.I)]
    [InlineData(Answer.LiveWith, Answer.LiveWith, KanoCode.Q)]
    [InlineData(Answer.LiveWith, Answer.Dislike, KanoCode.M)]
    [InlineData(Answer.Dislike, Answer.Like, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.MustBe, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.Neutral, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.LiveWith, KanoCode.R)]
    [InlineData(Answer.Dislike, Answer.Dislike, KanoCode.Q)]
    public void PouliotsTableClassifiesEveryCellAsPublished(Answer functional, Answer dysfunctional, KanoCode expected) =>
        Assert.Equal(expected, EvaluationTable.Pouliot.Classify(functional, dysfunctional));

    [Fact]
    public void LikeLikeIsQuestionableInTheStandardTable() =>
        Assert.Equal(KanoCode.Q, EvaluationTable.Standard.Classify(Answer.Like, Answer.Like));

    [Fact]
    public void MustBeMustBeIsQuestionableOnlyInPouliotsTable()
    {
        Assert.Equal(KanoCode.I, EvaluationTable.Standard.Classify(Answer.MustBe, Answer.MustBe));
        Assert.Equal(KanoCode.Q, EvaluationTable.Pouliot.Classify(Answer.MustBe, Answer.MustBe));
    }

    [Fact]
    public void NeutralNeutralStaysIndifferentInPouliotsTable() =>
        Assert.Equal(KanoCode.I, EvaluationTable.Pouliot.Classify(Answer.Neutral, Answer.Neutral));

    [Theory]
    [InlineData("standard", "standard")]
    [InlineData(" Pouliot ", "pouliot")]
    public void TablesAreFoundByTheirWireName(string text, string name)
    {
        Assert.True(EvaluationTable.TryParse(text, out var table));
        Assert.Equal(name, table.Name);
    }

    [Fact]
    public void AnUnknownTableNameIsNotATable() => Assert.False(EvaluationTable.TryParse("kano", out _));
}
