using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Analysis;

/// <summary>Every read representation is tagged and cached the same way, and its options are normalised before they key it.</summary>
public sealed class ReadCachingTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<long> SurveyAsync()
    {
        var surveyId = await Given.ASurvey(client, "cached");
        await Given.AFeature(client, surveyId, "f");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("f", a: 2, o: 3, m: 4, i: 1, r: 0, q: 3));
        return surveyId;
    }

    [Fact]
    public async Task TheRespondentQualityReportIsTaggedAnswers304AndIsServedFromTheCache()
    {
        var surveyId = await SurveyAsync();
        var first = await client.GetAsync($"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=0");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=0");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        // Answers removed behind the API's back (no version bump): a cached report is the first one, byte for byte.
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("DELETE FROM answers WHERE respondent_id IN (SELECT id FROM respondents WHERE survey_id = @surveyId)", new { surveyId });
        }

        var again = await client.GetAsync($"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=0");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());

        // The default k is the same representation as k=1 given explicitly.
        var implicitK = await client.GetAsync($"/v1/surveys/{surveyId}/respondent-quality");
        var explicitK = await client.GetAsync($"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=1");
        Assert.Equal(implicitK.Headers.ETag, explicitK.Headers.ETag);
    }

    [Theory]
    [InlineData("6.0000001")]
    [InlineData("6.001")]
    [InlineData("0.125")]
    public async Task AThresholdWithMoreThanTwoDecimalsIsRefused(string threshold)
    {
        var surveyId = await SurveyAsync();

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?threshold={threshold}");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("two decimals", Assert.Single(errors["threshold"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EqualThresholdsWrittenDifferentlyShareOneETag()
    {
        var surveyId = await SurveyAsync();
        var tags = new List<string>();
        foreach (var threshold in new[] { "6", "6.0", "6.00", "06" })
        {
            var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?threshold={threshold}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            tags.Add(response.Headers.ETag!.Tag);
        }

        Assert.Single(tags.Distinct());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{surveyId}/analysis?threshold=6.25")).StatusCode);
    }
}

/// <summary>Heavy reads spend more of the caller's allowance than light ones (README: "Request costs").</summary>
public sealed class ReadCostTests(ReadCostTests.TwentyPermitsFactory factory) : IClassFixture<ReadCostTests.TwentyPermitsFactory>
{
    public sealed class TwentyPermitsFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:RateLimits:PermitsPerMinute"] = "20",
        };
    }

    private async Task<HttpClient> FreshReadKeyAsync()
    {
        var created = await factory.CreateAdminClient().PostAsJsonAsync("/v1/keys", new { scope = "read" });
        return factory.CreateClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }

    [Fact]
    public async Task TheRespondentQualityReportCostsTenRequestsOfTheAllowance()
    {
        var surveyId = await Given.ASurvey(factory.CreateAdminClient(), "costly");
        var reader = await FreshReadKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}/respondent-quality")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}/respondent-quality")).StatusCode);
        var third = await reader.GetAsync($"/v1/surveys/{surveyId}/respondent-quality");

        await ProblemAssert.IsProblem(third, HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("analysis/waves", 4)]
    [InlineData("analysis/waves/chart.svg", 4)]
    [InlineData("report", 2)]
    public async Task TheWaveComparisonAndTheReportCostLikeTheReadsTheyAreMadeOf(string path, int allowed)
    {
        // 20 permits a minute: the wave comparison (one analysis per wave) costs 5, the report (analysis, backlog,
        // segments and the respondent-quality pass over every answer) costs 10.
        var surveyId = await Given.ASurvey(factory.CreateAdminClient(), "heavy");
        var reader = await FreshReadKeyAsync();
        for (var i = 0; i < allowed; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}/{path}")).StatusCode);
        }

        await ProblemAssert.IsProblem(await reader.GetAsync($"/v1/surveys/{surveyId}/{path}"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ALightReadCostsOneRequest()
    {
        var surveyId = await Given.ASurvey(factory.CreateAdminClient(), "cheap");
        var reader = await FreshReadKeyAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}")).StatusCode);
        }

        await ProblemAssert.IsProblem(await reader.GetAsync($"/v1/surveys/{surveyId}"), HttpStatusCode.TooManyRequests);
    }
}
