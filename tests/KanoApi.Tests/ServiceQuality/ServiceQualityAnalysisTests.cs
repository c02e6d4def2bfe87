using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.Tests.Backlog;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>
/// The service-quality block of the analysis, the backlog's gap-first order and the CSV columns, through the real
/// pipeline; every number is recomputed here from the pairs the test stores, with Student's t from the printed tables.
/// </summary>
public sealed class ServiceQualityAnalysisTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    /// <summary>t(0.975, df) as printed in the tables (df = 2 and 4), independent of the service's library.</summary>
    private static readonly Dictionary<int, double> T975 = new() { [2] = 4.302652730, [4] = 2.776445105 };

    private sealed record Feature(string Key, string? Dimension, string Functional, string Dysfunctional, int Importance, (int E, int P)[] Pairs);

    /// <summary>
    /// Five respondents (r1-r3 wave 2025, r4-r5 wave 2026), each answering every feature the same way:
    /// check-in is basic (M) and far below expectation, speed expected (O) near it, welcome drink a delighter (A) above it,
    /// wifi indifferent, untagged and without pairs.
    /// </summary>
    private static readonly Feature[] Features =
    [
        new("check-in", "reliability", "neutral", "dislike", 9, [(7, 4), (6, 4), (7, 5), (6, 5), (7, 4)]),
        new("speed", "responsiveness", "like", "dislike", 7, [(6, 5), (5, 5), (6, 6), (5, 6), (6, 5)]),
        new("welcome-drink", "tangibles", "like", "neutral", 3, [(3, 6), (4, 6), (3, 5), (4, 7), (3, 6)]),
        new("wifi", null, "neutral", "neutral", 5, []),
    ];

    private static readonly string[] Respondents = ["r1", "r2", "r3", "r4", "r5"];

    /// <summary>The survey through the API as a client makes it: features tagged or not, the switch on or off, the pairs sent with the answers when it is on.</summary>
    private async Task<long> ServiceSurveyAsync(bool tag = true, bool ask = true)
    {
        var surveyId = await Given.ASurvey(client, "Hotel");
        foreach (var feature in Features)
        {
            var added = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = feature.Key, name = feature.Key, dimension = tag ? feature.Dimension : null });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        if (ask)
        {
            var on = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askServiceQuality = true } });
            Assert.True(on.StatusCode == HttpStatusCode.OK, await on.Content.ReadAsStringAsync());
        }

        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new
        {
            responses = Respondents.Select((id, r) => new
            {
                respondentId = id,
                wave = r < 3 ? "2025" : "2026",
                answers = Features.Select(f => new
                {
                    feature = f.Key,
                    functional = f.Functional,
                    dysfunctional = f.Dysfunctional,
                    importance = f.Importance,
                    expectation = ask && f.Pairs.Length > 0 ? f.Pairs[r].E : (int?)null,
                    perception = ask && f.Pairs.Length > 0 ? f.Pairs[r].P : (int?)null,
                }),
            }),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return surveyId;
    }

    /// <summary>Mean, sample sd and the 95 % t interval of values, recomputed the textbook way.</summary>
    private static (double Mean, double Sd, double Low, double High) Paired(IReadOnlyList<double> values, double? centre = null)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = T975[values.Count - 1] * sd / Math.Sqrt(values.Count);
        var c = centre ?? mean;
        return (mean, sd, c - half, c + half);
    }

    private static double[] Differences(Feature feature, int take = 5) => [.. feature.Pairs.Take(take).Select(pair => (double)(pair.P - pair.E))];

    private async Task<JsonElement> AnalysisAsync(long surveyId, string query = "") =>
        (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis?precision=full{query}")).Json()).GetProperty("serviceQuality");

    [Fact]
    public async Task EachFeaturesGapIsTheMeanOfTheRespondentsOwnDifferencesWithItsPairedTInterval()
    {
        var surveyId = await ServiceSurveyAsync();
        var block = await AnalysisAsync(surveyId);

        Assert.True(block.GetProperty("hasGapData").GetBoolean());
        foreach (var feature in Features.Where(f => f.Pairs.Length > 0))
        {
            var json = block.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("key").GetString() == feature.Key);
            var (mean, sd, low, high) = Paired(Differences(feature));
            Assert.Equal(5, json.GetProperty("n").GetInt64());
            Assert.Equal(feature.Pairs.Average(p => p.E), json.GetProperty("meanExpectation").GetDouble(), 9);
            Assert.Equal(feature.Pairs.Average(p => p.P), json.GetProperty("meanPerception").GetDouble(), 9);
            Assert.Equal(mean, json.GetProperty("gap").GetDouble(), 9);
            Assert.Equal(sd, json.GetProperty("sd").GetDouble(), 9);
            Assert.Equal(low, json.GetProperty("interval").GetProperty("low").GetDouble(), 6);
            Assert.Equal(high, json.GetProperty("interval").GetProperty("high").GetDouble(), 6);
            Assert.Equal(feature.Dimension, json.GetProperty("dimension").GetString());
        }

        // Check-in: Ē = 6.6, P̄ = 4.4, IR0 = 1.5, must-be k = 0.5 → 2.25.
        var checkIn = block.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "check-in");
        Assert.True(checkIn.GetProperty("belowExpectation").GetBoolean());
        Assert.Equal(1.5, checkIn.GetProperty("improvement").GetProperty("ratio").GetDouble(), 9);
        Assert.Equal(2.25, checkIn.GetProperty("improvement").GetProperty("adjusted").GetDouble(), 9);
    }

    [Fact]
    public async Task DimensionsOverallAndWeightedScoresAreRecomputedFromTheSamePairs()
    {
        var surveyId = await ServiceSurveyAsync();
        var block = await AnalysisAsync(surveyId);

        var tagged = Features.Where(f => f.Dimension is not null).ToArray();
        var dimensions = block.GetProperty("dimensions").EnumerateArray().ToArray();
        Assert.Equal(["reliability", "responsiveness", "tangibles"], dimensions.Select(d => d.GetProperty("dimension").GetString()));
        foreach (var (dimension, feature) in dimensions.Zip(tagged))
        {
            // One feature per dimension answered by everybody: the dimension's interval is its feature's.
            var (mean, _, low, high) = Paired(Differences(feature));
            Assert.Equal(mean, dimension.GetProperty("score").GetDouble(), 9);
            Assert.Equal(low, dimension.GetProperty("interval").GetProperty("low").GetDouble(), 6);
            Assert.Equal(high, dimension.GetProperty("interval").GetProperty("high").GetDouble(), 6);
            Assert.Equal(feature.Importance, dimension.GetProperty("importance").GetProperty("mean").GetDouble(), 9);
        }

        // Overall: the mean of the dimension scores; its interval from each respondent's mean of their dimension gaps.
        var scores = tagged.Select(f => Differences(f).Average()).ToArray();
        var perRespondent = Enumerable.Range(0, 5).Select(r => tagged.Average(f => (double)(f.Pairs[r].P - f.Pairs[r].E))).ToArray();
        var (_, sdOverall, lowOverall, highOverall) = Paired(perRespondent, scores.Average());
        var overall = block.GetProperty("overall");
        Assert.Equal("dimensions", overall.GetProperty("basis").GetString());
        Assert.Equal(scores.Average(), overall.GetProperty("score").GetDouble(), 9);
        Assert.Equal(sdOverall, overall.GetProperty("sd").GetDouble(), 9);
        Assert.Equal(lowOverall, overall.GetProperty("interval").GetProperty("low").GetDouble(), 6);
        Assert.Equal(highOverall, overall.GetProperty("interval").GetProperty("high").GetDouble(), 6);

        // Weighted: each dimension's mean importance over their sum (9 + 7 + 3 = 19).
        var weighted = tagged.Sum(f => f.Importance / 19.0 * Differences(f).Average());
        Assert.Equal(weighted, overall.GetProperty("weighted").GetDouble(), 9);
    }

    [Fact]
    public async Task ABasicNeedBelowExpectationPlacesTheServiceOnTheBasicLevelInBothLanguages()
    {
        var surveyId = await ServiceSurveyAsync();
        var english = await AnalysisAsync(surveyId);
        var vietnamese = (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis?lang=vi")).Json()).GetProperty("serviceQuality");

        var level = english.GetProperty("level");
        Assert.Equal("basic", level.GetProperty("level").GetString());
        Assert.Equal("disappointing", level.GetProperty("fineLevel").GetString());
        Assert.StartsWith("Below expectation where it matters most: check-in (Basic): gap -2.20", level.GetProperty("rationale").GetString());
        Assert.Equal("Dịch vụ cơ bản", vietnamese.GetProperty("level").GetProperty("label").GetString());
        Assert.Equal("Sự tin cậy", vietnamese.GetProperty("dimensions")[0].GetProperty("label").GetString());

        // Per dimension: reliability holds the shortfall; responsiveness's speed (gap −0.2, interval reaching −1.24)
        // may or may not be more than 0.5 below expectation: not enough answers to say.
        var dimensions = english.GetProperty("dimensions");
        Assert.Equal("basic", dimensions[0].GetProperty("level").GetProperty("level").GetString());
        Assert.Equal(1, dimensions[0].GetProperty("belowExpectation").GetProperty("basic").GetInt32());
        Assert.Equal(JsonValueKind.Null, dimensions[1].GetProperty("level").GetProperty("level").ValueKind);
        Assert.Equal("Not enough answers to say", dimensions[1].GetProperty("level").GetProperty("label").GetString());
    }

    [Fact]
    public async Task TheServiceQualityFiguresKeepTheAnalysisFilters()
    {
        var surveyId = await ServiceSurveyAsync();
        var wave2025 = await AnalysisAsync(surveyId, "&wave=2025");

        var checkIn = Features[0];
        var (mean, _, low, _) = Paired(Differences(checkIn, take: 3));
        var json = wave2025.GetProperty("features")[0];
        Assert.Equal(3, json.GetProperty("n").GetInt64());
        Assert.Equal(mean, json.GetProperty("gap").GetDouble(), 9);
        Assert.Equal(low, json.GetProperty("interval").GetProperty("low").GetDouble(), 6);
    }

    [Fact]
    public async Task TheAnalysisWithServiceQualityIsCachedAndVersionedLikeTheRest()
    {
        var surveyId = await ServiceSurveyAsync();
        var first = await client.GetAsync($"/v1/surveys/{surveyId}/analysis");
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // A new response changes the data: a new tag, and its pairs are counted.
        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new
        {
            responses = new[] { new { respondentId = "r6", answers = new[] { new { feature = "wifi", functional = "neutral", dysfunctional = "neutral" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = await client.GetAsync($"/v1/surveys/{surveyId}/analysis");
        Assert.NotEqual(etag, second.Headers.ETag);
        Assert.Equal(6, (await second.Json()).GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task TheBacklogPutsTheBasicNeedBelowExpectationFirstAndSaysWhyWithTheNumbers()
    {
        var surveyId = await ServiceSurveyAsync();
        var backlog = await (await client.GetAsync($"/v1/surveys/{surveyId}/backlog?precision=full")).Json();

        var first = backlog.GetProperty("items")[0];
        Assert.Equal("check-in", first.GetProperty("key").GetString());
        Assert.Equal(2.25, first.GetProperty("factors").GetProperty("improvement").GetDouble(), 9);
        Assert.StartsWith(
            "Basic need below expectation: perception 4.40 against expectation 6.60 (gap -2.20, 95 % CI ",
            first.GetProperty("rationale").GetString());
        Assert.Equal(-2.2, first.GetProperty("serviceQuality").GetProperty("gap").GetDouble(), 9);

        // Speed (expected): IR0 = 5.6 / 5.4, k = 1, so its score is multiplied by 5.6 / 5.4.
        var speed = backlog.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "speed");
        Assert.Equal(5.6 / 5.4, speed.GetProperty("factors").GetProperty("improvement").GetDouble(), 9);
    }

    [Fact]
    public async Task TheCsvTablesCarryTheServiceQualityColumns()
    {
        var surveyId = await ServiceSurveyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis?precision=full");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var rows = TrackerReaders.Rfc4180(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        var header = rows[0];
        var checkIn = rows.Single(row => row.Length > 1 && row[1] == "check-in");
        Assert.Equal("reliability", checkIn[Array.IndexOf(header, "dimension")]);
        Assert.Equal(-2.2, double.Parse(checkIn[Array.IndexOf(header, "gap")], CultureInfo.InvariantCulture), 9);
        Assert.Equal("true", checkIn[Array.IndexOf(header, "belowExpectation")]);

        var backlog = TrackerReaders.Rfc4180(await (await client.GetAsync($"/v1/surveys/{surveyId}/backlog?format=csv")).Content.ReadAsStringAsync());
        var first = backlog[1];
        Assert.Equal("check-in", first[Array.IndexOf(backlog[0], "key")]);
        Assert.Equal(2.25, double.Parse(first[Array.IndexOf(backlog[0], "improvementFactor")], CultureInfo.InvariantCulture), 9);
        Assert.Equal(2.25, double.Parse(first[Array.IndexOf(backlog[0], "adjustedImprovementRatio")], CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task TaggedFeaturesRollUpPerDimensionEvenWithoutExpectationAndPerception()
    {
        var surveyId = await ServiceSurveyAsync(tag: true, ask: false);
        var block = await AnalysisAsync(surveyId);

        Assert.False(block.GetProperty("hasGapData").GetBoolean());
        Assert.Equal(JsonValueKind.Null, block.GetProperty("overall").ValueKind);
        Assert.Equal(JsonValueKind.Null, block.GetProperty("level").ValueKind);
        var reliability = block.GetProperty("dimensions")[0];
        Assert.Equal(1, reliability.GetProperty("categories").GetProperty("basic").GetInt32());
        // Check-in is M for all five: Better 0, Worse −1.
        Assert.Equal(0, reliability.GetProperty("meanBetter").GetDouble());
        Assert.Equal(-1, reliability.GetProperty("meanWorse").GetDouble());
        Assert.Equal(JsonValueKind.Null, reliability.GetProperty("score").ValueKind);

        // The backlog carries each item's dimension too, its order and scores untouched (improvement factor 1).
        var items = (await (await client.GetAsync($"/v1/surveys/{surveyId}/backlog")).Json()).GetProperty("items");
        var checkIn = items.EnumerateArray().Single(i => i.GetProperty("key").GetString() == "check-in");
        Assert.Equal("reliability", checkIn.GetProperty("serviceQuality").GetProperty("dimension").GetString());
        Assert.Equal(0, checkIn.GetProperty("serviceQuality").GetProperty("n").GetInt64());
        Assert.All(items.EnumerateArray(), item => Assert.Equal(1, item.GetProperty("factors").GetProperty("improvement").GetDouble()));
    }

    [Fact]
    public async Task ASurveyWithoutDimensionsOrExpectationsHasNoServiceQualityBlock()
    {
        var surveyId = await ServiceSurveyAsync(tag: false, ask: false);
        Assert.Equal(JsonValueKind.Null, (await AnalysisAsync(surveyId)).ValueKind);
    }

    [Fact]
    public async Task TheDimensionChartDrawsEachDimensionsGapWithItsIntervalAsValidSvg()
    {
        var surveyId = await ServiceSurveyAsync();
        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/dimensions.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToArray();

        // Reliability: check-in's gap −2.20 with its interval, recomputed.
        var (_, _, low, high) = Paired(Differences(Features[0]));
        Assert.Contains("Reliability", texts);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"-2.20 ({low:0.00} … {high:0.00})"), texts);
        Assert.Contains("Overall", texts);
        Assert.Equal(4, svg.Descendants().Count(e => e.Name.LocalName == "circle"));

        var vietnamese = await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/dimensions.svg?lang=vi")).Content.ReadAsStringAsync();
        Assert.Contains("Sự tin cậy", vietnamese);
    }

    [Fact]
    public async Task TheDimensionChartOfASurveyWithoutExpectationsSaysSo()
    {
        var surveyId = await ServiceSurveyAsync(tag: false, ask: false);
        var svg = await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/dimensions.svg")).Content.ReadAsStringAsync();
        Assert.Contains("No expectation and perception answers yet", svg);
        Assert.DoesNotContain("<circle", svg);
    }

    [Fact]
    public async Task TheReportShowsTheServiceLevelAndTheDimensionTableAsTheApiAnswers()
    {
        var surveyId = await ServiceSurveyAsync();
        var analysis = await AnalysisAsync(surveyId);
        var page = await client.GetAsync($"/v1/surveys/{surveyId}/report");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var section = new KanoApi.Tests.Reports.ReportHtml(await page.Content.ReadAsStringAsync()).Section("service-quality");

        Assert.Contains("data-level=\"basic\"", section, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(analysis.GetProperty("level").GetProperty("label").GetString()!), section, StringComparison.Ordinal);
        var reliability = System.Text.RegularExpressions.Regex.Match(
            section, "<tr data-dimension=\"reliability\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Matches("<td class=\"number\" data-field=\"gap\"[^>]*>-2.20</td>", reliability);
        Assert.Contains("check-in (Basic)", reliability, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReportOfASurveyWithoutServiceQualityHasNoSuchSection()
    {
        var surveyId = await ServiceSurveyAsync(tag: false, ask: false);
        var html = await (await client.GetAsync($"/v1/surveys/{surveyId}/report")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"classification\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"service-quality\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetaggingAFeatureOrTurningTheSwitchOffIsSeenByTheNextAnalysisNotAnOldCachedOne()
    {
        var surveyId = await ServiceSurveyAsync();
        Assert.Equal("reliability", (await AnalysisAsync(surveyId)).GetProperty("dimensions")[0].GetProperty("dimension").GetString());

        var retagged = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/check-in", new { dimension = "assurance" });
        Assert.True(retagged.StatusCode == HttpStatusCode.OK, await retagged.Content.ReadAsStringAsync());
        var block = await AnalysisAsync(surveyId);
        Assert.Equal(["responsiveness", "assurance", "tangibles"], block.GetProperty("dimensions").EnumerateArray().Select(d => d.GetProperty("dimension").GetString()));

        var off = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askServiceQuality = false } });
        Assert.True(off.StatusCode == HttpStatusCode.OK, await off.Content.ReadAsStringAsync());
        Assert.False((await AnalysisAsync(surveyId)).GetProperty("hasGapData").GetBoolean());
    }
}
