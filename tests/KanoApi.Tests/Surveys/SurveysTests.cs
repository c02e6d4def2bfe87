using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Surveys;

public sealed class SurveysTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task CreatingASurveyReturnsItWithLocationAndETag()
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { name = "Checkout 2026", description = "Shoppers", language = "vi" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var survey = await response.Json();
        var id = survey.GetProperty("id").GetInt64();
        Assert.Equal($"/v1/surveys/{id}", response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Checkout 2026", survey.GetProperty("name").GetString());
        Assert.Equal("Shoppers", survey.GetProperty("description").GetString());
        Assert.Equal("vi", survey.GetProperty("language").GetString());
        Assert.Equal(0, survey.GetProperty("features").GetInt64());
        Assert.Equal(0, survey.GetProperty("respondents").GetInt64());
        Assert.True(survey.TryGetProperty("createdAt", out _));
    }

    [Fact]
    public async Task GettingASurveyReturnsItWithItsETag()
    {
        var id = await Given.ASurvey(client, "Get me");

        var response = await client.GetAsync($"/v1/surveys/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Get me", (await response.Json()).GetProperty("name").GetString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("en", (await response.Json()).GetProperty("language").GetString());
    }

    [Fact]
    public async Task CreatingASurveyWithoutANameListsEveryBadField()
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { description = new string('d', 2001), language = "fr" });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("name", errors.Keys);
        Assert.Contains("description", errors.Keys);
        Assert.Contains("language", errors.Keys);
    }

    [Fact]
    public async Task AnOverLongNameIsRejected()
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { name = new string('n', 201) });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("at most 200", errors["name"][0]);
    }

    [Fact]
    public async Task AnEmptyBodyIsAValidationProblem()
    {
        var response = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, "/v1/surveys", ""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MalformedJsonIsAProblemNamingWhereItBroke()
    {
        var response = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, "/v1/surveys", "{\"name\": \"x\", "));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task AWrongTypeIsAProblemNamingTheField()
    {
        var response = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, "/v1/surveys", "{\"name\": 5}"));

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("name", errors.Keys);
    }

    [Fact]
    public async Task ListingSurveysWalksEveryPageOnce()
    {
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await Given.ASurvey(client, $"paged {i}"));
        }

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/v1/surveys?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.All(created, id => Assert.Contains(id, seen));
        Assert.Equal(seen.Order(), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task ABadLimitOrCursorIsAValidationProblemNamingTheParameter(string query, string parameter)
    {
        var response = await client.GetAsync("/v1/surveys?" + query);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains(parameter, errors.Keys);
    }

    [Fact]
    public async Task PatchingChangesOnlyTheFieldsSentAndBumpsTheETag()
    {
        var id = await Given.ASurvey(client, "Before");
        var before = await client.GetAsync($"/v1/surveys/{id}");

        var response = await client.PatchAsJsonAsync($"/v1/surveys/{id}", new { description = "Now described" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var survey = await response.Json();
        Assert.Equal("Before", survey.GetProperty("name").GetString());
        Assert.Equal("Now described", survey.GetProperty("description").GetString());
        Assert.NotEqual(before.Headers.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task PatchingWithTheCurrentETagSucceedsAndWithAStaleOneIsPreconditionFailed()
    {
        var id = await Given.ASurvey(client, "Versioned");
        var etag = (await client.GetAsync($"/v1/surveys/{id}")).Headers.ETag!.ToString();

        var first = new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{id}") { Content = JsonContent.Create(new { name = "First" }) }
            .WithHeader("If-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first)).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{id}") { Content = JsonContent.Create(new { name = "Second" }) }
            .WithHeader("If-Match", etag);
        await ProblemAssert.IsProblem(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        Assert.Equal("First", (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task TwoPatchesSentAtOnceWithTheSameIfMatchChangeTheSurveyOnce()
    {
        var id = await Given.ASurvey(client, "Raced");
        for (var round = 0; round < 10; round++)
        {
            var etag = (await client.GetAsync($"/v1/surveys/{id}")).Headers.ETag!.ToString();
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => client.SendAsync(
                new HttpRequestMessage(HttpMethod.Patch, $"/v1/surveys/{id}") { Content = JsonContent.Create(new { name = $"Round {round} writer {writer}" }) }
                    .WithHeader("If-Match", etag))));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(answer => answer.StatusCode).Order());
        }
    }

    [Fact]
    public async Task DeletingWithAStaleETagIsPreconditionFailedAndKeepsTheSurvey()
    {
        var id = await Given.ASurvey(client);
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/surveys/{id}").WithHeader("If-Match", "\"survey-0-v0\"");

        await ProblemAssert.IsProblem(await client.SendAsync(request), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{id}")).StatusCode);
    }

    [Fact]
    public async Task DeletingASurveyMakesItNotFound()
    {
        var id = await Given.ASurvey(client);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{id}")).StatusCode);

        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.DeleteAsync($"/v1/surveys/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherWorkspacesSurveyIsNotFoundLikeAMissingOne()
    {
        var id = await Given.ASurvey(client);
        var otherKey = await Given.AKey(factory, "admin", inNewWorkspace: true);
        var other = factory.CreateClientWithKey(otherKey);

        await ProblemAssert.IsProblem(await other.GetAsync($"/v1/surveys/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.PatchAsJsonAsync($"/v1/surveys/{id}", new { name = "mine" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.DeleteAsync($"/v1/surveys/{id}"), HttpStatusCode.NotFound);
        var list = await other.GetFromJsonAsync<JsonElement>("/v1/surveys");
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ASurveyMadeAfterADeleteNeverMatchesTheDeletedOnesETagNorItsCollectKeys()
    {
        var oldId = await Given.ASurveyWithFeatures(client, "wifi");
        var oldSurvey = await client.GetAsync($"/v1/surveys/{oldId}");
        var collect = await client.PostAsJsonAsync("/v1/keys", new { scope = "collect", surveyId = oldId });
        var collectKey = (await collect.Json()).GetProperty("apiKey").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{oldId}")).StatusCode);

        // SQLite gives the highest id again after it is deleted: the new survey may well have the old one's id.
        var newId = await Given.ASurveyWithFeatures(client, "wifi");
        var patch = Given.JsonRequest(HttpMethod.Patch, $"/v1/surveys/{newId}", """{ "name": "Renamed" }""")
            .WithHeader("If-Match", oldSurvey.Headers.ETag!.ToString());
        var form = factory.CreateClientWithKey(collectKey);
        var posted = await form.PostAsJsonAsync($"/v1/surveys/{newId}/responses", new
        {
            answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "dislike" } },
        });

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(patch)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
    }
}
