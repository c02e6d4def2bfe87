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
