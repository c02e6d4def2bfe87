using Kano.Analysis;

namespace Kano.Analysis.Tests;

public class AnswerParserTests
{
    public static TheoryData<string, string, Answer> EveryBuiltInWording()
    {
        var data = new TheoryData<string, string, Answer>();
        foreach (var (name, set) in AnswerWordings.All)
        {
            for (var i = 0; i < set.Count; i++)
            {
                data.Add(name, set[i], (Answer)(i + 1));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryBuiltInWording))]
    public void EveryBuiltInWordingReadsAsItsPosition(string set, string wording, Answer expected)
    {
        Assert.NotEmpty(set);
        Assert.True(AnswerParser.BuiltIn.TryParse(wording, out var answer));
        Assert.Equal(expected, answer);
    }

    [Theory]
    [MemberData(nameof(EveryBuiltInWording))]
    public void WordingsMatchIgnoringCaseAndSurroundingSpace(string set, string wording, Answer expected)
    {
        Assert.NotEmpty(set);
        Assert.True(AnswerParser.BuiltIn.TryParse("  " + wording.ToUpperInvariant() + "\t", out var upper));
        Assert.Equal(expected, upper);
        Assert.True(AnswerParser.BuiltIn.TryParse(wording.ToLowerInvariant(), out var lower));
        Assert.Equal(expected, lower);
    }

    [Theory]
    [InlineData("I must be that way", Answer.MustBe)]                                // Kano's own first-person form
    [InlineData("I'm neutral", Answer.Neutral)]
    [InlineData("I\u2019m neutral", Answer.Neutral)]                                  // typographic apostrophe
    [InlineData("It is a basic necessity or I expect it that way", Answer.MustBe)]   // Berger et al. 1993, long forms
    [InlineData("I dislike it, but I can live with it that way", Answer.LiveWith)]
    [InlineData("I dislike it, and I can't accept it", Answer.Dislike)]
    [InlineData("I dislike it, and I can\u2019t accept it", Answer.Dislike)]
    [InlineData("I enjoy it that way", Answer.Like)]
    public void PublishedVariantsOfTheAnswersAreBuiltIn(string text, Answer expected)
    {
        Assert.True(AnswerParser.BuiltIn.TryParse(text, out var answer), $"'{text}' is not read");
        Assert.Equal(expected, answer);
    }

    [Fact]
    public void AStoredSurveyWordingKeepsItsMeaningWhenALaterVersionBuildsItInWithAnother()
    {
        var parser = AnswerParser.BuiltIn.WithSurveyWordings([KeyValuePair.Create(Answer.Dislike, "I dislike it, but I can live with it that way")]);

        Assert.Equal(Answer.Dislike, parser.Parse("I dislike it, but I can live with it that way"));
        Assert.Throws<ArgumentException>(() => AnswerParser.BuiltIn.WithSurveyWordings([KeyValuePair.Create(Answer.Dislike, "like")]));
        Assert.Throws<ArgumentException>(() => AnswerParser.BuiltIn.WithWordings([KeyValuePair.Create(Answer.Dislike, "I dislike it, but I can live with it that way")]));
    }

    [Fact]
    public void EveryBuiltInVariantReadsAsItsAnswer()
    {
        Assert.NotEmpty(AnswerWordings.Variants);
        foreach (var (answer, wording) in AnswerWordings.Variants)
        {
            Assert.Equal(answer, AnswerParser.BuiltIn.Parse(wording));
        }
    }

    [Theory]
    [InlineData("like", Answer.Like)]
    [InlineData("must-be", Answer.MustBe)]
    [InlineData("neutral", Answer.Neutral)]
    [InlineData("live-with", Answer.LiveWith)]
    [InlineData("dislike", Answer.Dislike)]
    [InlineData("expect", Answer.MustBe)]
    [InlineData("tolerate", Answer.LiveWith)]
    [InlineData("Must-Be", Answer.MustBe)]
    [InlineData("1", Answer.Like)]
    [InlineData("2", Answer.MustBe)]
    [InlineData("3", Answer.Neutral)]
    [InlineData(" 4 ", Answer.LiveWith)]
    [InlineData("5", Answer.Dislike)]
    public void CodesAliasesAndPositionsAreAnswers(string text, Answer expected)
    {
        Assert.True(AnswerParser.BuiltIn.TryParse(text, out var answer));
        Assert.Equal(expected, answer);
    }

    [Theory]
    [InlineData("I can\u2019t live without it", "I can't live without it")]
    [InlineData("I can't live without it", "I can\u2019t live without it")]
    [InlineData("\u201CGreat\u201D", "\"great\"")]
    public void TypographicAndStraightApostrophesAndQuotesMatch(string extra, string typed)
    {
        var parser = AnswerParser.BuiltIn.WithWordings([new(Answer.MustBe, extra)]);
        Assert.True(parser.TryParse(typed, out var answer));
        Assert.Equal(Answer.MustBe, answer);
    }

    [Fact]
    public void VietnameseWordingsMatchWhetherTheirMarksArePrecomposedOrCombining()
    {
        var decomposed = "Tôi không thích như vậy".Normalize(System.Text.NormalizationForm.FormD);
        Assert.True(AnswerParser.BuiltIn.TryParse(decomposed, out var answer));
        Assert.Equal(Answer.Dislike, answer);
    }

    [Fact]
    public void UpperCaseVietnameseMatches()
    {
        Assert.True(AnswerParser.BuiltIn.TryParse("ĐIỀU ĐÓ LÀ ĐƯƠNG NHIÊN", out var answer));
        Assert.Equal(Answer.MustBe, answer);
    }

    [Fact]
    public void ExtraWordingsAreAcceptedOnTopOfTheBuiltInOnes()
    {
        var parser = AnswerParser.BuiltIn.WithWordings([new(Answer.Like, "Love it"), new(Answer.Dislike, "Hate it")]);
        Assert.True(parser.TryParse("love it", out var love));
        Assert.Equal(Answer.Like, love);
        Assert.True(parser.TryParse("I dislike it", out var builtIn));
        Assert.Equal(Answer.Dislike, builtIn);
        Assert.False(AnswerParser.BuiltIn.TryParse("Love it", out _));
    }

    [Fact]
    public void AnExtraWordingThatAlreadyMeansAnotherAnswerIsRejected() =>
        Assert.Throws<ArgumentException>(() => AnswerParser.BuiltIn.WithWordings([new(Answer.Dislike, "I like it")]));

    [Fact]
    public void AnEmptyExtraWordingIsRejected() =>
        Assert.Throws<ArgumentException>(() => AnswerParser.BuiltIn.WithWordings([new(Answer.Like, "  ")]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("maybe")]
    [InlineData("I like it a lot")]
    [InlineData("Q")]
    public void TextThatMatchesNothingIsNotAnAnswer(string? text) =>
        Assert.False(AnswerParser.BuiltIn.TryParse(text, out _));

    [Fact]
    public void AnUnmatchedAnswerIsAnErrorThatSaysWhatWasExpected()
    {
        var error = Assert.Throws<FormatException>(() => AnswerParser.BuiltIn.Parse("maybe"));
        Assert.Contains("maybe", error.Message);
        Assert.Contains("like, must-be, neutral, live-with, dislike", error.Message);
        Assert.Contains("1-5", error.Message);
    }

    [Theory]
    [InlineData(1, Answer.Like)]
    [InlineData(5, Answer.Dislike)]
    public void PositionsOneToFiveAreAnswers(int position, Answer expected)
    {
        Assert.True(AnswerParser.TryFromPosition(position, out var answer));
        Assert.Equal(expected, answer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void PositionsOutsideOneToFiveAreNotAnswers(int position) =>
        Assert.False(AnswerParser.TryFromPosition(position, out _));
}
