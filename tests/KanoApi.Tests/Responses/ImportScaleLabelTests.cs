using System.Net;
using System.Text;
using Dapper;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

/// <summary>Survey tools export scale answers with their labels ("3 - Somewhat important"): read by the leading number.</summary>
public sealed class ImportScaleLabelTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task AScaleCellWithALabelIsReadByItsLeadingNumberAndTheAnswerSaysSo()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        const string csv = "respondentId,wifi.functional,wifi.dysfunctional,wifi.importance,wifi.satisfaction\n"
            + "r1,like,dislike,3 - Somewhat important,5 = Very satisfied\n"
            + "r2,like,dislike,9 \u2013 Extremely important,1: Very dissatisfied\n"
            + "r3,like,dislike,7,2\n";

        var response = await Given.CsvImport(client, surveyId, csv);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var notes = string.Join(" ", (await response.Json()).GetProperty("notes").EnumerateArray().Select(note => note.GetString()));
        Assert.Contains("4 scale cells", notes, StringComparison.Ordinal);
        Assert.Contains("leading number", notes, StringComparison.Ordinal);
        await using var connection = factory.NewConnection();
        var stored = (await connection.QueryAsync<(long, long)>(
            "SELECT a.importance, a.satisfaction FROM answers a JOIN respondents r ON r.id = a.respondent_id WHERE r.survey_id = @surveyId ORDER BY r.id",
            new { surveyId })).ToArray();
        Assert.Equal([(3L, 5L), (9L, 1L), (7L, 2L)], stored);
    }

    [Theory]
    [InlineData("3 - 4")]       // a range, not a label
    [InlineData("3.5")]         // a decimal
    [InlineData("12 - Very")]   // out of the scale
    [InlineData("3 -")]         // no label
    [InlineData("- Somewhat")]  // no number
    [InlineData("3x")]          // no separator before the label
    public async Task AScaleCellWhoseRestIsNotALabelIsStillRefused(string cell)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, $"respondentId,wifi.functional,wifi.dysfunctional,wifi.importance\nr1,like,dislike,{cell}\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 2, column wifi.importance", errors.Keys);
    }

    [Fact]
    public async Task APlainImportCarriesNoNotes()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional,wifi.importance\nr1,like,dislike,4\n");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False((await response.Json()).TryGetProperty("notes", out _));
    }
}

/// <summary>One refused wording repeated a hundred times must not hide the others: the problem sums them up.</summary>
public sealed class ImportUnrecognisedSummaryTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task ARefusedImportSumsUpEveryDistinctUnrecognisedAnswerWithItsCountAndColumns()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");
        var csv = new StringBuilder("respondentId,wifi.functional,wifi.dysfunctional,parking.functional,parking.dysfunctional\n");
        for (var i = 0; i < 150; i++)
        {
            csv.Append($"r{i},I love it,dislike,like,dislike\n");
        }

        csv.Append("s1,like,Meh,like,dislike\n");
        csv.Append("s2,like,dislike,i LOVE it,meh\n");
        csv.Append("s3,like,dislike,So-so,dislike\n");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new("text/csv");

        var problem = await ProblemAssert.IsProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content), HttpStatusCode.BadRequest);

        Assert.Equal(100, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(154, problem.GetProperty("totalErrors").GetInt32());
        var summary = problem.GetProperty("unrecognisedAnswers").EnumerateArray()
            .Select(entry => (
                Value: entry.GetProperty("value").GetString(),
                Count: entry.GetProperty("count").GetInt32(),
                Columns: string.Join(" ", entry.GetProperty("columns").EnumerateArray().Select(column => column.GetString()))))
            .ToArray();
        Assert.Equal(
            [("I love it", 151, "wifi.functional parking.functional"), ("Meh", 2, "wifi.dysfunctional parking.dysfunctional"), ("So-so", 1, "parking.functional")],
            summary);
        Assert.Contains("3 distinct", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
