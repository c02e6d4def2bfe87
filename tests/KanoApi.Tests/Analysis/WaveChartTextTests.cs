using System.Xml.Linq;
using Kano.Analysis;
using KanoApi.Analysis;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// The wave chart writes the same user text as the Better/Worse chart (survey, feature and wave names), so it keeps
/// the same promises: well-formed XML whatever a stored name holds, and names shown whole, wrapped at spaces, never
/// cut inside a word or a surrogate pair.
/// </summary>
public sealed class WaveChartTextTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly FeatureAnswer Delighted = new(Answer.Like, Answer.Neutral, 7);
    private static readonly FeatureAnswer Expected = new(Answer.Like, Answer.Dislike, 7);

    /// <summary>One feature answered in two waves (delighter, then expected), under the given names.</summary>
    private static string Render(string surveyName, string featureName, string firstWave, string lastWave)
    {
        FeatureAnalysis Wave(FeatureAnswer answer) =>
            KanoAnalyzer.Analyze([FeatureInput.FromAnswers(1, "feature", featureName, Enumerable.Repeat(answer, 10))], AnalysisOptions.Default).Features[0];

        var waves = new[] { new WaveResponse(firstWave, 10), new WaveResponse(lastWave, 10) };
        var features = new[] { new FeatureWaves(1, "feature", featureName, [Wave(Delighted), Wave(Expected)], []) };
        return WaveChart.Render(surveyName, waves, features, Language.English);
    }

    private static string TextOf(XDocument svg) =>
        string.Join(" ", svg.Descendants(Svg + "text").Select(text => text.Value));

    [Theory]
    [InlineData("Bell\u0007 and null\0")]
    [InlineData("Non-characters \uFFFE and \uFFFF")]
    public void TheWaveChartIsWellFormedXmlWhateverTheNamesHold(string text)
    {
        XDocument.Parse(Render(text, text, text, text + " later"));
    }

    [Fact]
    public void LoneSurrogatesGiveAWellFormedWaveChart()
    {
        // Not theory data: xunit would replace a lone surrogate there with U+FFFD.
        const string text = "Lone surrogates \uD800 and \uDC00, and a pair cut short \uD83D";

        XDocument.Parse(Render(text, text, text, text + " later"));
    }

    [Fact]
    public void ALongBilingualFeatureNameAppearsWholeOnTheWaveChart()
    {
        const string name = "Order tracking with live courier map · Theo dõi đơn hàng với bản đồ trực tiếp";

        var svg = XDocument.Parse(Render("Bilingual", name, "2026-Q3", "2026-Q4"));

        var label = Assert.Single(svg.Descendants(Svg + "text"), text => (string?)text.Attribute("class") == "label");
        Assert.Equal(name, string.Join(" ", label.Elements(Svg + "tspan").Select(line => line.Value)));
    }

    [Fact]
    public void TheWaveChartNeverCutsASurrogatePairOrAWord()
    {
        var rockets = string.Concat(Enumerable.Repeat("🚀", 60));

        var svg = Render(rockets, rockets, "wave 🚀 one", "wave 🚀 two");

        Assert.DoesNotContain("\uFFFD", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("…", TextOf(XDocument.Parse(svg)), StringComparison.Ordinal);
    }
}
