using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Kano.Analysis;

namespace KanoApi.Tests.Analysis;

public sealed class AnalysisApiTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Keys = ["alpha", "beta", "gamma", "delta"];

    private async Task<(HttpClient Client, long SurveyId, IReadOnlyList<TestRespondent> Respondents)> RandomSurveyAsync(int seed, int count = 240)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, $"Random survey {seed}");
        foreach (var key in Keys)
        {
            await Given.AFeature(client, surveyId, key, $"Feature {key}");
        }

        var respondents = Given.RandomRespondents(seed, count, Keys);
        await Given.Responses(client, surveyId, respondents);
        return (client, surveyId, respondents);
    }

    private static IReadOnlyList<FeatureAnalysis> EngineResult(IEnumerable<TestRespondent> respondents, AnalysisOptions options) =>
        KanoAnalyzer.Analyze(
            Keys.Select((key, index) => FeatureInput.FromAnswers(index, key, key,
                respondents.Where(respondent => respondent.Answers.ContainsKey(key)).Select(respondent => respondent.Answers[key]))).ToArray(),
            options).Features;

    /// <summary>Published tables round half away from zero (3.125 → 3.13).</summary>
    private static double Reported(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static void AssertSameAnalysis(IReadOnlyList<FeatureAnalysis> expected, JsonElement actual)
    {
        var features = actual.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, features.Length);
        for (var f = 0; f < expected.Count; f++)
        {
            var (engine, api) = (expected[f], features[f]);
            Assert.Equal(engine.Key, api.GetProperty("key").GetString());
            Assert.Equal(engine.N, api.GetProperty("n").GetInt64());
            foreach (var code in Enum.GetValues<KanoCode>())
            {
                Assert.Equal(engine.Counts[code], api.GetProperty("counts").GetProperty(code.ToString()).GetInt64());
                Assert.Equal(Reported(engine.Percentages[code], 2), api.GetProperty("percentages").GetProperty(code.ToString()).GetDouble(), 10);
            }

            Assert.Equal(engine.Code.ToString(), api.GetProperty("code").GetString());
            Assert.Equal(KanoNames.Name(engine.Category!.Value), api.GetProperty("category").GetString());
            Assert.Equal(engine.Dual, api.GetProperty("dual").GetString());
            Assert.Equal(Reported(engine.Better!.Value, 3), api.GetProperty("better").GetDouble(), 10);
            Assert.Equal(Reported(engine.Worse!.Value, 3), api.GetProperty("worse").GetDouble(), 10);
            Assert.Equal(Reported(engine.CategoryStrength, 2), api.GetProperty("categoryStrength").GetDouble(), 10);
            Assert.Equal(engine.Fong.Significant, api.GetProperty("fong").GetProperty("significant").GetBoolean());
            Assert.Equal(Reported(engine.Importance.Mean!.Value, 2), api.GetProperty("importance").GetProperty("mean").GetDouble(), 10);
            Assert.Equal(Reported(engine.Importance.Sd!.Value, 2), api.GetProperty("importance").GetProperty("sd").GetDouble(), 10);
            Assert.Equal(Reported(engine.Satisfaction.Sd!.Value, 2), api.GetProperty("satisfaction").GetProperty("sd").GetDouble(), 10);
            Assert.Equal(engine.Satisfaction.N, api.GetProperty("satisfaction").GetProperty("n").GetInt64());
            Assert.Equal(Reported(engine.Continuous.DysfunctionalSd!.Value, 3), api.GetProperty("continuous").GetProperty("dysfunctionalSd").GetDouble(), 10);
            Assert.Equal(engine.Importance.N, api.GetProperty("importance").GetProperty("n").GetInt64());
            Assert.Equal(Reported(engine.Satisfaction.Mean!.Value, 2), api.GetProperty("satisfaction").GetProperty("mean").GetDouble(), 10);
            Assert.Equal(Reported(engine.Continuous.FunctionalMean!.Value, 3), api.GetProperty("continuous").GetProperty("functionalMean").GetDouble(), 10);
            Assert.Equal(engine.Refined, api.GetProperty("refined").GetString());
            Assert.Equal(Reported(engine.BetterInterval!.Value.Low, 3), api.GetProperty("betterInterval").GetProperty("low").GetDouble(), 10);
            Assert.Equal(Reported(engine.BetterInterval!.Value.High, 3), api.GetProperty("betterInterval").GetProperty("high").GetDouble(), 10);
            Assert.Equal(Reported(engine.WorseInterval!.Value.Low, 3), api.GetProperty("worseInterval").GetProperty("low").GetDouble(), 10);
            Assert.Equal(Reported(engine.WorseInterval!.Value.High, 3), api.GetProperty("worseInterval").GetProperty("high").GetDouble(), 10);
            foreach (var code in Enum.GetValues<KanoCode>())
            {
                Assert.Equal(Reported(engine.CategoryProbabilities![code], 3), api.GetProperty("categoryProbabilities").GetProperty(code.ToString()).GetDouble(), 10);
            }

            if (engine.Settle is { } settle)
            {
                Assert.Equal(settle.Respondents, api.GetProperty("settle").GetProperty("respondents").GetInt64());
                Assert.Equal(settle.More, api.GetProperty("settle").GetProperty("more").GetInt64());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, api.GetProperty("settle").ValueKind);
            }
        }
    }

    [Fact]
    public async Task TheAnalysisEqualsTheEnginesResultOnTheSameAnswers()
    {
        var (client, surveyId, respondents) = await RandomSurveyAsync(seed: 11);

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis");

        Assert.Equal(respondents.Count, analysis.GetProperty("respondents").GetInt64());
        Assert.Equal("standard", analysis.GetProperty("table").GetString());
        Assert.Equal("hierarchy", analysis.GetProperty("rule").GetString());
        AssertSameAnalysis(EngineResult(respondents, AnalysisOptions.Default), analysis);
    }

    [Theory]
    [InlineData("pouliot", "mode", 6)]
    [InlineData("standard", "positive-vs-rest", 6)]
    [InlineData("standard", "hierarchy", 20)]
    [InlineData("pouliot", "hierarchy", 0)]
    public async Task EveryTableRuleAndThresholdGivesTheEnginesResult(string table, string rule, double threshold)
    {
        var (client, surveyId, respondents) = await RandomSurveyAsync(seed: 12);
        EvaluationTable.TryParse(table, out var evaluationTable);
        KanoNames.TryParseRule(rule, out var classificationRule);

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?table={table}&rule={rule}&threshold={threshold}");

        Assert.Equal(table, analysis.GetProperty("table").GetString());
        Assert.Equal(rule, analysis.GetProperty("rule").GetString());
        AssertSameAnalysis(EngineResult(respondents, new AnalysisOptions { Table = evaluationTable, Rule = classificationRule, HierarchyThreshold = threshold }), analysis);
    }

    [Theory]
    [InlineData("wave=w1")]
    [InlineData("segment.channel=online")]
    [InlineData("segment.channel=store&segment.plan=pro")]
    [InlineData("wave=w2&segment.plan=free")]
    [InlineData("wave=w1&segment.channel=store&segment.plan=pro")]
    [InlineData("wave=w2&segment.channel=online&segment.plan=free&maxQuestionable=1")]
    [InlineData("maxQuestionable=0")]
    [InlineData("maxQuestionable=0&table=pouliot")]
    [InlineData("wave=w1&table=pouliot&rule=mode")]
    public async Task AFilteredAnalysisEqualsTheAnalysisOfTheFilteredRespondents(string filter)
    {
        var (client, surveyId, respondents) = await RandomSurveyAsync(seed: 13);
        var query = System.Web.HttpUtility.ParseQueryString(filter);
        var table = query["table"] == "pouliot" ? EvaluationTable.Pouliot : EvaluationTable.Standard;
        var rule = query["rule"] == "mode" ? ClassificationRule.Mode : ClassificationRule.Hierarchy;
        var kept = respondents.Where(respondent =>
            (query["wave"] is not { } wave || respondent.Wave == wave)
            && query.AllKeys.Where(key => key!.StartsWith("segment.", StringComparison.Ordinal))
                .All(key => respondent.Segments.GetValueOrDefault(key!["segment.".Length..]) == query[key])
            && (query["maxQuestionable"] is not { } max
                || respondent.Answers.Values.Count(answer => table.Classify(answer.Functional, answer.Dysfunctional) == KanoCode.Q) <= int.Parse(max)))
            .ToArray();
        Assert.NotEmpty(kept);
        Assert.True(kept.Length < respondents.Count, "the filter must leave some respondents out");

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?{filter}");

        Assert.Equal(kept.Length, analysis.GetProperty("respondents").GetInt64());
        AssertSameAnalysis(EngineResult(kept, new AnalysisOptions { Table = table, Rule = rule }), analysis);
    }

    [Theory]
    [InlineData("segment[channel]=store&segment[plan]=pro", "segment.channel=store&segment.plan=pro")]
    [InlineData("segment%5Bchannel%5D=online", "segment.channel=online")]
    [InlineData("segment[channel]=store&segment.plan=pro", "segment.channel=store&segment.plan=pro")]
    public async Task ASegmentFilterInSwaggerUisDeepObjectFormFiltersLikeTheDottedForm(string deepObject, string dotted)
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 13);

        var expected = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?{dotted}");
        var actual = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?{deepObject}");

        Assert.Equal(expected.GetProperty("respondents").GetInt64(), actual.GetProperty("respondents").GetInt64());
        Assert.Equal(expected.GetProperty("filter").GetRawText(), actual.GetProperty("filter").GetRawText());
        Assert.Equal(expected.GetProperty("features").GetRawText(), actual.GetProperty("features").GetRawText());
    }

    [Fact]
    public async Task OneSegmentNamedInBothFormsIsRefused()
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 13, count: 10);

        var errors = await ProblemAssert.IsValidationProblem(await client.GetAsync($"/v1/surveys/{surveyId}/analysis?segment[plan]=pro&segment.plan=free"));

        var error = Assert.Single(errors, error => error.Key is "segment[plan]" or "segment.plan");
        Assert.Contains("more than once", Assert.Single(error.Value));
    }

    [Fact]
    public async Task FreeWifiIsIndifferentUnderModeAndADelighterUnderPositiveVersusRest()
    {
        // Brand & Rese 2026, Table 1 (method §8): o+a+m = 304 > i+r+q = 303.
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Brand & Rese");
        await Given.AFeature(client, surveyId, "free-wifi", "Free in-store WiFi");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("free-wifi", a: 187, o: 71, m: 46, i: 258, r: 19, q: 26));

        var mode = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?rule=mode");
        var positive = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?rule=positive-vs-rest");

        var wifi = mode.GetProperty("features")[0];
        Assert.Equal("I", wifi.GetProperty("code").GetString());
        Assert.Equal(607, wifi.GetProperty("n").GetInt64());
        Assert.Equal(0.459, wifi.GetProperty("better").GetDouble());
        Assert.Equal(-0.208, wifi.GetProperty("worse").GetDouble());
        Assert.Equal(71, wifi.GetProperty("fong").GetProperty("difference").GetInt64());
        Assert.Equal(27.7, wifi.GetProperty("fong").GetProperty("critical").GetDouble(), 1);
        Assert.True(wifi.GetProperty("fong").GetProperty("significant").GetBoolean());
        Assert.Equal("A", positive.GetProperty("features")[0].GetProperty("code").GetString());
        Assert.Equal("delighter", positive.GetProperty("features")[0].GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("table=kano", "table", "pouliot")]
    [InlineData("rule=majority", "rule", "positive-vs-rest")]
    [InlineData("threshold=150", "threshold", "0 to 100")]
    [InlineData("maxQuestionable=-1", "maxQuestionable", "0 or more")]
    [InlineData("lang=fr", "lang", "en, vi")]
    public async Task AnUnknownOptionValueIsABadRequestNamingTheOptionAndTheAllowedValues(string query, string option, string allowed)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client);

        foreach (var path in new[] { "analysis", "backlog", "analysis/chart.svg", "analysis/segments?by=plan&" })
        {
            var separator = path.EndsWith('&') ? "" : "?";
            var response = await client.GetAsync($"/v1/surveys/{surveyId}/{path}{separator}{query}");
            var errors = await ProblemAssert.IsValidationProblem(response);
            Assert.Contains(allowed, Assert.Contains(option, errors).Single());
        }
    }

    [Fact]
    public async Task AMissingSurveyIsANotFoundProblemOnEveryReadEndpoint()
    {
        var client = factory.CreateAdminClient();
        foreach (var path in new[] { "analysis", "backlog", "analysis/chart.svg", "analysis/segments?by=channel" })
        {
            await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/987654321/{path}"), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task SegmentsGiveOneGroupPerValueAndListTheFeaturesWhoseCodesDisagree()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Segments");
        await Given.AFeature(client, surveyId, "advice");
        await Given.AFeature(client, surveyId, "delivery");
        TestRespondent Respondent(string id, string channel, Answer adviceF, Answer adviceD) => new(
            id, null, new Dictionary<string, string> { ["channel"] = channel },
            new Dictionary<string, FeatureAnswer>
            {
                ["advice"] = new(adviceF, adviceD),
                ["delivery"] = new(Answer.Like, Answer.Dislike),
            });
        var respondents = Enumerable.Range(0, 20).Select(k => Respondent($"s{k}", "store", Answer.Neutral, Answer.Dislike))
            .Concat(Enumerable.Range(0, 15).Select(k => Respondent($"o{k}", "online", Answer.Neutral, Answer.Neutral)));
        await Given.Responses(client, surveyId, respondents);

        var segments = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/segments?by=channel");

        Assert.Equal("channel", segments.GetProperty("by").GetString());
        var groups = segments.GetProperty("groups").EnumerateArray().ToDictionary(group => group.GetProperty("value").GetString()!);
        Assert.Equal(["online", "store"], groups.Keys.Order());
        Assert.Equal(20, groups["store"].GetProperty("respondents").GetInt64());
        Assert.Equal(15, groups["online"].GetProperty("respondents").GetInt64());
        var disagreement = Assert.Single(segments.GetProperty("disagreements").EnumerateArray());
        Assert.Equal("advice", disagreement.GetProperty("key").GetString());
        Assert.Equal("M", disagreement.GetProperty("codes").GetProperty("store").GetString());
        Assert.Equal("I", disagreement.GetProperty("codes").GetProperty("online").GetString());
    }

    [Fact]
    public async Task TheBacklogPutsBasicBeforeExpectedBeforeDelighterAndReviewsTheRest()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Backlog order");
        foreach (var key in new[] { "delight", "expect", "basic", "indifferent" })
        {
            await Given.AFeature(client, surveyId, key);
        }

        var pairs = new Dictionary<string, FeatureAnswer>
        {
            ["delight"] = new(Answer.Like, Answer.Neutral),
            ["expect"] = new(Answer.Like, Answer.Dislike),
            ["basic"] = new(Answer.MustBe, Answer.Dislike),
            ["indifferent"] = new(Answer.Neutral, Answer.Neutral),
        };
        await Given.Responses(client, surveyId, Enumerable.Range(0, 30).Select(k => new TestRespondent($"b{k}", null, new Dictionary<string, string>(), pairs)));

        var backlog = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/backlog");

        var items = backlog.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["basic", "expect", "delight"], items.Select(item => item.GetProperty("key").GetString()));
        Assert.Equal([1, 2, 3], items.Select(item => item.GetProperty("rank").GetInt32()));
        Assert.Equal(["basic", "expected", "delighter"], items.Select(item => item.GetProperty("category").GetString()));
        Assert.All(items, item => Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("rationale").GetString())));
        var review = Assert.Single(backlog.GetProperty("review").EnumerateArray());
        Assert.Equal("indifferent", review.GetProperty("key").GetString());
        Assert.Equal("reconsider", review.GetProperty("action").GetString());
    }

    [Fact]
    public async Task AnalysisAndBacklogAsCsvHaveAHeaderAndOneRowPerFeatureOrItem()
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 14, count: 60);

        var analysisCsv = await GetTextAsync(client, $"/v1/surveys/{surveyId}/analysis", "text/csv");
        var backlogCsv = await GetTextAsync(client, $"/v1/surveys/{surveyId}/backlog", "text/csv");

        var analysisLines = analysisCsv.Body.TrimEnd().Split("\r\n");
        Assert.Equal("text/csv", analysisCsv.MediaType);
        Assert.StartsWith("featureId,key,name,n,A,O,M,I,R,Q,", analysisLines[0]);
        Assert.Equal(1 + Keys.Length, analysisLines.Length);
        Assert.Equal(Keys, analysisLines.Skip(1).Select(line => line.Split(',')[1]));
        var backlogLines = backlogCsv.Body.TrimEnd().Split("\r\n");
        Assert.StartsWith("list,rank,featureId,key,", backlogLines[0]);
        Assert.Equal(1 + Keys.Length, backlogLines.Length);
    }

    [Fact]
    public async Task EachFeatureSaysHowSureItsNumbersAreAndTheBacklogQuotesTheInterval()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Uncertainty");
        await Given.AFeature(client, surveyId, "grip");
        // Sauerwein's edge grip in counts: A 7, O 33, M 50, I 10.
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("grip", a: 7, o: 33, m: 50, i: 10, r: 0, q: 0));

        var feature = (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("features")[0];

        // Wilson 95 % worked by hand: 40/100 → 0.3094 to 0.4980; 83/100 → 0.7445 to 0.8911, negated for Worse.
        Assert.Equal(0.309, feature.GetProperty("betterInterval").GetProperty("low").GetDouble());
        Assert.Equal(0.498, feature.GetProperty("betterInterval").GetProperty("high").GetDouble());
        Assert.Equal(-0.891, feature.GetProperty("worseInterval").GetProperty("low").GetDouble());
        Assert.Equal(-0.745, feature.GetProperty("worseInterval").GetProperty("high").GetDouble());
        // M 50 against O 33 of 100: 1.65² · 0.83 · 1.17 / (2 · 0.17²) = 45.7, so 46 respondents; 100 already separate them.
        Assert.Equal(46, feature.GetProperty("settle").GetProperty("respondents").GetInt64());
        Assert.Equal(0, feature.GetProperty("settle").GetProperty("more").GetInt64());
        var probabilities = feature.GetProperty("categoryProbabilities");
        Assert.Equal(["A", "O", "M", "I", "R", "Q"], probabilities.EnumerateObject().Select(property => property.Name));
        Assert.True(probabilities.GetProperty("M").GetDouble() > 0.95);
        Assert.Equal(1, probabilities.EnumerateObject().Sum(property => property.Value.GetDouble()), 2);

        var backlog = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/backlog");
        var item = backlog.GetProperty("items")[0];
        Assert.Contains("(Worse -0.83, 95 % CI -0.89 to -0.74)", item.GetProperty("rationale").GetString());
        Assert.Equal(-0.891, item.GetProperty("worseInterval").GetProperty("low").GetDouble());
        var vietnamese = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/backlog?lang=vi");
        Assert.Contains("(Worse -0.83, khoảng tin cậy 95 % từ -0.89 đến -0.74)", vietnamese.GetProperty("items")[0].GetProperty("rationale").GetString());
        var csv = await GetTextAsync(client, $"/v1/surveys/{surveyId}/backlog", "text/csv");
        Assert.Contains("95 % CI -0.89 to -0.74", csv.Body);
        var analysisCsv = (await GetTextAsync(client, $"/v1/surveys/{surveyId}/analysis", "text/csv")).Body.TrimEnd().Split("\r\n");
        var header = analysisCsv[0].Split(',');
        var row = analysisCsv[1].Split(',');
        Assert.Equal("-0.891", row[Array.IndexOf(header, "worseLow")]);
        Assert.Equal("46", row[Array.IndexOf(header, "settleRespondents")]);
    }

    [Fact]
    public async Task AFewAnswersGiveAnUncertainCategoryWarningWithAStableCode()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Unsure");
        await Given.AFeature(client, surveyId, "f");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("f", a: 4, o: 3, m: 2, i: 1, r: 0, q: 0));

        var feature = (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("features")[0];

        Assert.Contains(feature.GetProperty("warningDetails").EnumerateArray(), warning => warning.GetProperty("code").GetString() == "uncertain-category");
        Assert.True(feature.GetProperty("categoryProbabilities").GetProperty(feature.GetProperty("code").GetString()!).GetDouble() < 0.8);
        Assert.True(feature.GetProperty("settle").GetProperty("more").GetInt64() > 0);
    }

    [Fact]
    public async Task PercentagesRoundHalfAwayFromZeroAsPublishedTablesDo()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Rounding");
        await Given.AFeature(client, surveyId, "f");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("f", a: 1, o: 0, m: 31, i: 0, r: 0, q: 0));

        var feature = (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("features")[0];

        // 1/32 = 3.125%: 3.13, where banker's rounding would print 3.12.
        Assert.Equal(3.13, feature.GetProperty("percentages").GetProperty("A").GetDouble());
        Assert.Equal(96.88, feature.GetProperty("percentages").GetProperty("M").GetDouble());
    }

    [Fact]
    public async Task CsvKeepsNegativeNumbersAsNumbersAndDefusesFormulaTextInNames()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "CSV safety");
        await Given.AFeature(client, surveyId, "formula", "=HYPERLINK(\"http://evil\")");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("formula", a: 0, o: 0, m: 5, i: 0, r: 0, q: 0));

        var csv = await GetTextAsync(client, $"/v1/surveys/{surveyId}/analysis", "text/csv");

        var lines = csv.Body.TrimEnd().Split("\r\n");
        var header = lines[0].Split(',');
        var row = lines[1];
        Assert.DoesNotContain(",=HYPERLINK", row);
        Assert.Contains("'=HYPERLINK", row);
        Assert.Equal("-1", row.Split(',')[Array.IndexOf(header, "worse")]);
    }

    [Fact]
    public async Task TheChartIsStandaloneSvgWithOneBubblePerFeature()
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 15, count: 50);

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/chart.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var bubbles = svg.Descendants(ns + "circle").Where(circle => (string?)circle.Attribute("class") == "feature").ToArray();
        Assert.Equal(Keys.Order(), bubbles.Select(bubble => (string)bubble.Attribute("data-key")!).Order());
        Assert.Contains("Random survey 15", svg.Root.Element(ns + "title")!.Value);
        Assert.Contains("n = 50", svg.Root.Element(ns + "title")!.Value);
    }

    [Fact]
    public async Task ThirtyFeatureLabelsOnTheChartDoNotOverlap()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Thirty features");
        var keys = Enumerable.Range(1, 30).Select(k => $"feature-{k}").ToArray();
        foreach (var key in keys)
        {
            await Given.AFeature(client, surveyId, key, $"A fairly long feature name {key}");
        }

        // Many features crowd the same spot: the hardest case for labels.
        var respondents = Enumerable.Range(0, 20).Select(r => new TestRespondent($"c{r}", null, new Dictionary<string, string>(),
            keys.ToDictionary(key => key, key => r % 2 == 0 ? new FeatureAnswer(Answer.Like, Answer.Dislike) : new FeatureAnswer(Answer.Neutral, Answer.Neutral, 5))));
        await Given.Responses(client, surveyId, respondents);

        var svg = XDocument.Parse(await client.GetStringAsync($"/v1/surveys/{surveyId}/analysis/chart.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        // Each label's box: its lines (wrapped names are tspans), 14 px a line, 6.6 px a character.
        var labels = svg.Descendants(ns + "text").Where(text => (string?)text.Attribute("class") == "label")
            .Select(ChartTextTests.Box)
            .ToArray();

        Assert.Equal(30, labels.Length);
        for (var a = 0; a < labels.Length; a++)
        {
            for (var b = a + 1; b < labels.Length; b++)
            {
                var overlaps = labels[a].X1 < labels[b].X2 && labels[b].X1 < labels[a].X2
                    && labels[a].Y1 < labels[b].Y2 && labels[b].Y1 < labels[a].Y2;
                Assert.False(overlaps, $"labels {a} and {b} overlap");
            }
        }
    }

    [Theory]
    [InlineData("?lang=vi", null)]
    [InlineData("", "vi-VN,vi;q=0.9,en;q=0.5")]
    public async Task VietnameseIsAskedForWithLangOrAcceptLanguage(string query, string? acceptLanguage)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Tiếng Việt");
        await Given.AFeature(client, surveyId, "basic");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("basic", a: 0, o: 2, m: 10, i: 1, r: 0, q: 0));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/backlog{query}");
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await client.SendAsync(request);
        var backlog = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = backlog.GetProperty("items")[0];
        Assert.Equal("vi", backlog.GetProperty("language").GetString());
        Assert.Equal("Yếu tố cơ bản", item.GetProperty("label").GetString());
        Assert.Equal("basic", item.GetProperty("category").GetString());
        Assert.Equal("vi", response.Content.Headers.ContentLanguage.Single());

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?lang=vi");
        Assert.Equal("Yếu tố cơ bản", analysis.GetProperty("features")[0].GetProperty("label").GetString());
        Assert.Contains(analysis.GetProperty("features")[0].GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("người trả lời"));
    }

    [Theory]
    [InlineData("vi;q=0")]
    [InlineData("vi;q=0, fr-FR")]
    public async Task ALanguageTheClientMarksNotAcceptableIsNeverChosen(string acceptLanguage)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Not Vietnamese");
        await Given.AFeature(client, surveyId, "basic");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("basic", a: 0, o: 2, m: 10, i: 1, r: 0, q: 0));

        // RFC 9110: a weight of 0 means "not acceptable"; with nothing else acceptable the answer is in English.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/backlog");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await client.SendAsync(request);
        var backlog = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("en", backlog.GetProperty("language").GetString());
        Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task TheSameRequestWithTheETagIsNotModifiedUntilANewResponseChangesIt()
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 16, count: 30);
        foreach (var path in new[] { "analysis", "backlog", "analysis/chart.svg" })
        {
            var first = await client.GetAsync($"/v1/surveys/{surveyId}/{path}");
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);

            using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/{path}");
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

            var otherOptions = await client.GetAsync($"/v1/surveys/{surveyId}/{path}?rule=mode");
            Assert.NotEqual(etag, otherOptions.Headers.ETag);
        }

        var before = (await client.GetAsync($"/v1/surveys/{surveyId}/analysis")).Headers.ETag;
        await Given.Responses(client, surveyId, Given.RandomRespondents(99, 1, Keys));
        using var afterWrite = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis");
        afterWrite.Headers.IfNoneMatch.Add(before!);
        var response = await client.SendAsync(afterWrite);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
    }

    [Theory]
    [InlineData("analysis", null, null)]
    [InlineData("analysis?lang=vi&precision=full", null, null)]
    [InlineData("analysis", "text/csv", null)]
    [InlineData("analysis/segments?by=channel", null, null)]
    [InlineData("analysis/chart.svg", null, "vi")]
    [InlineData("backlog", null, null)]
    public async Task AnAnswerSentFromTheCacheIsByteForByteTheAnswerComputedFresh(string path, string? accept, string? acceptLanguage)
    {
        var (client, surveyId, _) = await RandomSurveyAsync(seed: 23, count: 40);

        async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/{path}");
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            if (acceptLanguage is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response, await response.Content.ReadAsByteArrayAsync());
        }

        // The survey is new, so the first answer is computed; the second is the first one's kept bytes.
        var (fresh, freshBody) = await GetAsync();
        var (cached, cachedBody) = await GetAsync();

        Assert.Equal(fresh.Headers.ETag, cached.Headers.ETag);
        Assert.Equal(fresh.Content.Headers.ContentType, cached.Content.Headers.ContentType);
        Assert.Equal(fresh.Content.Headers.ContentLanguage, cached.Content.Headers.ContentLanguage);
        Assert.Equal(freshBody, cachedBody);
    }

    [Fact]
    public async Task TwoDifferentFiltersNeverShareAnETagEvenWhenAValueLooksLikeAnotherFilter()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Lookalike filters");
        await Given.AFeature(client, surveyId, "f");
        await Given.Responses(client, surveyId,
        [
            new TestRespondent("both", null, new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" },
                new Dictionary<string, FeatureAnswer> { ["f"] = new(Answer.Like, Answer.Dislike) }),
            new TestRespondent("odd", null, new Dictionary<string, string> { ["x"] = "1&segment.y=2" },
                new Dictionary<string, FeatureAnswer> { ["f"] = new(Answer.Neutral, Answer.Dislike) }),
        ]);

        var plain = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?segment.x=1&segment.y=2");
        var encoded = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?segment.x=1%26segment.y%3D2");

        Assert.NotEqual(plain.Headers.ETag, encoded.Headers.ETag);
        Assert.Equal("O", (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features")[0].GetProperty("code").GetString());
        Assert.Equal("M", (await encoded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features")[0].GetProperty("code").GetString());
    }

    private static async Task<(string Body, string? MediaType)> GetTextAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}
