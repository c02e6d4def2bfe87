using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using KanoApi.Tests.Responses.Exports;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>
/// SERVQUAL's expectation and perception through the CSV import (issue 21): KanoApi's header convention
/// <c>&lt;featureKey&gt;.expectation</c>/<c>.perception</c> and a mapping's expectation/perception targets, each cell 1-7
/// (alone or with its label), a bad cell refused by row and column with nothing stored.
/// </summary>
public sealed class ServiceQualityImportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<(string Respondent, long? Expectation, long? Perception)[]> StoredPairs(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<(string, long?, long?)>(
            """
            SELECT r.respondent_key, a.expectation, a.perception FROM answers a JOIN respondents r ON r.id = a.respondent_id
            WHERE r.survey_id = @surveyId ORDER BY r.id, a.feature_id
            """,
            new { surveyId })).ToArray();
    }

    [Fact]
    public async Task KanoApiHeadersImportEachRespondentsExpectationAndPerception()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");

        var response = await Given.CsvImport(client, surveyId, """
            respondentId,on-time.functional,on-time.dysfunctional,on-time.Expectation,on-time.perception
            g1,like,dislike,7,3
            g2,neutral,dislike,6 - Agree,
            g3,must-be,dislike,,5
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal([("g1", 7L, 3L), ("g2", 6L, null), ("g3", null, 5L)], await StoredPairs(surveyId));
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/g1");
        Assert.Equal(3, fetched.GetProperty("answers")[0].GetProperty("perception").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("8")]
    [InlineData("4.5")]
    [InlineData("agree")]
    public async Task ACellThatIsNotFromOneToSevenIsRefusedByRowAndColumnAndNothingIsStored(string cell)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");

        var response = await Given.CsvImport(client, surveyId, $"""
            respondentId,on-time.functional,on-time.dysfunctional,on-time.expectation,on-time.perception
            g1,like,dislike,7,3
            g2,like,dislike,5,{cell}
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        var message = Assert.Single(errors["row 3, column on-time.perception"]);
        Assert.Contains("from 1 to 7", message);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AnExpectationWithoutTheFeaturesAnswersIsRefused()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");

        var response = await Given.CsvImport(client, surveyId, """
            on-time.functional,on-time.dysfunctional,on-time.expectation
            ,,6
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("expectation", Assert.Single(errors["row 2, column on-time.functional"]));
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task APreviewRecognisesTheHeadersAndAMappingsTargetsImportTheScales()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");
        var csv = Encoding.UTF8.GetBytes("""
            Guest,On time - how it should be,On time - how it is,F,D
            g1,7,2,like,dislike
            """);

        var own = Encoding.UTF8.GetBytes("on-time.functional,on-time.dysfunctional,on-time.expectation,on-time_perception\nlike,dislike,6,4\n");
        var preview = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(own, "csv"));
        Assert.True(HttpStatusCode.OK == preview.StatusCode, await preview.Content.ReadAsStringAsync());
        var targets = (await preview.Json()).GetProperty("mapping").GetProperty("columns").EnumerateArray()
            .Select(column => (column.GetProperty("to").GetString(), column.TryGetProperty("feature", out var feature) ? feature.GetString() : null)).ToArray();
        Assert.Equal([("functional", "on-time"), ("dysfunctional", "on-time"), ("expectation", "on-time"), ("perception", "on-time")], targets);

        const string mapping = """
            { "columns": [
                { "column": "Guest", "to": "respondentId" },
                { "column": "On time - how it should be", "to": "expectation", "feature": "on-time" },
                { "column": "On time - how it is", "to": "perception", "feature": "on-time" },
                { "column": "F", "to": "functional", "feature": "on-time" },
                { "column": "D", "to": "dysfunctional", "feature": "on-time" } ] }
            """;
        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(csv, "csv", mapping));

        Assert.True(HttpStatusCode.Created == imported.StatusCode, await imported.Content.ReadAsStringAsync());
        Assert.Equal([("g1", 7L, 2L)], await StoredPairs(surveyId));
    }

    [Fact]
    public async Task AWorkbookWithNumericScaleCellsImportsThePairAndABadCellIsNamedByItsCell()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");
        string[] header = ["respondentId", "on-time.functional", "on-time.dysfunctional", "on-time.expectation", "on-time.perception"];

        var bad = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            SurveyToolImportTests.Form(ExportWriters.Xlsx([header, ["w1", "like", "dislike", "6", "9"]]), "xlsx"));
        var errors = await ProblemAssert.IsValidationProblem(bad);
        Assert.Contains(errors, error => error.Key.Contains("E2", StringComparison.Ordinal) && error.Value.Single().Contains("from 1 to 7"));
        Assert.Equal(0, await factory.StoredRespondents(surveyId));

        var good = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            SurveyToolImportTests.Form(ExportWriters.Xlsx([header, ["w1", "like", "dislike", "6", "2"]]), "xlsx"));
        Assert.True(HttpStatusCode.Created == good.StatusCode, await good.Content.ReadAsStringAsync());
        Assert.Equal([("w1", 6L, 2L)], await StoredPairs(surveyId));
    }

    [Fact]
    public async Task AMappingThatMapsAFeaturesExpectationTwiceIsRefusedByItsEntry()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "on-time");
        var csv = Encoding.UTF8.GetBytes("F,D,E1,E2\nlike,dislike,6,7\n");
        const string mapping = """
            { "columns": [
                { "column": "F", "to": "functional", "feature": "on-time" },
                { "column": "D", "to": "dysfunctional", "feature": "on-time" },
                { "column": "E1", "to": "expectation", "feature": "on-time" },
                { "column": "E2", "to": "expectation", "feature": "on-time" } ] }
            """;

        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(csv, "csv", mapping));

        var errors = await ProblemAssert.IsValidationProblem(imported);
        Assert.Contains("expectation side of 'on-time' twice", Assert.Single(errors["mapping.columns[3]"]));
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }
}
