using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

public sealed class ResponseImportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<(long F, long D, long? I, long? S)[]> Answers(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<(long, long, long?, long?)>(
            """
            SELECT a.functional, a.dysfunctional, a.importance, a.satisfaction FROM answers a
            JOIN respondents r ON r.id = a.respondent_id WHERE r.survey_id = @surveyId ORDER BY r.id, a.feature_id
            """, new { surveyId })).ToArray();
    }

    [Fact]
    public async Task ImportingACsvWithColumnsInAnyOrderStoresEveryRow()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");

        var response = await Given.CsvImport(client, surveyId, """
            parking.dysfunctional,segment.plan,wifi.functional,respondentId,wifi.dysfunctional,parking.functional,wifi.importance,wave,wifi.satisfaction
            dislike,enterprise,like,r1,must-be,1,8,2026-Q4,3
            ,free,2,r2,5,,,,
            "live-with",free,neutral,r3,tolerate,expect,,2026-Q4,
            """);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await response.Json()).GetProperty("stored").GetInt32());
        Assert.Equal(3, await factory.StoredRespondents(surveyId));
        var r1 = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/r1");
        Assert.Equal("2026-Q4", r1.GetProperty("wave").GetString());
        Assert.Equal("enterprise", r1.GetProperty("segments").GetProperty("plan").GetString());
        var wifi = r1.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("feature").GetString() == "wifi");
        Assert.Equal("like", wifi.GetProperty("functional").GetString());
        Assert.Equal("must-be", wifi.GetProperty("dysfunctional").GetString());
        Assert.Equal(8, wifi.GetProperty("importance").GetInt32());
        var r2 = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses/r2");
        Assert.Equal(1, r2.GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task ImportingWithTheSurveysOwnWordingsReadsThem()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await client.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new Dictionary<string, string[]>
        {
            ["like"] = ["Love it"],
            ["must-be"] = ["Obviously"],
            ["neutral"] = ["Meh"],
            ["live-with"] = ["Could cope"],
            ["dislike"] = ["Hate it"],
        });

        var response = await Given.CsvImport(client, surveyId, "wifi.functional,wifi.dysfunctional\nlove it,  HATE IT \nObviously,Could cope\nMeh,meh\n");

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal([(1L, 5L, (long?)null, (long?)null), (2, 4, null, null), (3, 3, null, null)], await Answers(surveyId));
    }

    public static TheoryData<string, string[]> BuiltInWordingSets => new()
    {
        { "Kano 1984", ["I like it that way", "It must be that way", "I am neutral", "I can live with it that way", "I dislike it that way"] },
        { "modern", ["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"] },
        { "Berger", ["I enjoy it that way", "I expect it that way", "I am neutral", "I can accept it", "I dislike it that way"] },
        { "Blauth", ["This would be very helpful to me", "This is a basic requirement for me", "This would not affect me", "This would be a minor inconvenience", "This would be a major problem for me"] },
        { "Vietnamese", ["Tôi thích như vậy", "Điều đó là đương nhiên", "Tôi thấy bình thường", "Tôi có thể chấp nhận", "Tôi không thích như vậy"] },
    };

    [Theory]
    [MemberData(nameof(BuiltInWordingSets))]
    public async Task ImportingACsvInABuiltInWordingSetReadsEveryAnswer(string set, string[] wordings)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = new StringBuilder("respondentId,wifi.dysfunctional,wifi.functional\n");
        for (var i = 0; i < 5; i++)
        {
            csv.Append($"{set}-{i},\"{wordings[4 - i]}\",\"{wordings[i]}\"\n");
        }

        var response = await Given.CsvImport(client, surveyId, csv.ToString());

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => ((long)i, (long)(6 - i), (long?)null, (long?)null)), await Answers(surveyId));
    }

    [Fact]
    public async Task AnInvalidCellRejectsTheWholeImportWithTheRowAndColumnOfEveryError()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "anonymous", "wifi");

        var response = await Given.CsvImport(client, surveyId, """
            respondentId,anonymous.functional,anonymous.dysfunctional,wifi.functional,wifi.dysfunctional,wifi.importance,wifi.satisfaction
            a,like,dislike,like,dislike,5,3
            b,like,sometimes,like,,10,0
            c,1,6,like,dislike,4.5,
            """);

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 3, column anonymous.dysfunctional", errors.Keys);
        Assert.Contains("row 3, column wifi.dysfunctional", errors.Keys);
        Assert.Contains("row 3, column wifi.importance", errors.Keys);
        Assert.Contains("row 3, column wifi.satisfaction", errors.Keys);
        Assert.Contains("row 4, column anonymous.dysfunctional", errors.Keys);
        Assert.Contains("row 4, column wifi.importance", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ARespondentIdStoredBeforeOrRepeatedInTheFileRejectsTheImportNamingEachRowAndErrorsElsewhereStillShow()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        Assert.Equal(HttpStatusCode.Created, (await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\nkept,like,dislike\n")).StatusCode);
        var rows = new StringBuilder("respondentId,wifi.functional,wifi.dysfunctional\n");
        for (var i = 0; i < 3_000; i++)
        {
            rows.Append("fresh-").Append(i).Append(",like,dislike\n");
        }

        rows.Append("kept,like,dislike\n").Append("fresh-7,like,dislike\n").Append("late,like,sometimes\n");

        var response = await Given.CsvImport(client, surveyId, rows.ToString());

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("stored before, or earlier in this file", errors["row 3002, column respondentId"][0], StringComparison.Ordinal);
        Assert.Contains("'kept'", errors["row 3002, column respondentId"][0], StringComparison.Ordinal);
        Assert.Contains("'fresh-7'", errors["row 3003, column respondentId"][0], StringComparison.Ordinal);
        Assert.Contains("row 3004, column wifi.dysfunctional", errors.Keys);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task UnknownAndHalfFeatureColumnsAreHeaderErrors()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");

        var response = await Given.CsvImport(client, surveyId, "wifi.functional,wifi.dysfunctional,parking.functional,nope.functional,colour,wifi.opinion\nlike,like,like,like,x,y\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 1, column parking.dysfunctional", errors.Keys);
        Assert.Contains("row 1, column nope.functional", errors.Keys);
        Assert.Contains("row 1, column colour", errors.Keys);
        Assert.Contains("row 1, column wifi.opinion", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AFileWithNoFeatureColumnsOrNoHeaderIsRejected()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var noFeatures = await ProblemAssert.IsValidationProblem(await Given.CsvImport(client, surveyId, "respondentId,wave\nr1,w\n"));
        var empty = await ProblemAssert.IsValidationProblem(await Given.CsvImport(client, surveyId, ""));

        Assert.Contains("row 1", noFeatures.Keys);
        Assert.Contains("row 1", empty.Keys);
    }

    [Fact]
    public async Task AShortOrLongRowIsAnError()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\nr1,like\nr2,like,dislike\nr3,like,dislike,extra\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 2", errors.Keys);
        Assert.Contains("row 4", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task BinaryGarbageIsABadRequestNotAServerError()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);

        var response = await Given.CsvImport(client, surveyId, garbage);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task InvalidUtf8AfterAValidHeaderIsABadRequest()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var body = Encoding.UTF8.GetBytes("wifi.functional,wifi.dysfunctional\nlike,dislike\n").Concat(new byte[] { 0xC3, 0x28, 0xFF, (byte)',', (byte)'1', (byte)'\n' }).ToArray();

        var errors = await ProblemAssert.IsValidationProblem(await Given.CsvImport(client, surveyId, body));

        Assert.Contains("body", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AnUnclosedQuoteIsABadRequest()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "wifi.functional,wifi.dysfunctional\n\"like,dislike\nlike,dislike\n");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ARespondentIdRepeatedInTheFileOrAlreadyStoredIsAnErrorOfItsRow()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        Assert.Equal(HttpStatusCode.Created, (await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\nold,1,5\n")).StatusCode);

        var response = await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\nnew,1,5\nnew,1,5\nold,2,5\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 3, column respondentId", errors.Keys);
        Assert.Contains("row 4, column respondentId", errors.Keys);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AnOverLongCellIsAnError()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, $"respondentId,segment.plan,wifi.functional,wifi.dysfunctional\n{new string('r', 101)},{new string('p', 101)},1,5\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 2, column respondentId", errors.Keys);
        Assert.Contains("row 2, column segment.plan", errors.Keys);
    }

    [Fact]
    public async Task ManyBadRowsListAHundredErrorsAndGiveTheTotal()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = "wifi.functional,wifi.dysfunctional\n" + string.Concat(Enumerable.Repeat("7,7\n", 500));

        var problem = await ProblemAssert.IsProblem(await Given.CsvImport(client, surveyId, csv), HttpStatusCode.BadRequest);

        Assert.Equal(1000, problem.GetProperty("totalErrors").GetInt32());
        Assert.Equal(100, problem.GetProperty("errors").EnumerateObject().Count());
    }

    [Fact]
    public async Task AnImportNeedsTextCsv()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", new StringContent("{}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ALargeImportIsStoredAndTheAggregatesCountEveryAnswer()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");
        var csv = new StringBuilder("respondentId,wifi.functional,wifi.dysfunctional,parking.functional,parking.dysfunctional,wifi.importance\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append($"r{i},{i % 5 + 1},{i / 5 % 5 + 1},{(i + 2) % 5 + 1},5,{i % 9 + 1}\n");
        }

        var response = await Given.CsvImport(client, surveyId, csv.ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var connection = factory.NewConnection();
        var cells = await connection.ExecuteScalarAsync<long>(
            "SELECT sum(c.answers) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId });
        Assert.Equal(10000, cells);
    }

    [Fact]
    public async Task TwoSegmentColumnsThatNameTheSameSegmentAreRejected()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "segment.x,segment. x,wifi.functional,wifi.dysfunctional\nA,B,like,dislike\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("row 1, column segment. x", errors.Keys);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task BlankRespondentIdAndWaveCellsAreNotAnswersAndTheRespondentCanStillBeErased()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "respondentId,wave,wifi.functional,wifi.dysfunctional\n   ,  ,like,dislike\n");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses")).GetProperty("items")[0];
        var respondentId = stored.GetProperty("respondentId").GetString();
        Assert.False(string.IsNullOrWhiteSpace(respondentId));
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("wave").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/{respondentId}")).StatusCode);
    }

    [Fact]
    public async Task AnImportStillUploadingDoesNotHoldTheDatabaseFromOtherWrites()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var body = new PausedContent("respondentId,wifi.functional,wifi.dysfunctional\nslow-1,like,dislike\n", "slow-2,must-be,dislike\n");
        body.Headers.ContentType = new("text/csv");

        var import = factory.CreateStreamingAdminClient().PostAsync($"/v1/surveys/{surveyId}/responses/import", body);
        await body.FirstPartSent.Task;

        // While the upload waits mid-file, other clients write: a transaction held open would make them wait and fail.
        var other = await client.PostAsJsonAsync("/v1/surveys", new { name = "Written during an upload" });
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", new
        {
            respondentId = "fast-1",
            answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "neutral" } },
        });
        body.Resume.SetResult();

        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await import).StatusCode);
        Assert.Equal(3, await factory.StoredRespondents(surveyId));
    }
}
