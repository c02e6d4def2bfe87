using Kano.Analysis;

namespace Kano.Analysis.Tests;

public sealed class QuestionnaireWordingTests
{
    [Fact]
    public void TheDefaultDysfunctionalQuestionIsThePlainNegationOfTheFunctionalOneInBothLanguages()
    {
        Assert.Equal("How would you feel if free delivery were available?", QuestionnaireWording.DefaultFunctionalQuestion(" free delivery ", Language.English));
        Assert.Equal("How would you feel if free delivery were not available?", QuestionnaireWording.DefaultDysfunctionalQuestion("free delivery", Language.English));
        Assert.Equal("Nếu sản phẩm có giao hàng miễn phí, bạn cảm thấy thế nào?", QuestionnaireWording.DefaultFunctionalQuestion("giao hàng miễn phí", Language.Vietnamese));
        Assert.Equal("Nếu sản phẩm không có giao hàng miễn phí, bạn cảm thấy thế nào?", QuestionnaireWording.DefaultDysfunctionalQuestion("giao hàng miễn phí", Language.Vietnamese));
    }

    [Theory]
    [InlineData(1, 2, 1)] // 20 s: at least a minute
    [InlineData(3, 2, 1)] // 60 s
    [InlineData(4, 2, 2)] // 80 s, rounded up
    [InlineData(10, 4, 5)] // 200 s of Kano questions and 100 s of scales
    [InlineData(0, 2, 1)]
    public void TheEstimatedMinutesCountTenSecondsAKanoQuestionAndFiveAScaleRoundedUp(int features, int questionsPerFeature, int minutes) =>
        Assert.Equal(minutes, QuestionnaireWording.EstimatedMinutes(features, questionsPerFeature));

    [Fact]
    public void TheStandardIntroNamesWhoAsksOnlyWhenKnownAndAlwaysSaysHowLongAndThatNoNameIsAsked()
    {
        var withSender = QuestionnaireWording.DefaultIntro(" Acme Bank ", 4, 2, Language.English);
        Assert.StartsWith("Acme Bank would like to know what you think. ", withSender);
        Assert.Contains("4 features, 8 questions: about 2 min.", withSender);
        Assert.EndsWith(KanoTexts.Get("Questionnaire.Intro.Privacy", Language.English), withSender);

        var anonymous = QuestionnaireWording.DefaultIntro(null, 4, 2, Language.Vietnamese);
        Assert.StartsWith(KanoTexts.Get("Questionnaire.Intro.How", Language.Vietnamese), anonymous);
        Assert.Contains("4 tính năng, 8 câu hỏi: khoảng 2 phút.", anonymous);
        Assert.Equal(anonymous, QuestionnaireWording.DefaultIntro("  ", 4, 2, Language.Vietnamese));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public void EveryPointOfBothScalesHasItsOwnLabel(string code)
    {
        var language = Language.Of(code);
        var importance = QuestionnaireWording.ImportanceLabels(language);
        var satisfaction = QuestionnaireWording.SatisfactionLabels(language);
        Assert.Equal(9, importance.Count);
        Assert.Equal(5, satisfaction.Count);
        Assert.Equal(9, importance.Distinct().Count());
        Assert.Equal(5, satisfaction.Distinct().Count());
    }

    [Fact]
    public void TheScalesEndsAreTheMethodsAnchors()
    {
        Assert.Equal("Not at all important", QuestionnaireWording.ImportanceLabels(Language.English)[0]);
        Assert.Equal("Extremely important", QuestionnaireWording.ImportanceLabels(Language.English)[8]);
        Assert.Equal("Very dissatisfied", QuestionnaireWording.SatisfactionLabels(Language.English)[0]);
        Assert.Equal("Rất hài lòng", QuestionnaireWording.SatisfactionLabels(Language.Vietnamese)[4]);
    }
}
