using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>
/// SERVQUAL's expectation and perception (1-7) in JSON answers (issue 21, gap 5): stored through the provider's
/// respondent writer, read back, and refused by their path with nothing stored when out of bounds.
/// </summary>
public sealed class ServiceQualityAnswersTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private Task<HttpResponseMessage> Post(long surveyId, string json) =>
        client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", json));

    private Task<HttpResponseMessage> PostBatch(long surveyId, string json) =>
        client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/batch", json));

    private async Task<(long? Expectation, long? Perception)[]> StoredPairs(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<(long?, long?)>(
            """
            SELECT a.expectation, a.perception FROM answers a JOIN respondents r ON r.id = a.respondent_id
            WHERE r.survey_id = @surveyId ORDER BY r.id, a.feature_id
            """,
            new { surveyId })).ToArray();
    }

    [Fact]
    public async Task AResponsesExpectationAndPerceptionAreStoredAndReadBack()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time", "wifi");

        var response = await Post(surveyId, """
            {
              "respondentId": "guest-1",
              "answers": [
                { "feature": "on-time", "functional": "like", "dysfunctional": "dislike", "expectation": 7, "perception": 4 },
                { "feature": "wifi", "functional": "neutral", "dysfunctional": "dislike" }
              ]
            }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        var answers = (await response.Json()).GetProperty("answers").EnumerateArray().ToArray();
        Assert.Equal(7, answers[0].GetProperty("expectation").GetInt32());
        Assert.Equal(4, answers[0].GetProperty("perception").GetInt32());
        Assert.Equal(JsonValueKind.Null, answers[1].GetProperty("expectation").ValueKind);
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/guest-1");
        Assert.Equal(4, fetched.GetProperty("answers")[0].GetProperty("perception").GetInt32());
        Assert.Equal([(7L, 4L), (null, null)], await StoredPairs(surveyId));
    }

    [Fact]
    public async Task ABatchStoresEachRespondentsPairAndTheListShowsThem()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");

        var response = await PostBatch(surveyId, """
            {
              "responses": [
                { "respondentId": "a", "answers": [ { "feature": "on-time", "functional": 2, "dysfunctional": 5, "expectation": 1, "perception": 7 } ] },
                { "respondentId": "b", "answers": [ { "feature": "on-time", "functional": 3, "dysfunctional": 5, "expectation": 6 } ] },
                { "respondentId": "c", "answers": [ { "feature": "on-time", "functional": 3, "dysfunctional": 3, "perception": 2, "importance": 9 } ] }
              ]
            }
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal([(1L, 7L), (6L, null), (null, 2L)], await StoredPairs(surveyId));
        var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses");
        var first = listed.GetProperty("items")[0].GetProperty("answers")[0];
        Assert.Equal(1, first.GetProperty("expectation").GetInt32());
        Assert.Equal(7, first.GetProperty("perception").GetInt32());
    }

    [Theory]
    [InlineData("expectation", "0")]
    [InlineData("expectation", "8")]
    [InlineData("perception", "-1")]
    [InlineData("perception", "4.5")]
    [InlineData("perception", "\"5\"")]
    [InlineData("expectation", "true")]
    [InlineData("expectation", "99999999999")]
    public async Task AValueThatIsNotAWholeNumberFromOneToSevenIsRefusedByItsPathAndNothingIsStored(string field, string value)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");

        var response = await Post(surveyId, $$"""
            { "answers": [ { "feature": "on-time", "functional": "like", "dysfunctional": "dislike", "{{field}}": {{value}} } ] }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal("must be a whole number from 1 to 7", Assert.Single(errors[$"answers[0].{field}"]));
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ABatchWithOneBadPerceptionNamesItsPathAndStoresNoRespondent()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time", "wifi");

        var response = await PostBatch(surveyId, """
            {
              "responses": [
                { "answers": [ { "feature": "on-time", "functional": 1, "dysfunctional": 5, "expectation": 5, "perception": 5 } ] },
                { "answers": [ { "feature": "on-time", "functional": 1, "dysfunctional": 5 },
                               { "feature": "wifi", "functional": 1, "dysfunctional": 5, "expectation": 7, "perception": 0 } ] }
              ]
            }
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal(["responses[1].answers[1].perception"], errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesBothScalesFromOneToSeven()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var properties = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("SubmittedAnswer").GetProperty("properties");

        foreach (var field in new[] { "expectation", "perception" })
        {
            var scale = properties.GetProperty(field);
            Assert.Equal("1", scale.GetProperty("minimum").ToString());
            Assert.Equal("7", scale.GetProperty("maximum").ToString());
            Assert.Contains("strongly agree", scale.GetProperty("description").GetString());
        }
    }
}
