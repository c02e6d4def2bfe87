using System.Net;
using System.Text;
using Dapper;

namespace KanoApi.Tests.Responses;

/// <summary>
/// Whatever removes a respondent removes its answers and segments with it: an erasure, and deleting the survey. (On
/// SQLite answers carry no foreign key to their respondent since migration 0020; a trigger removes them.)
/// </summary>
public sealed class DeletionLeavesNoAnswersTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<(long Answers, long Segments)> Left(long surveyId)
    {
        await using var connection = factory.NewConnection();
        // Answers are found through the survey's features, which outlive none of the deletions below except erasure.
        var answers = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM answers WHERE respondent_id NOT IN (SELECT id FROM respondents)");
        var segments = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId AND respondent_id NOT IN (SELECT id FROM respondents)", new { surveyId });
        return (answers, segments);
    }

    [Fact]
    public async Task ErasingARespondentOrDeletingItsSurveyLeavesNoAnswerOrSegmentBehind()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");
        var csv = new StringBuilder("respondentId,segment.plan,wifi.functional,wifi.dysfunctional,parking.functional,parking.dysfunctional\n");
        for (var i = 0; i < 20; i++)
        {
            csv.Append("r").Append(i).Append(",pro,like,dislike,neutral,neutral\n");
        }

        using (var import = await Given.CsvImport(client, surveyId, csv.ToString()))
        {
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        }

        Assert.Equal(40, await factory.StoredAnswers(surveyId));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/r3")).StatusCode);
        Assert.Equal(38, await factory.StoredAnswers(surveyId));
        Assert.Equal((0L, 0L), await Left(surveyId));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);
        Assert.Equal((0L, 0L), await Left(surveyId));
    }
}
