using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Features;

public sealed class FeaturesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task CreatingAFeatureReturnsItWithLocationAndETag()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new
        {
            key = "fast-checkout",
            name = "One-click checkout",
            description = "Saved card",
            functionalQuestion = "If checkout takes one click?",
            dysfunctionalQuestion = "If it does not?",
            effort = 2.5,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var feature = await response.Json();
        Assert.Equal($"/v1/surveys/{surveyId}/features/{feature.GetProperty("id").GetInt64()}", response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("fast-checkout", feature.GetProperty("key").GetString());
        Assert.Equal(2.5, feature.GetProperty("effort").GetDouble());
        Assert.Equal("If it does not?", feature.GetProperty("dysfunctionalQuestion").GetString());
    }

    [Fact]
    public async Task AFeatureCanBeFetchedByIdOrByKey()
    {
        var surveyId = await Given.ASurvey(client);
        var id = await Given.AFeature(client, surveyId, "dark-mode");

        var byId = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features/{id}");
        var byKey = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features/dark-mode");

        Assert.Equal(id, byId.GetProperty("id").GetInt64());
        Assert.Equal(id, byKey.GetProperty("id").GetInt64());
        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/{surveyId}/features/no-such"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADuplicateKeyInTheSameSurveyIsAConflict()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "wifi");

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Again" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TheSameKeyInAnotherSurveyIsFine()
    {
        await Given.AFeature(client, await Given.ASurvey(client), "wifi");
        await Given.AFeature(client, await Given.ASurvey(client), "wifi");
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("with space")]
    [InlineData("12345")]
    [InlineData("")]
    public async Task AKeyThatIsNotALowerCaseSlugIsRejected(string key)
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = "x" });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("key", errors.Keys);
    }

    [Fact]
    public async Task EveryBadFieldOfAFeatureIsListed()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new
        {
            key = new string('k', 65),
            functionalQuestion = new string('q', 501),
            effort = 0,
        });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("key", errors.Keys);
        Assert.Contains("name", errors.Keys);
        Assert.Contains("functionalQuestion", errors.Keys);
        Assert.Contains("effort", errors.Keys);
    }

    [Fact]
    public async Task ASurveyHoldsAtMostTwoHundredFeatures()
    {
        var surveyId = await Given.ASurvey(client);
        for (var i = 0; i < 200; i++)
        {
            await Given.AFeature(client, surveyId, $"f{i}");
        }

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "one-more", name = "x" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ListingFeaturesWalksEveryPage()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a", "b", "c");

        var first = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features?limit=2");
        var second = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        Assert.Equal(["a", "b"], first.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(["c"], second.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task PatchingAFeatureHonoursIfMatch()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "search");
        var etag = (await client.GetAsync($"/v1/surveys/{surveyId}/features/search")).Headers.ETag!.ToString();

        var ok = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{surveyId}/features/search")
        {
            Content = JsonContent.Create(new { name = "Better search", effort = 3 }),
        }.WithHeader("If-Match", etag));
        var stale = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{surveyId}/features/search")
        {
            Content = JsonContent.Create(new { name = "Stale" }),
        }.WithHeader("If-Match", etag));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Better search", (await ok.Json()).GetProperty("name").GetString());
        Assert.Equal(3, (await ok.Json()).GetProperty("effort").GetDouble());
        await ProblemAssert.IsProblem(stale, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task TwoPatchesSentAtOnceWithTheSameIfMatchChangeTheFeatureOnce()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "search");
        for (var round = 0; round < 10; round++)
        {
            var etag = (await client.GetAsync($"/v1/surveys/{surveyId}/features/search")).Headers.ETag!.ToString();
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => client.SendAsync(
                new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{surveyId}/features/search")
                {
                    Content = JsonContent.Create(new { name = $"Round {round} writer {writer}" }),
                }.WithHeader("If-Match", etag))));

            // The second writer's If-Match names a version the first has replaced: 412, not a lost update.
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(answer => answer.StatusCode).Order());
        }
    }

    [Fact]
    public async Task RenamingAFeatureToATakenKeyIsAConflict()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "one", "two");

        var response = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/two", new { key = "one" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DeletingAFeatureMakesItNotFound()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "gone");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/features/gone")).StatusCode);

        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/{surveyId}/features/gone"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AFeatureOfAMissingSurveyIsNotFound()
    {
        await ProblemAssert.IsProblem(await client.GetAsync("/v1/surveys/987654/features"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(
            await client.PostAsJsonAsync("/v1/surveys/987654/features", new { key = "x", name = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AReadKeyCannotCreateFeatures()
    {
        var surveyId = await Given.ASurvey(client);
        var reader = factory.CreateClientWithKey(await Given.AKey(factory, "read"));

        await ProblemAssert.IsProblem(
            await reader.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "x", name = "x" }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}/features")).StatusCode);
    }

    [Theory]
    [InlineData("key\n")]
    [InlineData("\u212Aelvin")]
    [InlineData("two--dashes")]
    [InlineData("-leading")]
    public async Task AKeyThatIsNotALowerCaseSlugIsABadRequest(string key)
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = "Bad key" });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("key", errors.Keys);
    }
}
