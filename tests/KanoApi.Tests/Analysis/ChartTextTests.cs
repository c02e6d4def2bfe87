using System.Globalization;
using System.Xml.Linq;
using CsCheck;
using Kano.Analysis;
using KanoApi.Analysis;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// The chart writer on its own: whatever text a survey or feature holds (including rows stored before input was
/// checked), the SVG is well-formed XML, and labels are shown whole, wrapped, never cut inside a word or a
/// surrogate pair, and kept off bubbles and the quadrant lines.
/// </summary>
public sealed class ChartTextTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static FeatureAnalysis[] Features(params (string Key, string Name, FeatureAnswer Answer)[] features) =>
        KanoAnalyzer.Analyze(
            features.Select((feature, index) => FeatureInput.FromAnswers(index + 1, feature.Key, feature.Name, Enumerable.Repeat(feature.Answer, 10))).ToArray(),
            AnalysisOptions.Default).Features.ToArray();

    private static readonly FeatureAnswer Delighted = new(Answer.Like, Answer.Neutral, 7);

    private static void AssertWellFormed(string svg)
    {
        // XDocument.Parse refuses characters XML 1.0 forbids; a lone surrogate would also break UTF-8 encoding.
        XDocument.Parse(svg);
        for (var i = 0; i < svg.Length; i++)
        {
            if (char.IsHighSurrogate(svg[i]))
            {
                Assert.True(i + 1 < svg.Length && char.IsLowSurrogate(svg[i + 1]), $"lone high surrogate at {i}");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(svg[i]), $"lone low surrogate at {i}");
            }
        }
    }

    [Theory]
    [InlineData("Bell\u0007 and null\0")]
    [InlineData("Form feed\u000c, escape\u001b, unit separator\u001f")]
    [InlineData("Non-characters \uFFFE and \uFFFF")]
    [InlineData("<script>&amp;\"'</script>")]
    public void TheChartIsWellFormedXmlWhateverTheNamesHold(string text)
    {
        var svg = BetterWorseChart.Render(text, 10, Features(("bad\u0001key", text, Delighted), ("other", text + " " + text, Delighted)), Language.English);

        AssertWellFormed(svg);
    }

    [Fact]
    public void LoneSurrogatesGiveWellFormedXml()
    {
        // Not theory data: xunit would replace a lone surrogate there with U+FFFD.
        const string text = "Lone surrogates \uD800 and \uDC00, and a pair cut short \uD83D";

        AssertWellFormed(BetterWorseChart.Render(text, 10, Features(("lone", text, Delighted)), Language.English));
    }

    [Fact]
    public void AnyTextGivesWellFormedXml()
    {
        Gen.Char.Array[0, 80].Select(chars => new string(chars))
            .Sample(text => AssertWellFormed(BetterWorseChart.Render(text, 3, Features(("k", text, Delighted)), Language.Vietnamese)), iter: 300);
    }

    [Fact]
    public void ALongBilingualNameAppearsWholeOnTheChart()
    {
        const string name = "Thanh toán một chạm bằng thẻ đã lưu / One-tap checkout with saved cards and wallets";

        var svg = XDocument.Parse(BetterWorseChart.Render("Bilingual", 10, Features(("one-tap", name, Delighted)), Language.English));

        var label = Assert.Single(svg.Descendants(Svg + "text"), text => (string?)text.Attribute("class") == "label");
        Assert.Equal(name, string.Join(" ", Lines(label)));
        Assert.True(Lines(label).Count > 1, "a long name is wrapped over lines");
    }

    [Fact]
    public void LabelsAndTitlesNeverCutAWordOrASurrogatePair()
    {
        var emoji = string.Concat(Enumerable.Repeat("🚀✨ ", 30)).Trim();
        var longWords = "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic";

        var svg = BetterWorseChart.Render(string.Concat(Enumerable.Repeat("🚀", 100)), 10,
            Features(("emoji", emoji, Delighted), ("words", longWords, new FeatureAnswer(Answer.Like, Answer.Dislike, 9))), Language.English);

        AssertWellFormed(svg);
        Assert.DoesNotContain('\uFFFD', svg);
        var labels = XDocument.Parse(svg).Descendants(Svg + "text").Where(text => (string?)text.Attribute("class") == "label").ToArray();
        Assert.Contains(labels, label => string.Join(" ", Lines(label)) == emoji);
        var words = Assert.Single(labels, label => string.Join(" ", Lines(label)) == longWords);
        Assert.All(Lines(words), line => Assert.Contains(line, longWords.Split(' ')));
    }

    [Fact]
    public void CrowdedLongLabelsStayOffBubblesAndQuadrantLines()
    {
        // Features around the middle of the diagram, where the quadrant lines cross: the hardest place for a label.
        var answers = new[]
        {
            new FeatureAnswer(Answer.Like, Answer.Dislike, 5), new FeatureAnswer(Answer.Neutral, Answer.Neutral, 5),
            new FeatureAnswer(Answer.Like, Answer.Neutral, 5), new FeatureAnswer(Answer.MustBe, Answer.Dislike, 5),
        };
        var inputs = Enumerable.Range(0, 12).Select(f => FeatureInput.FromAnswers(f + 1, $"f{f}", $"Tính năng số {f} có tên khá dài / Feature number {f} with a long name",
            Enumerable.Range(0, 20).Select(r => answers[(r + f) % answers.Length]))).ToArray();
        var features = KanoAnalyzer.Analyze(inputs, AnalysisOptions.Default).Features;

        var svg = XDocument.Parse(BetterWorseChart.Render("Crowded", 20, features, Language.English));

        var bubbles = svg.Descendants(Svg + "circle").Where(circle => (string?)circle.Attribute("class") == "feature")
            .Select(circle => (X: Number(circle, "cx"), Y: Number(circle, "cy"), R: Number(circle, "r"))).ToArray();
        var quadrantLines = svg.Descendants(Svg + "line").Where(line => line.Attribute("stroke-dasharray") is not null)
            .Select(line => (X1: Number(line, "x1"), Y1: Number(line, "y1"), X2: Number(line, "x2"), Y2: Number(line, "y2"))).ToArray();
        Assert.Equal(2, quadrantLines.Length);
        var labels = svg.Descendants(Svg + "text").Where(text => (string?)text.Attribute("class") == "label").ToArray();
        Assert.Equal(12, labels.Length);
        foreach (var label in labels)
        {
            var box = Box(label);
            foreach (var bubble in bubbles)
            {
                // The nearest point of the box to the bubble's centre lies outside the circle.
                var dx = bubble.X - Math.Clamp(bubble.X, box.X1, box.X2);
                var dy = bubble.Y - Math.Clamp(bubble.Y, box.Y1, box.Y2);
                Assert.True(dx * dx + dy * dy >= bubble.R * bubble.R - 0.5, $"'{string.Join(" ", Lines(label))}' covers a bubble");
            }

            foreach (var line in quadrantLines)
            {
                var crosses = line.X1 == line.X2
                    ? box.X1 < line.X1 && line.X1 < box.X2 && box.Y1 < Math.Max(line.Y1, line.Y2) && Math.Min(line.Y1, line.Y2) < box.Y2
                    : box.Y1 < line.Y1 && line.Y1 < box.Y2 && box.X1 < Math.Max(line.X1, line.X2) && Math.Min(line.X1, line.X2) < box.X2;
                Assert.False(crosses, $"'{string.Join(" ", Lines(label))}' crosses a quadrant line");
            }
        }
    }

    /// <summary>The label's lines: its tspans, or its own text when it has none.</summary>
    internal static IReadOnlyList<string> Lines(XElement label)
    {
        var spans = label.Elements(Svg + "tspan").Select(span => span.Value).ToArray();
        return spans.Length > 0 ? spans : [label.Value];
    }

    /// <summary>
    /// The box a label covers, from its first baseline (y), its left edge (x), 14 px a line and the chart's 6.6 px
    /// per character at 12 px.
    /// </summary>
    internal static (double X1, double Y1, double X2, double Y2) Box(XElement label)
    {
        var lines = Lines(label);
        var x = Number(label, "x");
        var baseline = Number(label, "y");
        var width = lines.Max(line => new StringInfo(line).LengthInTextElements) * 6.6;
        return (x, baseline - 11, x + width, baseline - 11 + lines.Count * 14);
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
