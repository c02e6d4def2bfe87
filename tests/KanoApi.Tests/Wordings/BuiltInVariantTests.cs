using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Wordings;

/// <summary>The published variants built in with issue 10, through the HTTP surface.</summary>
public sealed class BuiltInVariantTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task BergersLongFormsAndKanosFirstPersonFormImportWithoutTeaching()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");
        const string csv = "respondentId,wifi.functional,wifi.dysfunctional,parking.functional,parking.dysfunctional\n"
            + "r1,I enjoy it that way,\"I dislike it, and I can't accept it\",I must be that way,\"I dislike it, but I can live with it that way\"\n"
            + "r2,It is a basic necessity or I expect it that way,\"I dislike it, and I can’t accept it\",I’m neutral,I'm neutral\n";

        var response = await Given.CsvImport(client, surveyId, csv);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await using var connection = factory.NewConnection();
        var stored = (await connection.QueryAsync<(long, long)>(
            "SELECT a.functional, a.dysfunctional FROM answers a JOIN respondents r ON r.id = a.respondent_id WHERE r.survey_id = @surveyId ORDER BY r.id, a.feature_id",
            new { surveyId })).ToArray();
        Assert.Equal([(1L, 5L), (2L, 4L), (2L, 5L), (3L, 3L)], stored);
    }

    [Fact]
    public async Task AWordingASurveyTaughtBeforeItWasBuiltInKeepsTheSurveysMeaning()
    {
        // Stored before this version made the phrase a built-in live-with: the survey's own meaning (dislike) stands,
        // rather than every import of the survey failing.
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("INSERT INTO survey_wordings (survey_id, answer, wording) VALUES (@surveyId, 5, 'I dislike it, but I can live with it that way')", new { surveyId });
        }

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", new
        {
            answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "I dislike it, but I can live with it that way" } },
        });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal("dislike", (await response.Json()).GetProperty("answers")[0].GetProperty("dysfunctional").GetString());
    }
}
