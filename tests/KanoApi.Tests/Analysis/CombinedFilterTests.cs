using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Tests.Reports;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// A wave and two segments at once, over a survey of some size (3,000 respondents in 20 waves, two segments of three
/// values each), through every read that combines filters — the analysis, the segment comparison (<c>by=</c>), the
/// waves comparison and a report link — must count exactly the respondents a recount keeps. The reads' cost is checked
/// by the plan tests (FilteredReadPlanTests); these check that the intersection they read is the right one.
/// </summary>
public sealed class CombinedFilterTests(CombinedFilterTests.SurveyFactory factory) : IClassFixture<CombinedFilterTests.SurveyFactory>
{
    private static readonly string[] Keys = ["wifi", "parking", "breakfast", "late-checkout"];
    private static readonly string[] Plans = ["free", "pro", "team"];
    private static readonly string[] Channels = ["web", "app", "store"];

    /// <summary>The service with the survey, made once for the class.</summary>
    public sealed class SurveyFactory : KanoApiFactory
    {
        private Task<(long SurveyId, IReadOnlyList<TestRespondent> Respondents)>? survey;

        public Task<(long SurveyId, IReadOnlyList<TestRespondent> Respondents)> Survey => survey ??= CreateAsync();

        private async Task<(long SurveyId, IReadOnlyList<TestRespondent> Respondents)> CreateAsync()
        {
            var client = CreateAdminClient();
            var surveyId = await Given.ASurvey(client, "Combined filters");
            foreach (var key in Keys)
            {
                await Given.AFeature(client, surveyId, key);
            }

            var random = new Random(18);
            var answers = Enum.GetValues<Answer>();
            var respondents = Enumerable.Range(0, 3_000).Select(index => new TestRespondent(
                    $"c{index}",
                    $"w{index % 20 + 1:00}",
                    new Dictionary<string, string> { ["plan"] = Plans[random.Next(3)], ["channel"] = Channels[random.Next(3)] },
                    Keys.Where((_, k) => k == 0 || random.Next(8) > 0).ToDictionary(
                        key => key,
                        _ => new FeatureAnswer(answers[random.Next(5)], answers[random.Next(5)], random.Next(1, 10), null))))
                .ToArray();
            await Given.Responses(client, surveyId, respondents);
            return (surveyId, respondents);
        }
    }

    private readonly HttpClient client = factory.CreateAdminClient();

    private static TestRespondent[] Kept(IEnumerable<TestRespondent> respondents, string wave, params (string Name, string Value)[] segments) =>
        respondents.Where(respondent => respondent.Wave == wave && segments.All(segment => respondent.Segments[segment.Name] == segment.Value)).ToArray();

    /// <summary>The analysis's respondents and each feature's n and code counts equal the engine's on <paramref name="kept"/>.</summary>
    private static void AssertCountsOf(IReadOnlyList<TestRespondent> kept, long respondents, JsonElement features)
    {
        Assert.NotEmpty(kept);
        Assert.Equal(kept.Count, respondents);
        var expected = KanoAnalyzer.Analyze(
            Keys.Select((key, index) => FeatureInput.FromAnswers(index, key, key,
                kept.Where(respondent => respondent.Answers.ContainsKey(key)).Select(respondent => respondent.Answers[key]))).ToArray(),
            AnalysisOptions.Default).Features;
        var actual = features.EnumerateArray().ToDictionary(feature => feature.GetProperty("key").GetString()!);
        foreach (var feature in expected)
        {
            Assert.Equal(feature.N, actual[feature.Key].GetProperty("n").GetInt64());
            foreach (var code in Enum.GetValues<KanoCode>())
            {
                Assert.Equal(feature.Counts[code], actual[feature.Key].GetProperty("counts").GetProperty(code.ToString()).GetInt64());
            }
        }
    }

    [Fact]
    public async Task AWaveAndTwoSegmentsCountExactlyTheRespondentsInAllThree()
    {
        var (surveyId, respondents) = await factory.Survey;

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?wave=w01&segment.plan=pro&segment.channel=web");

        AssertCountsOf(Kept(respondents, "w01", ("plan", "pro"), ("channel", "web")), analysis.GetProperty("respondents").GetInt64(), analysis.GetProperty("features"));
    }

    [Fact]
    public async Task ASegmentComparisonWithinAWaveAndASegmentCountsEachValuesRespondents()
    {
        var (surveyId, respondents) = await factory.Survey;

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/segments?by=channel&wave=w02&segment.plan=team");

        var groups = comparison.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(Channels.Order(), groups.Select(group => group.GetProperty("value").GetString()).Order());
        foreach (var group in groups)
        {
            AssertCountsOf(
                Kept(respondents, "w02", ("plan", "team"), ("channel", group.GetProperty("value").GetString()!)),
                group.GetProperty("respondents").GetInt64(),
                group.GetProperty("features"));
        }
    }

    [Fact]
    public async Task TheWavesComparisonWithTwoSegmentsCountsEachWavesRespondentsInBoth()
    {
        var (surveyId, respondents) = await factory.Survey;

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/waves?waves=w03,w04,w05&segment.plan=free&segment.channel=app");

        var waves = comparison.GetProperty("waves").EnumerateArray().ToArray();
        Assert.Equal(["w03", "w04", "w05"], waves.Select(wave => wave.GetProperty("wave").GetString()));
        Assert.All(waves, wave => Assert.Equal(
            Kept(respondents, wave.GetProperty("wave").GetString()!, ("plan", "free"), ("channel", "app")).Length,
            wave.GetProperty("respondents").GetInt64()));
    }

    [Fact]
    public async Task ARespondentWhoseOnlyAnswersWereToADeletedFeatureIsStillCounted()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "kept", "dropped");
        var pro = new Dictionary<string, string> { ["plan"] = "pro", ["channel"] = "web" };
        await Given.Responses(client, surveyId,
        [
            new TestRespondent("both", "w1", pro, new Dictionary<string, FeatureAnswer> { ["kept"] = new(Answer.Like, Answer.Dislike), ["dropped"] = new(Answer.Like, Answer.Neutral) }),
            new TestRespondent("dropped-only", "w1", pro, new Dictionary<string, FeatureAnswer> { ["dropped"] = new(Answer.Like, Answer.Neutral) }),
        ]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/features/dropped")).StatusCode);

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?wave=w1&segment.plan=pro&segment.channel=web");

        Assert.Equal(2, analysis.GetProperty("respondents").GetInt64());
        Assert.Equal(1, Assert.Single(analysis.GetProperty("features").EnumerateArray()).GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task AReportLinkFilteredByAWaveAndASegmentAndComparedByAnotherCountsTheSameRespondents()
    {
        var (surveyId, respondents) = await factory.Survey;
        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report", name = "Board" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = new Uri((await created.Json()).GetProperty("url").GetString()!).AbsolutePath;

        var page = new ReportHtml(await factory.CreateClient().GetStringAsync($"{path}?wave=w01&segment.plan=pro&by=channel"));

        Assert.Equal(Kept(respondents, "w01", ("plan", "pro")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Field("respondents"));
        var values = page.Field("segment-values");
        foreach (var channel in Channels)
        {
            Assert.Contains($"{channel} ({Kept(respondents, "w01", ("plan", "pro"), ("channel", channel)).Length})", values, StringComparison.Ordinal);
        }
    }
}
