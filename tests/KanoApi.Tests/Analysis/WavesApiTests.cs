using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Kano.Analysis;

namespace KanoApi.Tests.Analysis;

/// <summary>The wave comparison over a real database: three waves, a feature moving along the life cycle, one standing still.</summary>
public sealed class WavesApiTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly (Answer Functional, Answer Dysfunctional) A = (Answer.Like, Answer.Neutral), O = (Answer.Like, Answer.Dislike),
        M = (Answer.Neutral, Answer.Dislike), I = (Answer.Neutral, Answer.Neutral);

    /// <summary>
    /// wifi: A 60, O 20, M 10, I 10 in 2025; A 20, O 60, M 10, I 10 in 2026 and 2027 (a delighter that became expected).
    /// grip: M 50, O 30, A 10, I 10 in every wave.
    /// </summary>
    private async Task<(HttpClient Client, long SurveyId)> ThreeWavesAsync(string name)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, name);
        await Given.AFeature(client, surveyId, "wifi", "Free WiFi");
        await Given.AFeature(client, surveyId, "grip", "Edge grip");
        foreach (var (wave, wifi) in new[] { ("2025", new[] { 60, 20, 10, 10 }), ("2026", [20, 60, 10, 10]), ("2027", [20, 60, 10, 10]) })
        {
            var respondents = new List<TestRespondent>();
            var wifiPairs = Expand(wifi);
            var gripPairs = Expand([10, 30, 50, 10]);
            for (var k = 0; k < 100; k++)
            {
                respondents.Add(new TestRespondent($"{wave}-{k}", wave, new Dictionary<string, string> { ["plan"] = k % 2 == 0 ? "free" : "pro" },
                    new Dictionary<string, FeatureAnswer>
                    {
                        ["wifi"] = new(wifiPairs[k].Functional, wifiPairs[k].Dysfunctional),
                        ["grip"] = new(gripPairs[k].Functional, gripPairs[k].Dysfunctional),
                    }));
            }

            await Given.Responses(client, surveyId, respondents);
        }

        return (client, surveyId);
    }

    private static (Answer Functional, Answer Dysfunctional)[] Expand(int[] aomi) =>
        [.. Enumerable.Repeat(A, aomi[0]), .. Enumerable.Repeat(O, aomi[1]), .. Enumerable.Repeat(M, aomi[2]), .. Enumerable.Repeat(I, aomi[3])];

    private static JsonElement Feature(JsonElement comparison, string key) =>
        comparison.GetProperty("features").EnumerateArray().Single(feature => feature.GetProperty("key").GetString() == key);

    [Fact]
    public async Task ThreeWavesAreComparedPairByPairAndFirstToLastWithTheirTests()
    {
        var (client, surveyId) = await ThreeWavesAsync("Waves");

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/waves");

        Assert.Equal(["2025", "2026", "2027"], comparison.GetProperty("waves").EnumerateArray().Select(wave => wave.GetProperty("wave").GetString()));
        Assert.All(comparison.GetProperty("waves").EnumerateArray(), wave => Assert.Equal(100, wave.GetProperty("respondents").GetInt64()));
        var wifi = Feature(comparison, "wifi");
        var first = wifi.GetProperty("waves")[0];
        Assert.Equal("2025", first.GetProperty("wave").GetString());
        Assert.Equal(100, first.GetProperty("n").GetInt64());
        Assert.Equal(60, first.GetProperty("counts").GetProperty("A").GetInt64());
        Assert.Equal("A", first.GetProperty("code").GetString());
        Assert.Equal(0.8, first.GetProperty("better").GetDouble());
        Assert.Equal(-0.3, first.GetProperty("worse").GetDouble());
        // Wilson 95 % of 80/100, worked by hand: 0.7112 to 0.8666.
        Assert.Equal(0.711, first.GetProperty("betterInterval").GetProperty("low").GetDouble());
        Assert.Equal(0.867, first.GetProperty("betterInterval").GetProperty("high").GetDouble());

        var changes = wifi.GetProperty("changes").EnumerateArray().ToArray();
        Assert.Equal([("2025", "2026"), ("2026", "2027"), ("2025", "2027")], changes.Select(change => (change.GetProperty("from").GetString(), change.GetProperty("to").GetString())));
        var moved = changes[0];
        // Expected counts 40, 40, 10, 10 in each wave: χ² = 4 · 20²/40 = 40 with df 3, p = erfc(√20) + sqrt(80/π)·e^−20 = 1.0655e−8.
        Assert.Equal(40, moved.GetProperty("chiSquare").GetDouble());
        Assert.Equal(3, moved.GetProperty("df").GetInt32());
        Assert.Equal(1.066e-8, moved.GetProperty("p").GetDouble(), 11);
        // Holm over two features: grip did not change (p = 1), so wifi's p is doubled.
        Assert.Equal(2.131e-8, moved.GetProperty("pHolm").GetDouble(), 11);
        Assert.Equal(0, moved.GetProperty("betterChange").GetDouble());
        Assert.Equal(1, moved.GetProperty("betterP").GetDouble());
        Assert.Equal(-0.4, moved.GetProperty("worseChange").GetDouble());
        // 30/100 against 70/100, pooled 0.5: z = 5.657, p = erfc(4) = 1.5417e−8.
        Assert.Equal(1.542e-8, moved.GetProperty("worseP").GetDouble(), 11);
        Assert.Equal("A→O", moved.GetProperty("movement").GetString());
        Assert.True(moved.GetProperty("lifeCycle").GetBoolean());

        var still = changes[1];
        Assert.Equal(0, still.GetProperty("chiSquare").GetDouble());
        Assert.Equal(1, still.GetProperty("p").GetDouble());
        Assert.Equal(JsonValueKind.Null, still.GetProperty("movement").ValueKind);
        Assert.False(still.GetProperty("lifeCycle").GetBoolean());
        Assert.Equal("A→O", changes[2].GetProperty("movement").GetString());

        var grip = Feature(comparison, "grip");
        Assert.All(grip.GetProperty("changes").EnumerateArray(), change => Assert.Equal(1, change.GetProperty("pHolm").GetDouble()));
    }

    [Fact]
    public async Task WavesChoosesAndOrdersTheWavesAndTheOtherFiltersStillApply()
    {
        var (client, surveyId) = await ThreeWavesAsync("Chosen waves");

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/waves?waves=2027,2025&segment.plan=free");

        Assert.Equal(["2027", "2025"], comparison.GetProperty("waves").EnumerateArray().Select(wave => wave.GetProperty("wave").GetString()));
        Assert.All(comparison.GetProperty("waves").EnumerateArray(), wave => Assert.Equal(50, wave.GetProperty("respondents").GetInt64()));
        var change = Assert.Single(Feature(comparison, "wifi").GetProperty("changes").EnumerateArray());
        Assert.Equal("O→A", change.GetProperty("movement").GetString());
        Assert.False(change.GetProperty("lifeCycle").GetBoolean());
    }

    [Fact]
    public async Task TheComparisonAsCsvHasOneRowPerFeatureAndPairInTheAnswersLanguage()
    {
        var (client, surveyId) = await ThreeWavesAsync("Waves CSV");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis/waves?lang=vi");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        Assert.StartsWith("featureId,key,name,from,to,", lines[0]);
        Assert.Equal(1 + 2 * 3, lines.Length);
        var header = lines[0].Split(',');
        var wifi = lines.Skip(1).First(line => line.Contains(",wifi,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("A→O", wifi[Array.IndexOf(header, "movement")]);
        Assert.Equal(KanoNames.Label(KanoCategory.Delighter, Language.Vietnamese), wifi[Array.IndexOf(header, "fromLabel")]);
        Assert.Equal(KanoNames.Label(KanoCategory.Expected, Language.Vietnamese), wifi[Array.IndexOf(header, "toLabel")]);
    }

    [Fact]
    public async Task TheWaveChartDrawsEachFeaturesPathWithOnePointPerWave()
    {
        var (client, surveyId) = await ThreeWavesAsync("Waves chart");

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves/chart.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var features = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "feature").ToArray();
        Assert.Equal(["wifi", "grip"], features.Select(g => (string?)g.Attribute("data-key")).Order(StringComparer.Ordinal).Reverse());
        Assert.All(features, g =>
        {
            Assert.Equal(["2025", "2026", "2027"], g.Elements(ns + "circle").Select(circle => (string?)circle.Attribute("data-wave")));
            Assert.Single(g.Elements(ns + "polyline"));
        });
    }

    [Theory]
    [InlineData("wave=2025", "wave")]
    [InlineData("waves=2025,2025", "waves")]
    [InlineData("waves=2025,,2026", "waves")]
    public async Task AWaveFilterOrABadWaveListIsAValidationProblem(string query, string option)
    {
        var (client, surveyId) = await ThreeWavesAsync("Bad waves " + option);

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(option, out _));
    }

    [Fact]
    public async Task ChoosingOtherWavesChangesTheETag()
    {
        var (client, surveyId) = await ThreeWavesAsync("Waves ETag");

        var all = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves");
        var two = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves?waves=2025,2026");

        Assert.NotEqual(all.Headers.ETag, two.Headers.ETag);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis/waves?waves=2025,2026");
        again.Headers.IfNoneMatch.Add(two.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task WavesAreOrderedByTheirFirstResponseNotByName()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Wave order");
        await Given.AFeature(client, surveyId, "f");
        var answers = new Dictionary<string, FeatureAnswer> { ["f"] = new(Answer.Like, Answer.Neutral) };
        var none = new Dictionary<string, string>();
        await Given.Responses(client, surveyId, [new("s1", "spring", none, answers), new("n1", null, none, answers)]);
        await Given.Responses(client, surveyId, [new("a1", "autumn", none, answers), new("s2", "spring", none, answers)]);

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/waves");

        Assert.Equal([("spring", 2L), ("autumn", 1L)], comparison.GetProperty("waves").EnumerateArray()
            .Select(wave => (wave.GetProperty("wave").GetString(), wave.GetProperty("respondents").GetInt64())));
    }
}
