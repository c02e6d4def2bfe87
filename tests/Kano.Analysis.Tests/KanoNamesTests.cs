using Kano.Analysis;

namespace Kano.Analysis.Tests;

public class KanoNamesTests
{
    [Theory]
    [InlineData(Answer.Like, "like")]
    [InlineData(Answer.MustBe, "must-be")]
    [InlineData(Answer.Neutral, "neutral")]
    [InlineData(Answer.LiveWith, "live-with")]
    [InlineData(Answer.Dislike, "dislike")]
    public void AnswersHaveTheirWireCodes(Answer answer, string code) => Assert.Equal(code, KanoNames.Code(answer));

    [Theory]
    [InlineData(KanoCode.M, KanoCategory.Basic, "basic", "Basic", "Yếu tố cơ bản")]
    [InlineData(KanoCode.O, KanoCategory.Expected, "expected", "Expected", "Yếu tố mong đợi")]
    [InlineData(KanoCode.A, KanoCategory.Delighter, "delighter", "Delighter", "Yếu tố vượt trội")]
    [InlineData(KanoCode.I, KanoCategory.Indifferent, "indifferent", "Indifferent", "Yếu tố không khác biệt")]
    [InlineData(KanoCode.R, KanoCategory.Reverse, "reverse", "Reverse", "Yếu tố ngược")]
    [InlineData(KanoCode.Q, KanoCategory.Questionable, "questionable", "Questionable", "Câu trả lời đáng ngờ")]
    public void EachCodeHasItsCategoryNameAndLabels(KanoCode code, KanoCategory category, string name, string english, string vietnamese)
    {
        Assert.Equal(category, KanoNames.Category(code));
        Assert.Equal(name, KanoNames.Name(category));
        Assert.Equal(english, KanoNames.Label(category, Language.English));
        Assert.Equal(vietnamese, KanoNames.Label(category, Language.Vietnamese));
    }

    [Theory]
    [InlineData("mode", ClassificationRule.Mode)]
    [InlineData("hierarchy", ClassificationRule.Hierarchy)]
    [InlineData(" Positive-vs-Rest ", ClassificationRule.PositiveVsRest)]
    public void RulesAreFoundByTheirWireName(string text, ClassificationRule expected)
    {
        Assert.True(KanoNames.TryParseRule(text, out var rule));
        Assert.Equal(expected, rule);
        Assert.Equal(text.Trim().ToLowerInvariant(), KanoNames.Name(rule));
    }

    [Fact]
    public void AnUnknownRuleNameIsNotARule() => Assert.False(KanoNames.TryParseRule("majority", out _));
}
