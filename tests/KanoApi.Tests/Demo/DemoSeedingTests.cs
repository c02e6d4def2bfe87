using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Demo;

public sealed class DemoSeedingTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");
    private readonly List<HostOn> hosts = [];

    private HostOn Start(string environment, bool? seedDemo = null)
    {
        var host = new HostOn(databasePath, environment, seedDemo);
        hosts.Add(host);
        _ = host.Server;
        return host;
    }

    private static async Task<JsonElement[]> SurveysAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/surveys")).GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task InDevelopmentAnEmptyDatabaseGetsTheDemoSurveyWithEveryCategory()
    {
        var client = Start("Development").CreateAdminClient();

        var survey = Assert.Single(await SurveysAsync(client));
        var surveyId = survey.GetProperty("id").GetInt64();
        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?rule=mode");

        Assert.StartsWith("Customer service", survey.GetProperty("name").GetString());
        Assert.Equal(300, analysis.GetProperty("respondents").GetInt64());
        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        Assert.InRange(features.Length, 10, 12);
        Assert.Equal(
            ["basic", "delighter", "expected", "indifferent", "questionable", "reverse"],
            features.Select(feature => feature.GetProperty("category").GetString()).Distinct().Order());
        Assert.Contains(features, feature => feature.GetProperty("name").GetString()!.Contains("Giao hàng miễn phí"));

        var segments = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/segments?by=channel");
        Assert.Equal(2, segments.GetProperty("groups").GetArrayLength());
        Assert.Contains(segments.GetProperty("disagreements").EnumerateArray(), item => item.GetProperty("key").GetString() == "in-store-advice");
        var waves = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?wave=2026-Q4");
        Assert.Equal(150, waves.GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task TheDemoIsAServiceSurveyWhoseBasicNeedsFallShortOfWhatCustomersExpect()
    {
        var host = Start("Development");
        var client = host.CreateAdminClient();
        var survey = Assert.Single(await SurveysAsync(client));
        var surveyId = survey.GetProperty("id").GetInt64();

        Assert.True(survey.GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());
        var features = (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features?limit=100")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(
            ["assurance", "empathy", "reliability", "responsiveness"],
            features.Select(feature => feature.GetProperty("dimension").GetString()).OfType<string>().Distinct().Order());
        await using var connection = host.NewConnection();
        var ratings = (await Dapper.SqlMapper.QueryAsync<(string Key, long Pairs, double Expectation, double Perception)>(connection, """
            SELECT f.key, count(*), avg(a.expectation * 1.0), avg(a.perception * 1.0)
            FROM answers a JOIN features f ON f.id = a.feature_id
            WHERE f.survey_id = @surveyId AND a.expectation IS NOT NULL AND a.perception IS NOT NULL
            GROUP BY f.key
            """, new { surveyId })).ToDictionary(row => row.Key);
        Assert.Equal(11, ratings.Count);
        Assert.All(ratings.Values, row => Assert.InRange(row.Pairs, 240, 299));
        // Basic needs below expectation, an indifferent feature delivered beyond it (the walk-through's story).
        Assert.True(ratings["fast-complaint-resolution"].Perception < ratings["fast-complaint-resolution"].Expectation - 1.5);
        Assert.True(ratings["apology-compensation"].Perception < ratings["apology-compensation"].Expectation - 1.5);
        Assert.True(ratings["timely-upsell"].Perception > ratings["timely-upsell"].Expectation);
    }

    [Fact]
    public async Task TheDemoHasThirtyStaffWhoThinkABasicNeedOptionalAndTheReportSaysSo()
    {
        var client = Start("Development").CreateAdminClient();
        var surveyId = Assert.Single(await SurveysAsync(client)).GetProperty("id").GetInt64();

        var audiences = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences");
        Assert.Equal((300, 30), (audiences.GetProperty("customerRespondents").GetInt64(), audiences.GetProperty("staffRespondents").GetInt64()));
        var spots = audiences.GetProperty("blindSpots").EnumerateArray().ToArray();
        Assert.Equal(
            [("apology-compensation", "basic-thought-optional", true), ("timely-upsell", "delight-customers-ignore", true)],
            spots.Select(spot => (spot.GetProperty("key").GetString(), spot.GetProperty("kind").GetString(), spot.GetProperty("settled").GetBoolean())));
        var apology = audiences.GetProperty("features").EnumerateArray().Single(feature => feature.GetProperty("key").GetString() == "apology-compensation");
        Assert.True(apology.GetProperty("expectationDifference").GetDouble() < -1, "staff believe customers expect much less of an apology");
        // Staff are stored apart: the customer analysis still counts the 300 customers only.
        Assert.Equal(300, (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("respondents").GetInt64());

        var report = await client.GetStringAsync($"/v1/surveys/{surveyId}/report?lang=en");
        Assert.Contains("30 staff answered as they believe customers would; 300 customers answered for themselves.", report);
        Assert.Contains("""data-key="apology-compensation" data-kind="basic-thought-optional" """.TrimEnd(), report);
        Assert.Contains("differ beyond chance (p &lt; 0.0001 after Holm", report);
    }

    [Fact]
    public async Task TheDemoIsSeededOnceAndNotAgainAfterItIsDeleted()
    {
        var first = Start("Development").CreateAdminClient();
        var surveyId = Assert.Single(await SurveysAsync(first)).GetProperty("id").GetInt64();
        hosts[0].Dispose();

        var second = Start("Development").CreateAdminClient();
        Assert.Single(await SurveysAsync(second));
        Assert.Equal(HttpStatusCode.NoContent, (await second.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);
        hosts[1].Dispose();

        var third = Start("Development").CreateAdminClient();
        Assert.Empty(await SurveysAsync(third));
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Testing", null)]
    [InlineData("Development", false)]
    public async Task WithoutDevelopmentOrSeedDemoNoDemoIsSeeded(string environment, bool? seedDemo)
    {
        var client = Start(environment, seedDemo).CreateAdminClient();

        Assert.Empty(await SurveysAsync(client));
    }

    [Fact]
    public async Task SeedDemoTrueSeedsOutsideDevelopmentToo()
    {
        var client = Start("Production", seedDemo: true).CreateAdminClient();

        Assert.Single(await SurveysAsync(client));
    }

    public void Dispose()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        KanoApiFactory.DeleteDatabase(databasePath);
    }

    private sealed class HostOn(string path, string environment, bool? seedDemo) : KanoApiFactory(path)
    {
        protected override string EnvironmentName => environment;

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                if (seedDemo is { } seed)
                {
                    settings["Kano:SeedDemo"] = seed ? "true" : "false";
                }

                return settings;
            }
        }
    }
}
