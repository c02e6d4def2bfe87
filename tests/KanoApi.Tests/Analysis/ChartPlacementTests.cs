using System.Globalization;
using System.Xml.Linq;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// Where the Better/Worse chart puts its labels, measured on the demo survey's chart as the API serves it, in English
/// and Vietnamese: each label next to its own bubble and in that bubble's quadrant, no two labels over each other, no
/// leader line through another label, and an Expected bubble among the delighters explained in the legend.
/// </summary>
public sealed class ChartPlacementTests(ChartPlacementTests.Demo demo) : IClassFixture<ChartPlacementTests.Demo>
{
    /// <summary>The service with its demo survey ("Customer service", 11 features, 300 respondents).</summary>
    public sealed class Demo : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Kano:SeedDemo"] = "true";
                return settings;
            }
        }
    }

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // The chart's drawing (Analysis/BetterWorseChart.cs): the plot spans x 80-710 and y 80-650; labels are 12 px text
    // whose characters the chart counts 7 px wide, on lines 14 px apart.
    private const double PlotLeft = 80, PlotTop = 80, PlotWidth = 630, PlotHeight = 570, CharWidth = 7.0, LineHeight = 14;
    private const double MidX = PlotLeft + PlotWidth / 2, MidY = PlotTop + PlotHeight / 2;

    /// <summary>How far (px) a label may stand from its bubble's edge: about two lines of text.</summary>
    private const double Near = 30;

    private sealed record Bubble(string Key, double X, double Y, double R);

    private sealed record Label(string Key, string Text, double X1, double Y1, double X2, double Y2)
    {
        /// <summary>Overlap beyond the chart's rounding of coordinates to a tenth of a pixel.</summary>
        public bool Overlaps(Label other) => X1 + 0.5 < other.X2 && other.X1 + 0.5 < X2 && Y1 + 0.5 < other.Y2 && other.Y1 + 0.5 < Y2;

        public double DistanceTo(Bubble bubble)
        {
            var dx = Math.Max(Math.Max(X1 - bubble.X, 0), bubble.X - X2);
            var dy = Math.Max(Math.Max(Y1 - bubble.Y, 0), bubble.Y - Y2);
            return Math.Max(0, Math.Sqrt(dx * dx + dy * dy) - bubble.R);
        }

        /// <summary>Whether the segment passes through the label's inside: any of 200 points along it, half a pixel in from the edges.</summary>
        public bool Crosses(double ax, double ay, double bx, double by) =>
            Enumerable.Range(0, 201).Select(step => step / 200.0).Any(t =>
            {
                var (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
                return X1 + 0.5 < x && x < X2 - 0.5 && Y1 + 0.5 < y && y < Y2 - 0.5;
            });
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private async Task<(XDocument Svg, IReadOnlyDictionary<string, string> Names)> ChartAsync(string lang)
    {
        var client = demo.CreateAdminClient();
        var surveys = await (await client.GetAsync("/v1/surveys")).Json();
        var id = surveys.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt64();
        var analysis = await (await client.GetAsync($"/v1/surveys/{id}/analysis?lang={lang}")).Json();
        var names = analysis.GetProperty("features").EnumerateArray()
            .ToDictionary(feature => feature.GetProperty("key").GetString()!, feature => feature.GetProperty("name").GetString()!);
        var svg = await (await client.GetAsync($"/v1/surveys/{id}/analysis/chart.svg?lang={lang}")).Content.ReadAsStringAsync();
        return (XDocument.Parse(svg), names);
    }

    private static (IReadOnlyList<Bubble> Bubbles, IReadOnlyList<Label> Labels, IReadOnlyList<(double X1, double Y1, double X2, double Y2)> Leaders) Read(
        XDocument svg, IReadOnlyDictionary<string, string> names)
    {
        var bubbles = svg.Descendants(Svg + "circle").Where(circle => (string?)circle.Attribute("class") == "feature")
            .Select(circle => new Bubble((string)circle.Attribute("data-key")!, Number(circle, "cx"), Number(circle, "cy"), Number(circle, "r")))
            .ToArray();
        // A label is matched to its feature by its text, the feature's whole name (the demo's names are distinct).
        var labels = svg.Descendants(Svg + "text").Where(text => (string?)text.Attribute("class") == "label")
            .Select(text =>
            {
                var lines = text.Elements(Svg + "tspan").Select(line => line.Value).ToArray();
                var whole = string.Join(" ", lines);
                var key = names.Single(name => name.Value == whole).Key;
                var (x, baseline) = (Number(text, "x"), Number(text, "y"));
                var width = lines.Max(line => line.Length) * CharWidth;
                return new Label(key, whole, x, baseline - LineHeight + 3, x + width, baseline - LineHeight + 3 + lines.Length * LineHeight);
            })
            .ToArray();
        var leaders = svg.Descendants(Svg + "line").Where(line => (string?)line.Attribute("class") == "leader")
            .Select(line => (Number(line, "x1"), Number(line, "y1"), Number(line, "x2"), Number(line, "y2")))
            .ToArray();
        return (bubbles, labels, leaders);
    }

    private static (bool Right, bool Top) Quadrant(double x, double y) => (x >= MidX, y <= MidY);

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public async Task EveryLabelStandsNextToItsOwnBubbleInThatBubblesQuadrant(string lang)
    {
        var (svg, names) = await ChartAsync(lang);
        var (bubbles, labels, _) = Read(svg, names);

        Assert.Equal(bubbles.Select(bubble => bubble.Key).Order(), labels.Select(label => label.Key).Order());
        foreach (var label in labels)
        {
            var bubble = bubbles.Single(candidate => candidate.Key == label.Key);
            Assert.True(label.DistanceTo(bubble) <= Near, $"\"{label.Text}\" stands {label.DistanceTo(bubble):0} px from its bubble");
            // A bubble on a quadrant line may have its label on either side; otherwise the label is in its quadrant.
            var onLine = Math.Abs(bubble.X - MidX) < bubble.R + 2 || Math.Abs(bubble.Y - MidY) < bubble.R + 2;
            Assert.True(
                onLine || Quadrant((label.X1 + label.X2) / 2, (label.Y1 + label.Y2) / 2) == Quadrant(bubble.X, bubble.Y),
                $"\"{label.Text}\" stands in another quadrant than its bubble");
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public async Task NoLabelCoversAnotherAndNoLeaderLineCrossesAnotherLabel(string lang)
    {
        var (svg, names) = await ChartAsync(lang);
        var (bubbles, labels, leaders) = Read(svg, names);

        foreach (var label in labels)
        {
            Assert.All(labels.Where(other => other != label), other => Assert.False(other.Overlaps(label), $"\"{other.Text}\" covers \"{label.Text}\""));
            Assert.All(bubbles.Where(bubble => bubble.Key != label.Key), bubble =>
                Assert.True(label.DistanceTo(bubble) > 0, $"\"{label.Text}\" covers the bubble of {bubble.Key}"));
            // A leader line ends on its own label's edge; through any other label it may not go.
            Assert.All(leaders.Where(leader => label.DistanceTo(new Bubble("", leader.X2, leader.Y2, 0)) >= 1), leader =>
                Assert.False(label.Crosses(leader.X1, leader.Y1, leader.X2, leader.Y2), $"a leader line crosses \"{label.Text}\""));
        }
    }

    [Theory]
    [InlineData("en", "Expected")]
    [InlineData("vi", "mong đợi")]
    public async Task AnExpectedBubbleAmongTheDelightersIsExplainedInTheLegend(string lang, string expected)
    {
        var (svg, _) = await ChartAsync(lang);
        var bubbles = svg.Descendants(Svg + "circle").Where(circle => (string?)circle.Attribute("class") == "feature").ToArray();
        // The demo's 24/7 hotline: expected (O) by the counts, Better 0.66 and |Worse| 0.45, so among the delighters.
        var hotline = Assert.Single(bubbles, circle => (string?)circle.Attribute("data-key") == "hotline-24-7");
        Assert.Equal((false, true), Quadrant(Number(hotline, "cx"), Number(hotline, "cy")));

        var note = svg.Descendants(Svg + "text").Where(text => (string?)text.Attribute("class") == "legend-note").Select(text => string.Concat(text.Value)).ToArray();
        Assert.Contains(note, text => text.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>Bubbles that overlap each keep an outline of their own, so one never hides the other's edge.</summary>
    [Fact]
    public async Task OverlappingBubblesKeepTheirOwnOutlines()
    {
        var (svg, _) = await ChartAsync("en");
        var circles = svg.Descendants(Svg + "circle").Where(circle => (string?)circle.Attribute("class") == "feature").ToArray();

        Assert.All(circles, circle =>
        {
            Assert.Equal("#ffffff", (string?)circle.Attribute("stroke"));
            Assert.True(double.Parse((string)circle.Attribute("fill-opacity")!, CultureInfo.InvariantCulture) <= 0.6);
        });
    }
}
