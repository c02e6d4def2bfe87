using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

public sealed class ResponsesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private Task<HttpResponseMessage> Post(long surveyId, string json) =>
        client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", json));

    private Task<HttpResponseMessage> PostBatch(long surveyId, string json) =>
        client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/batch", json));

    [Fact]
    public async Task VietnameseIdsWavesAndSegmentsAreStoredLetterForLetterAndFilterTheAnalysis()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "fast-checkout");

        var response = await Post(surveyId, """
            {
              "respondentId": "người-01", "wave": "Đợt 1", "segments": { "vùng": "Hà Nội", "gói": "Doanh nghiệp" },
              "answers": [ { "feature": "fast-checkout", "functional": "like", "dysfunctional": "dislike" } ]
            }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/{Uri.EscapeDataString("người-01")}");
        Assert.Equal("người-01", fetched.GetProperty("respondentId").GetString());
        Assert.Equal("Đợt 1", fetched.GetProperty("wave").GetString());
        Assert.Equal("Hà Nội", fetched.GetProperty("segments").GetProperty("vùng").GetString());
        Assert.Equal("Doanh nghiệp", fetched.GetProperty("segments").GetProperty("gói").GetString());
        Assert.Equal(1, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId AND name = 'gói' AND value = 'Doanh nghiệp'", new { surveyId }));
        var byRegion = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?segment.{Uri.EscapeDataString("vùng")}={Uri.EscapeDataString("Hà Nội")}");
        Assert.Equal(1, byRegion.GetProperty("respondents").GetInt64());
        var byWave = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?wave={Uri.EscapeDataString("Đợt 1")}");
        Assert.Equal(1, byWave.GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task PostingAResponseStoresItAndReturnsItWithCodes()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "fast-checkout", "dark-mode");

        var response = await Post(surveyId, """
            {
              "respondentId": "r-1042", "wave": "2026-Q4", "segments": { "plan": "enterprise", "region": "north" },
              "answers": [
                { "feature": "fast-checkout", "functional": "like", "dysfunctional": "dislike", "importance": 8, "satisfaction": 3 },
                { "feature": "dark-mode", "functional": 1, "dysfunctional": "tolerate" }
              ]
            }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal($"/v1/surveys/{surveyId}/responses/r-1042", response.Headers.Location?.ToString());
        var stored = await response.Json();
        Assert.Equal("r-1042", stored.GetProperty("respondentId").GetString());
        Assert.Equal("2026-Q4", stored.GetProperty("wave").GetString());
        Assert.Equal("enterprise", stored.GetProperty("segments").GetProperty("plan").GetString());
        var answers = stored.GetProperty("answers").EnumerateArray().ToArray();
        Assert.Equal("fast-checkout", answers[0].GetProperty("feature").GetString());
        Assert.Equal("like", answers[0].GetProperty("functional").GetString());
        Assert.Equal("dislike", answers[0].GetProperty("dysfunctional").GetString());
        Assert.Equal(8, answers[0].GetProperty("importance").GetInt32());
        Assert.Equal("live-with", answers[1].GetProperty("dysfunctional").GetString());
        Assert.Equal(2, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId", new { surveyId }));

        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/r-1042");
        Assert.Equal(2, fetched.GetProperty("answers").GetArrayLength());
        var survey = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}");
        Assert.Equal(1, survey.GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task ARespondentIdIsGeneratedWhenAbsent()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Post(surveyId, """{ "answers": [ { "feature": "wifi", "functional": "must-be", "dysfunctional": "expect" } ] }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("r-", (await response.Json()).GetProperty("respondentId").GetString());
    }

    [Fact]
    public async Task AFeatureCanBeNamedByItsId()
    {
        var surveyId = await Given.ASurvey(client);
        var featureId = await Given.AFeature(client, surveyId, "wifi");

        var response = await Post(surveyId, $$"""{ "answers": [ { "feature": {{featureId}}, "functional": 3, "dysfunctional": 3 } ] }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task RepostingTheSameRespondentIdIsAConflict()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        const string body = """{ "respondentId": "same", "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }""";

        Assert.Equal(HttpStatusCode.Created, (await Post(surveyId, body)).StatusCode);
        await ProblemAssert.IsProblem(await Post(surveyId, body), HttpStatusCode.Conflict);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task EveryBadAnswerIsListedByItsPath()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a", "b", "c");

        var response = await Post(surveyId, """
            {
              "answers": [
                { "feature": "a", "functional": 2.5, "dysfunctional": 6 },
                { "feature": "nope", "functional": "like", "dysfunctional": "I adore it" },
                { "feature": "b", "functional": "like", "dysfunctional": "like", "importance": 10, "satisfaction": 0 },
                { "feature": "a", "functional": true, "dysfunctional": "dislike" },
                { "feature": "c", "functional": "like", "dysfunctional": "like", "importance": 4.5, "satisfaction": "high" }
              ]
            }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("fraction", errors["answers[0].functional"][0]);
        Assert.Contains("answers[0].dysfunctional", errors.Keys);
        Assert.Contains("no feature", errors["answers[1].feature"][0]);
        Assert.StartsWith("must be one of like, must-be, neutral, live-with, dislike", Assert.Single(errors["answers[1].dysfunctional"]));
        Assert.Contains("answers[2].importance", errors.Keys);
        Assert.Contains("answers[2].satisfaction", errors.Keys);
        Assert.Contains("answers[0]", errors["answers[3].feature"][0]);
        Assert.Contains("answers[3].functional", errors.Keys);
        Assert.Contains("answers[4].importance", errors.Keys);
        Assert.Contains("answers[4].satisfaction", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task OverLongStringsAndTooManySegmentsAreRejected()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var segments = string.Join(", ", Enumerable.Range(0, 21).Select(i => $"\"s{i}\": \"v\""));

        var response = await Post(surveyId, $$"""
            {
              "respondentId": "{{new string('r', 101)}}", "wave": "{{new string('w', 51)}}",
              "segments": { {{segments}} },
              "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 1 } ]
            }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("respondentId", errors.Keys);
        Assert.Contains("wave", errors.Keys);
        Assert.Contains("segments", errors.Keys);
    }

    [Fact]
    public async Task AnOverLongSegmentValueIsRejectedByItsPath()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await Post(surveyId, $$"""{ "segments": { "plan": "{{new string('p', 101)}}" }, "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 1 } ] }""");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("segments.plan", errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{ "answers": [] }""")]
    [InlineData("""{ "answers": [ null ] }""")]
    public async Task AnEmptyBodyOrNoAnswersIsAValidationProblem(string body)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await Post(surveyId, body);

        await ProblemAssert.IsValidationProblem(response);
    }

    [Theory]
    [InlineData("""{ "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 1 } """, null)]
    [InlineData("""{ "respondentId": 17, "answers": [] }""", "respondentId")]
    [InlineData("""{ "segments": { "plan": 3 }, "answers": [] }""", "segments.plan")]
    [InlineData("""{ "answers": "all of them" }""", "answers")]
    [InlineData("""[1, 2, 3]""", "$")]
    public async Task MalformedJsonOrAWrongTypeIsABadRequestNamingTheField(string body, string? field)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await Post(surveyId, body);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        if (field is not null)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors name {field}: {errors}");
        }
    }

    [Fact]
    public async Task PostingABatchStoresEveryResponse()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a", "b");

        var response = await PostBatch(surveyId, """
            { "responses": [
              { "respondentId": "one", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "respondentId": "two", "answers": [ { "feature": "b", "functional": 2, "dysfunctional": 5, "importance": 9 } ] },
              { "answers": [ { "feature": "a", "functional": "neutral", "dysfunctional": "neutral" } ] }
            ] }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await response.Json()).GetProperty("stored").GetInt32());
        Assert.Equal(3, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task PostingABatchWithOneBadResponseStoresNothing()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await PostBatch(surveyId, """
            { "responses": [
              { "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "answers": [ { "feature": "a", "functional": "sometimes", "dysfunctional": 5 } ] }
            ] }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal(["responses[2].answers[0].functional"], errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task ABatchWithARespondentAlreadyStoredOrRepeatedStoresNothingAndNamesBoth()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        Assert.Equal(HttpStatusCode.Created, (await Post(surveyId, """{ "respondentId": "old", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""")).StatusCode);

        var response = await PostBatch(surveyId, """
            { "responses": [
              { "respondentId": "new", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "respondentId": "new", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "respondentId": "old", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }
            ] }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("responses[1].respondentId", errors.Keys);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ABatchWhoseRespondentsAreAlreadyStoredNamesEachOfThemAndStoresNothing()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        foreach (var old in new[] { "old-1", "old-2" })
        {
            Assert.Equal(HttpStatusCode.Created, (await Post(surveyId, $$"""{ "respondentId": "{{old}}", "wave": "w1", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""")).StatusCode);
        }

        var cellsBefore = await factory.Count("SELECT coalesce(sum(c.answers), 0) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId });

        var response = await PostBatch(surveyId, """
            { "responses": [
              { "respondentId": "new-1", "answers": [ { "feature": "a", "functional": 2, "dysfunctional": 4 } ] },
              { "respondentId": "old-1", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] },
              { "respondentId": "new-2", "segments": { "plan": "pro" }, "answers": [ { "feature": "a", "functional": 3, "dysfunctional": 3 } ] },
              { "respondentId": "old-2", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }
            ] }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal(["responses[1].respondentId", "responses[3].respondentId"], errors.Keys.Order());
        Assert.Contains("'old-1'", errors["responses[1].respondentId"][0]);
        Assert.Equal(2, await factory.StoredRespondents(surveyId));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(cellsBefore, await factory.Count("SELECT coalesce(sum(c.answers), 0) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task ABatchStoresEachRespondentWithItsOwnWaveSegmentsAndAnswersInTheOrderGiven()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a", "b");

        var response = await PostBatch(surveyId, """
            { "responses": [
              { "respondentId": "zed", "wave": "2026-Q1", "segments": { "plan": "pro", "region": "north" },
                "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5, "importance": 9, "satisfaction": 2 },
                             { "feature": "b", "functional": 5, "dysfunctional": 1 } ] },
              { "respondentId": "alpha", "answers": [ { "feature": "b", "functional": 3, "dysfunctional": 3, "importance": 1 } ] },
              { "respondentId": "mid", "segments": { "plan": "free" }, "answers": [ { "feature": "a", "functional": 2, "dysfunctional": 4 } ] }
            ] }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        var items = (await (await client.GetAsync($"/v1/surveys/{surveyId}/responses")).Json()).GetProperty("items");
        Assert.Equal(["zed", "alpha", "mid"], items.EnumerateArray().Select(item => item.GetProperty("respondentId").GetString()));
        var zed = items[0];
        Assert.Equal("2026-Q1", zed.GetProperty("wave").GetString());
        Assert.Equal("pro", zed.GetProperty("segments").GetProperty("plan").GetString());
        Assert.Equal("north", zed.GetProperty("segments").GetProperty("region").GetString());
        Assert.Equal(
            ["a like dislike 9 2", "b dislike like - -"],
            zed.GetProperty("answers").EnumerateArray().Select(Describe));
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("wave").ValueKind);
        Assert.Equal(["b neutral neutral 1 -"], items[1].GetProperty("answers").EnumerateArray().Select(Describe));
        Assert.Equal("free", items[2].GetProperty("segments").GetProperty("plan").GetString());
        Assert.Equal(3, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId", new { surveyId }));

        static string Describe(JsonElement answer) => string.Join(' ',
            answer.GetProperty("feature").GetString(), answer.GetProperty("functional").GetString(), answer.GetProperty("dysfunctional").GetString(),
            answer.GetProperty("importance").ValueKind == JsonValueKind.Null ? "-" : answer.GetProperty("importance").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            answer.GetProperty("satisfaction").ValueKind == JsonValueKind.Null ? "-" : answer.GetProperty("satisfaction").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ABatchOfMoreThanAThousandIsRejected()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var one = """{ "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""";

        var response = await PostBatch(surveyId, $$"""{ "responses": [ {{string.Join(",", Enumerable.Repeat(one, 1001))}} ] }""");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("responses", errors.Keys);
    }

    [Fact]
    public async Task AThousandBadAnswersListAHundredAndGiveTheTotal()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var bad = """{ "answers": [ { "feature": "a", "functional": 9, "dysfunctional": 5 } ] }""";

        var response = await PostBatch(surveyId, $$"""{ "responses": [ {{string.Join(",", Enumerable.Repeat(bad, 1000))}} ] }""");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(1000, problem.GetProperty("totalErrors").GetInt32());
        Assert.Equal(100, problem.GetProperty("errors").EnumerateObject().Count());
    }

    [Fact]
    public async Task ListingResponsesWalksEveryPage()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        for (var i = 0; i < 5; i++)
        {
            await Post(surveyId, $$"""{ "respondentId": "p{{i}}", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("respondentId").GetString()!));
            Assert.All(page.GetProperty("items").EnumerateArray(), item => Assert.Equal(1, item.GetProperty("answers").GetArrayLength()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 100);

        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], seen);
    }

    [Fact]
    public async Task DeletingARespondentErasesItsAnswersAndAggregates()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        await Post(surveyId, """{ "respondentId": "erase-me", "segments": { "plan": "x" }, "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5, "importance": 7 } ] }""");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/erase-me")).StatusCode);

        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/{surveyId}/responses/erase-me"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/erase-me"), HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task DeletingASurveyCascadesToFeaturesResponsesAndAggregates()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a", "b");
        await Post(surveyId, """{ "segments": { "plan": "x" }, "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 }, { "feature": "b", "functional": 2, "dysfunctional": 5 } ] }""");
        await client.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new { like = new[] { "Love it" } });

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);

        Assert.Equal(0, await factory.Count("SELECT count(*) FROM features WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM survey_wordings WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM answers WHERE feature_id NOT IN (SELECT id FROM features)"));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM feature_cells WHERE feature_id NOT IN (SELECT id FROM features)"));
    }

    [Fact]
    public async Task DeletingAFeatureRemovesItsAnswersAndAggregates()
    {
        var surveyId = await Given.ASurvey(client);
        var featureId = await Given.AFeature(client, surveyId, "a");
        await Given.AFeature(client, surveyId, "b");
        await Post(surveyId, """{ "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 }, { "feature": "b", "functional": 2, "dysfunctional": 5 } ] }""");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/features/a")).StatusCode);

        Assert.Equal(0, await factory.Count("SELECT count(*) FROM answers WHERE feature_id = @featureId", new { featureId }));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM feature_cells WHERE feature_id = @featureId", new { featureId }));
        Assert.Equal(1, await factory.StoredAnswers(surveyId));
    }

    [Fact]
    public async Task WritingResponsesBumpsTheSurveysDataVersion()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var before = await factory.Count("SELECT data_version FROM surveys WHERE id = @surveyId", new { surveyId });

        await Post(surveyId, """{ "respondentId": "v", "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""");
        var afterPost = await factory.Count("SELECT data_version FROM surveys WHERE id = @surveyId", new { surveyId });
        await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/v");
        var afterDelete = await factory.Count("SELECT data_version FROM surveys WHERE id = @surveyId", new { surveyId });

        Assert.True(afterPost > before);
        Assert.True(afterDelete > afterPost);
    }

    [Fact]
    public async Task ACollectKeyPostsButCannotReadAndABoundKeyPostsOnlyToItsSurvey()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var otherSurveyId = await Given.ASurveyWithFeatures(client, "a");
        var collector = factory.CreateClientWithKey(await Given.AKey(factory, "collect", surveyId));
        const string body = """{ "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""";

        Assert.Equal(HttpStatusCode.Created, (await collector.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", body))).StatusCode);
        await ProblemAssert.IsProblem(
            await collector.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{otherSurveyId}/responses", body)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await collector.GetAsync($"/v1/surveys/{surveyId}/responses"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnotherWorkspacesSurveyIsNotFoundForResponses()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");
        var other = factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));

        await ProblemAssert.IsProblem(
            await other.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", """{ "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }""")),
            HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.GetAsync($"/v1/surveys/{surveyId}/responses"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SegmentNamesThatAreEqualOnceTrimmedAreABadRequestNotAServerError()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses",
            """{ "segments": { "plan": "a", "plan ": "b" }, "answers": [ { "feature": "a", "functional": 1, "dysfunctional": 5 } ] }"""));

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("segments.plan ", errors.Keys);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    public async Task ARespondentIdThatCannotBeAddressedIsABadRequest(string respondentId)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "a");

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", new
        {
            respondentId = respondentId.Replace("\\t", "\t"),
            answers = new[] { new { feature = "a", functional = "like", dysfunctional = "dislike" } },
        });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("respondentId", errors.Keys);
    }
}
