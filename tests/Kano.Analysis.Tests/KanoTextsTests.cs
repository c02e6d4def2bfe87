using System.Collections;
using System.Globalization;
using System.Resources;

namespace Kano.Analysis.Tests;

/// <summary>The library's words live in resource files, one per language, each with every key.</summary>
public sealed class KanoTextsTests
{
    [Fact]
    public void EveryEnglishTextHasAVietnameseOneAndNoVietnameseTextIsExtra()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var vietnamese = Texts(CultureInfo.GetCultureInfo("vi"));
        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), vietnamese.Keys.Order(StringComparer.Ordinal));
        Assert.All(vietnamese, text => Assert.False(string.IsNullOrWhiteSpace(text.Value), text.Key));
    }

    [Fact]
    public void TheDefaultAnswersOfEachLanguageAreItsPublishedWording()
    {
        Assert.Equal(["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"], AnswerWordings.Modern);
        Assert.Equal(["Tôi thích như vậy", "Điều đó là đương nhiên", "Tôi thấy bình thường", "Tôi có thể chấp nhận", "Tôi không thích như vậy"], AnswerWordings.Vietnamese);
        Assert.Equal(AnswerWordings.Vietnamese, QuestionnaireWording.DefaultAnswers(Language.Vietnamese));
    }

    [Fact]
    public void AWarningIsSaidInTheLanguageAskedForWithInvariantNumbers()
    {
        var warning = KanoWarnings.QuestionableAnswers(4.25);
        Assert.Equal("questionable answers are 4.3% of this feature: check the question wording", warning.Message(Language.English));
        Assert.Equal("câu trả lời đáng ngờ chiếm 4.3% của tính năng này: hãy kiểm tra lại cách đặt câu hỏi", warning.Message(Language.Vietnamese));
        Assert.Equal(warning, KanoWarnings.QuestionableAnswers(4.25));
    }

    /// <summary>The texts one resource file holds (not falling back to the neutral English ones).</summary>
    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var resources = new ResourceManager("Kano.Analysis.Resources.KanoTexts", typeof(KanoTexts).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No KanoTexts resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);
    }
}
