using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Reports;

namespace KanoApi.Tests.Reports;

/// <summary>
/// What the report says before its tables: the key findings made from the backlog's and the analysis's numbers, in
/// plain words and the reader's number format; the chart as a list by quadrant; the legend of the codes; a filter that
/// matches nobody; and which segment it compares when nobody chose one.
/// </summary>
public sealed class ReportFindingsTests(ReportTests.Survey survey) : IClassFixture<ReportTests.Survey>
{
    private readonly HttpClient admin = survey.CreateAdminClient();

    private async Task<ReportHtml> Report(long surveyId, string query = "")
    {
        var response = await admin.GetAsync($"/v1/surveys/{surveyId}/report{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new ReportHtml(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Api(string path) => await (await admin.GetAsync($"/v1/surveys/{survey.Id}/{path}")).Json();

    /// <summary>The findings' sentences by kind (fix-first, improve, delight, uncertain, quality, sample, none).</summary>
    private static IReadOnlyDictionary<string, string> Findings(ReportHtml page) =>
        Regex.Matches(page.Section("findings"), """<li data-finding="(?<kind>[^"]+)">(?<text>.*?)</li>""", RegexOptions.Singleline)
            .ToDictionary(match => match.Groups["kind"].Value, match => ReportHtml.Text(match.Groups["text"].Value));

    private static string Percent(double share, string culture) =>
        (Math.Abs(share) * 100).ToString("0.#", CultureInfo.GetCultureInfo(culture)) + "%";

    [Fact]
    public async Task TheKeyFindingsComeFirstAndNameTheBacklogsFixFirstItemsWithTheirNumbers()
    {
        var backlog = await Api("backlog");
        var page = await Report(survey.Id, "?lang=en");

        var main = page.Html[page.Html.IndexOf("<main", StringComparison.Ordinal)..];
        Assert.Matches("^<main[^>]*>\\s*<section[^>]*id=\"findings\"", main);
        var findings = Findings(page);
        var fixFirst = backlog.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("action").GetString() == "fix-first").Take(3).ToArray();
        Assert.NotEmpty(fixFirst);
        foreach (var item in fixFirst)
        {
            Assert.Contains($"{item.GetProperty("name").GetString()} ({Percent(item.GetProperty("worse").GetDouble(), "en")} dissatisfied without it", findings["fix-first"], StringComparison.Ordinal);
        }

        var delight = backlog.GetProperty("items").EnumerateArray().First(item => item.GetProperty("action").GetString() == "delight");
        Assert.Contains($"{delight.GetProperty("name").GetString()} ({Percent(delight.GetProperty("better").GetDouble(), "en")} more satisfied", findings["delight"], StringComparison.Ordinal);
        Assert.StartsWith($"Only {ReportTests.Survey.Respondents} respondents", findings["sample"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIsUncertainSaysHowManyMoreRespondentsTheAnalysisNeedsToSettleIt()
    {
        var analysis = await Api("analysis");
        var findings = Findings(await Report(survey.Id, "?lang=en"));

        var open = analysis.GetProperty("features").EnumerateArray()
            .Where(feature => feature.GetProperty("settle").ValueKind == JsonValueKind.Object && feature.GetProperty("settle").GetProperty("more").GetInt64() > 0)
            .ToArray();
        Assert.NotEmpty(open);
        foreach (var feature in open)
        {
            var more = feature.GetProperty("settle").GetProperty("more").GetInt64().ToString(CultureInfo.InvariantCulture);
            Assert.Contains($"{feature.GetProperty("name").GetString()} (answers split between", findings["uncertain"], StringComparison.Ordinal);
            Assert.Contains($"about {more} more respondents would settle it", findings["uncertain"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InVietnameseTheProseNumbersUseTheDecimalComma()
    {
        var page = await Report(survey.Id, "?lang=vi");
        var findings = Findings(page);

        // Some share in the findings has a decimal part, and none is written with a point, which in Vietnamese groups thousands.
        var prose = string.Join(" ", findings.Values) + " " + page.Field("questionable-rate");
        Assert.Matches(@"\d,\d%", prose);
        Assert.DoesNotMatch(@"\d\.\d", prose);
        Assert.All(page.Rows("classification"), row => Assert.DoesNotMatch(@"^\d\.\d{3} ", row.Cells["certainty"]));
    }

    [Fact]
    public async Task EveryScoreOfTheBacklogIsShownWithTheSameFourDecimalsAndThePageSaysTierComesFirst()
    {
        var rows = (await Report(survey.Id, "?lang=en")).Rows("backlog", "backlog");
        var page = await Report(survey.Id, "?lang=en");

        Assert.All(rows, row => Assert.Matches(@"^\d+\.\d{4}$", row.Cells["score"]));
        Assert.Contains("tier first", page.Field("backlog-order"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFilterThatMatchesNobodySaysSoAndKeepsTheFilterChosen()
    {
        var page = await Report(survey.Id, "?lang=en&wave=no-such-wave&segment.plan=pro");

        Assert.Equal("0", page.Field("respondents"));
        Assert.Equal(Texts.Of<ReportTexts>(Language.English)["NoRespondentMatches"], Findings(page)["none"]);
        Assert.Contains(("no-such-wave", true), page.Options("wave"));
        Assert.Contains(("pro", true), page.Options("segment.plan"));

        var vi = await Report(survey.Id, "?lang=vi&wave=no-such-wave");
        Assert.Equal(Texts.Of<ReportTexts>(Language.Vietnamese)["NoRespondentMatches"], Findings(vi)["none"]);
    }

    [Fact]
    public async Task TheChartIsAlsoAListByQuadrantWhereBetterAndWorsePutEachFeature()
    {
        var analysis = await Api("analysis");
        var quadrants = (await Report(survey.Id, "?lang=en")).Section("chart");

        foreach (var feature in analysis.GetProperty("features").EnumerateArray().Where(feature => feature.GetProperty("better").ValueKind == JsonValueKind.Number))
        {
            var (better, worse) = (feature.GetProperty("better").GetDouble(), Math.Abs(feature.GetProperty("worse").GetDouble()));
            var quadrant = (worse >= 0.5, better >= 0.5) switch
            {
                (true, true) => "expected",
                (true, false) => "basic",
                (false, true) => "delighter",
                _ => "indifferent",
            };
            var list = Regex.Match(quadrants, $"""<ul data-quadrant="{quadrant}">(.*?)</ul>""", RegexOptions.Singleline);
            Assert.True(list.Success, $"no list for the {quadrant} quadrant");
            Assert.Contains($"data-key=\"{feature.GetProperty("key").GetString()}\"", list.Groups[1].Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheCodesAreExplainedWhereverTheyAppear()
    {
        var page = await Report(survey.Id, "?lang=en");

        foreach (var section in new[] { "classification", "segments" })
        {
            var legend = Regex.Match(page.Section(section), """<p class="code-legend"[^>]*>(.*?)</p>""", RegexOptions.Singleline);
            Assert.True(legend.Success, $"#{section} has no legend of the codes");
            var text = ReportHtml.Text(legend.Groups[1].Value);
            Assert.All(new[] { "A = Delighter", "O = Expected", "M = Basic", "I = Indifferent", "R = Reverse", "Q = Questionable" },
                code => Assert.Contains(code, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task WithoutByTheComparisonSkipsOneValueAndSmallSegmentsAndSaysWhenAChosenOneCannotBeCompared()
    {
        var surveyId = await Given.ASurvey(admin, "Segments study");
        string[] keys = ["one", "two"];
        foreach (var key in keys)
        {
            await Given.AFeature(admin, surveyId, key);
        }

        // "a-country" has one value; "b-size" two values of 10 respondents; "c-channel" two values of 40.
        var respondents = Given.RandomRespondents(5, 80, keys).Select((respondent, index) => respondent with
        {
            Segments = new Dictionary<string, string>
            {
                ["a-country"] = "vn",
                ["b-size"] = index < 10 ? "small" : index < 20 ? "large" : "unknown-" + index,
                ["c-channel"] = index % 2 == 0 ? "online" : "store",
            },
        });
        await Given.Responses(admin, surveyId, respondents);

        var chosen = await Report(surveyId, "?lang=en");
        Assert.StartsWith("Compared by c-channel:", chosen.Field("segment-values"), StringComparison.Ordinal);
        Assert.Contains(("c-channel", true), chosen.Options("by"));

        var oneValue = await Report(surveyId, "?lang=en&by=a-country");
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, Texts.Of<ReportTexts>(Language.English)["SegmentOneValue"], "a-country", "vn"), oneValue.Field("segment-one-value"));
        Assert.DoesNotContain("<table class=\"segments\">", oneValue.Section("segments"), StringComparison.Ordinal);

        var small = await Report(surveyId, "?lang=en&by=b-size");
        Assert.Contains("small", small.Field("segment-too-small"), StringComparison.Ordinal);
        Assert.Contains($"fewer than {ReportApi.SegmentMinimum}", small.Field("segment-too-small"), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"category-(basic|expected|delighter|indifferent|reverse|questionable)", Regex.Match(small.Section("segments"), """<td data-value="small".*?</td>""", RegexOptions.Singleline).Value);
    }
}
