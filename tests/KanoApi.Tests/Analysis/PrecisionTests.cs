using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Globalization;

namespace KanoApi.Tests.Analysis;

/// <summary>Numbers are rounded for reading by default; precision=full gives the engine's values for recomputing.</summary>
public sealed class PrecisionTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    /// <summary>Three respondents: A, O and M on wifi, so Better = 2/3, Worse = −2/3 and shares are 33.33…%; importance 7, 8, 8.</summary>
    private async Task<long> ThirdsSurveyAsync()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "wifi", effort: 3);
        await Given.AFeature(client, surveyId, "parking", effort: 7);
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new
        {
            responses = new object[]
            {
                new { answers = new object[] { new { feature = "wifi", functional = "like", dysfunctional = "neutral", importance = 7, satisfaction = 2 }, new { feature = "parking", functional = "neutral", dysfunctional = "dislike", importance = 5 } } },
                new { answers = new object[] { new { feature = "wifi", functional = "like", dysfunctional = "dislike", importance = 8, satisfaction = 2 }, new { feature = "parking", functional = "neutral", dysfunctional = "dislike", importance = 4 } } },
                new { answers = new object[] { new { feature = "wifi", functional = "neutral", dysfunctional = "dislike", importance = 8, satisfaction = 3 }, new { feature = "parking", functional = "like", dysfunctional = "dislike", importance = 6 } } },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return surveyId;
    }

    [Fact]
    public async Task TheAnalysisIsRoundedByDefaultAndUnroundedWithPrecisionFull()
    {
        var surveyId = await ThirdsSurveyAsync();

        var rounded = (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis")).Json()).GetProperty("features")[0];
        var full = (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis?precision=full")).Json()).GetProperty("features")[0];

        Assert.Equal(0.667, rounded.GetProperty("better").GetDouble());
        Assert.Equal(7.67, rounded.GetProperty("importance").GetProperty("mean").GetDouble());
        Assert.Equal(2.0 / 3, full.GetProperty("better").GetDouble());
        Assert.Equal(-2.0 / 3, full.GetProperty("worse").GetDouble());
        Assert.Equal(100.0 / 3, full.GetProperty("percentages").GetProperty("A").GetDouble());
        Assert.Equal(23.0 / 3, full.GetProperty("importance").GetProperty("mean").GetDouble());
        Assert.Equal(7.0 / 3, full.GetProperty("satisfaction").GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task TheWaveComparisonIsUnroundedWithPrecisionFull()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "wifi");
        foreach (var (wave, answers) in new[] { ("2025", new[] { ("like", "neutral"), ("like", "dislike"), ("neutral", "dislike") }), ("2026", [("like", "neutral"), ("neutral", "neutral"), ("neutral", "neutral")]) })
        {
            var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new
            {
                responses = answers.Select(pair => new { wave, answers = new[] { new { feature = "wifi", functional = pair.Item1, dysfunctional = pair.Item2 } } }).ToArray(),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var rounded = (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves")).Json()).GetProperty("features")[0];
        var full = (await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves?precision=full")).Json()).GetProperty("features")[0];

        Assert.Equal(0.667, rounded.GetProperty("waves")[0].GetProperty("better").GetDouble());
        Assert.Equal(2.0 / 3, full.GetProperty("waves")[0].GetProperty("better").GetDouble());
        Assert.Equal(-2.0 / 3, full.GetProperty("waves")[0].GetProperty("worse").GetDouble());
        Assert.Equal(1.0 / 3 - 2.0 / 3, full.GetProperty("changes")[0].GetProperty("betterChange").GetDouble(), 15);
        var interval = full.GetProperty("waves")[0].GetProperty("betterInterval").GetProperty("low").GetDouble();
        Assert.NotEqual(Math.Round(interval, 3), interval);
    }

    [Fact]
    public async Task EachPrecisionHasItsOwnETagSoACachedRoundedAnswerIsNeverServedForFull()
    {
        var surveyId = await ThirdsSurveyAsync();

        var rounded = await client.GetAsync($"/v1/surveys/{surveyId}/analysis");
        var full = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?precision=full");
        var roundedAgain = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?precision=rounded");
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis?precision=full");
        conditional.Headers.IfNoneMatch.Add(rounded.Headers.ETag!);

        Assert.NotEqual(rounded.Headers.ETag, full.Headers.ETag);
        Assert.Equal(rounded.Headers.ETag, roundedAgain.Headers.ETag);
        Assert.Equal(2.0 / 3, (await full.Json()).GetProperty("features")[0].GetProperty("better").GetDouble());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task TheBacklogAndItsCsvAreUnroundedWithPrecisionFull()
    {
        var surveyId = await ThirdsSurveyAsync();

        var rounded = (await (await client.GetAsync($"/v1/surveys/{surveyId}/backlog")).Json()).GetProperty("items")[0];
        var full = (await (await client.GetAsync($"/v1/surveys/{surveyId}/backlog?precision=full")).Json()).GetProperty("items")[0];
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/backlog?precision=full");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync();

        var score = full.GetProperty("score").GetDouble();
        Assert.Equal(Math.Round(score, 4, MidpointRounding.AwayFromZero), rounded.GetProperty("score").GetDouble());
        Assert.NotEqual(Math.Round(score, 4), score);
        Assert.Contains(score.ToString("R", CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAnalysisCsvIsUnroundedWithPrecisionFull()
    {
        var surveyId = await ThirdsSurveyAsync();
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis?precision=full");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var csv = await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync();
        var roundedCsv = await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/csv") } } })).Content.ReadAsStringAsync();

        Assert.Contains((2.0 / 3).ToString("R", CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
        Assert.DoesNotContain((2.0 / 3).ToString("R", CultureInfo.InvariantCulture), roundedCsv, StringComparison.Ordinal);
        Assert.Contains("0.667", roundedCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSegmentAnalysisIsUnroundedWithPrecisionFull()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new
        {
            responses = new[] { ("like", "neutral"), ("like", "dislike"), ("neutral", "dislike") }.Select(pair => new
            {
                segments = new { plan = "pro" },
                answers = new[] { new { feature = "wifi", functional = pair.Item1, dysfunctional = pair.Item2 } },
            }),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var rounded = await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/segments?by=plan")).Json();
        var full = await (await client.GetAsync($"/v1/surveys/{surveyId}/analysis/segments?by=plan&precision=full")).Json();

        Assert.Equal(0.667, rounded.GetProperty("groups")[0].GetProperty("features")[0].GetProperty("better").GetDouble());
        Assert.Equal(2.0 / 3, full.GetProperty("groups")[0].GetProperty("features")[0].GetProperty("better").GetDouble());
    }

    [Fact]
    public async Task AnUnknownPrecisionIsABadRequestNamingTheAllowedValues()
    {
        var surveyId = await ThirdsSurveyAsync();

        var errors = await ProblemAssert.IsValidationProblem(await client.GetAsync($"/v1/surveys/{surveyId}/analysis?precision=exact"));

        Assert.Contains("full", string.Join(" ", errors["precision"]), StringComparison.Ordinal);
    }
}
