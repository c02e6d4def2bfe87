using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>
/// The time a respondent answered, read from the timestamp column a survey tool writes (or a column mapped by hand),
/// stored with the respondent and listed; a cell that is no time is a 400 naming its row and column.
/// </summary>
public sealed class AnsweredAtImportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Theory]
    [InlineData("csv", "row 4, column \"Timestamp\"")]
    [InlineData("xlsx", "row 4, column \"Timestamp\" (A4)")]
    public async Task ATimestampCellThatIsNoTimeIsA400NamingItsRowAndColumnAndStoresNothing(string format, string at)
    {
        var table = SurveyToolExports.GoogleForms(SurveyToolExports.Respondents(), vietnamese: false);
        table[3][0] = "next Tuesday";
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(SurveyToolImportTests.Write(table, format), format));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(at, out var messages), errors.ToString());
        Assert.Contains("'next Tuesday' is not a time", messages[0].GetString());
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task OfAStartAndAnEndTheEndIsTheTimeAnsweredAndThePreviewSaysSo()
    {
        var file = SurveyToolImportTests.Write(SurveyToolExports.SurveyMonkey(SurveyToolExports.Respondents(), vietnamese: false), "csv");
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var preview = await (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(file, "csv"))).Json();

        var columns = preview.GetProperty("mapping").GetProperty("columns").EnumerateArray().ToArray();
        var end = columns.Single(column => column.GetProperty("column").GetString() == "End Date");
        Assert.Equal("answeredAt", end.GetProperty("to").GetString());
        Assert.Equal("month-first", end.GetProperty("dateOrder").GetString());
        Assert.Equal("ignore", columns.Single(column => column.GetProperty("column").GetString() == "Start Date").GetProperty("to").GetString());
        Assert.DoesNotContain("End Date", preview.GetProperty("ignored").EnumerateArray().Select(name => name.GetString()));
    }

    [Theory]
    [InlineData("day-first", "2026-11-03T09:04:40+00:00")]
    [InlineData("month-first", "2026-03-11T09:04:40+00:00")]
    public async Task AColumnMappedByHandToAnsweredAtIsReadInTheDateOrderTheMappingGives(string order, string expected)
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "participant,submitted,dark_mode_functional,dark_mode_dysfunctional\nP1,03/11/2026 09:04:40,1,5\n"u8.ToArray();
        var mapping = $$"""
            { "columns": [ { "column": "submitted", "to": "answeredAt", "dateOrder": "{{order}}" },
              { "column": "dark_mode_functional", "to": "functional", "feature": "dark-mode" },
              { "column": "dark_mode_dysfunctional", "to": "dysfunctional", "feature": "dark-mode" } ] }
            """;

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", mapping));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal([DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)], await SurveyToolImportTests.AnsweredTimes(client, surveyId));
    }

    [Fact]
    public async Task AnUnknownDateOrderOrASecondAnsweredAtColumnIsA400NamingTheEntry()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "submitted,finished,dark_mode_functional,dark_mode_dysfunctional\n2026-11-03,2026-11-03,1,5\n"u8.ToArray();
        var mapping = """
            { "columns": [ { "column": "submitted", "to": "answeredAt", "dateOrder": "year-first" },
              { "column": "finished", "to": "answeredAt" },
              { "column": "dark_mode_functional", "to": "functional", "feature": "dark-mode" },
              { "column": "dark_mode_dysfunctional", "to": "dysfunctional", "feature": "dark-mode" } ] }
            """;

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", mapping));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors");
        Assert.Contains("month-first", errors.GetProperty("mapping.columns[0].dateOrder")[0].GetString());
        Assert.Contains("second column to answeredAt", errors.GetProperty("mapping.columns[1]")[0].GetString());
    }

    [Fact]
    public async Task ATimeInTheFutureIsA400()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "Timestamp,dark_mode_functional,dark_mode_dysfunctional\n2126-11-03 09:04:40,1,5\n"u8.ToArray();

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("in the future", (await response.Json()).GetProperty("errors").GetProperty("row 2, column \"Timestamp\"")[0].GetString());
    }

    [Fact]
    public async Task AWorkbooksDateCellIsReadAsTheTimeAnswered()
    {
        var respondents = SurveyToolExports.Respondents(3);
        var table = SurveyToolExports.GoogleForms(respondents, vietnamese: false);
        for (var i = 0; i < respondents.Count; i++)
        {
            // Google Sheets' download: the timestamp is a date cell in the sheet's time zone, which the file does not say.
            table[i + 1][0] = ExportWriters.DateCell(SurveyToolExports.AnsweredAt(i).UtcDateTime);
        }

        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(ExportWriters.Xlsx(table), "xlsx"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(respondents.Select((_, i) => (DateTimeOffset?)SurveyToolExports.AnsweredAt(i)), await SurveyToolImportTests.AnsweredTimes(client, surveyId));
    }

    [Fact]
    public async Task KanoApisOwnCsvTakesAnAnsweredAtColumnAndNamesItsCellWhenItIsNoTime()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var refusedId = await Given.ASurveyWithFeatures(client, "wifi");

        var stored = await Given.CsvImport(client, surveyId, "respondentId,answeredAt,wifi.functional,wifi.dysfunctional\nr1,2026-11-03T09:04:40+07:00,like,dislike\nr2,,like,dislike\n");
        var refused = await Given.CsvImport(client, refusedId, "respondentId,answeredAt,wifi.functional,wifi.dysfunctional\nr1,soon,like,dislike\n");

        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        Assert.Equal([new DateTimeOffset(2026, 11, 3, 2, 4, 40, TimeSpan.Zero), null], await SurveyToolImportTests.AnsweredTimes(client, surveyId));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'soon' is not a time", (await refused.Json()).GetProperty("errors").GetProperty("row 2, column answeredAt")[0].GetString());
    }

    [Fact]
    public async Task AJsonResponsesAnsweredAtIsStoredInUtcAndListedAndOneInTheFutureIsRefused()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var stored = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", """
            { "respondentId": "r-1", "answeredAt": "2026-11-03T09:04:40+07:00",
              "answers": [ { "feature": "dark-mode", "functional": "like", "dysfunctional": "dislike" } ] }
            """));
        var future = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", """
            { "respondentId": "r-2", "answeredAt": "2126-11-03T09:04:40Z",
              "answers": [ { "feature": "dark-mode", "functional": "like", "dysfunctional": "dislike" } ] }
            """));
        var unknown = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", """
            { "respondentId": "r-3", "answers": [ { "feature": "dark-mode", "functional": "like", "dysfunctional": "dislike" } ] }
            """));

        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 2, 4, 40, TimeSpan.Zero), (await stored.Json()).GetProperty("answeredAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, (await stored.Json()).GetProperty("answeredAt").GetDateTimeOffset().Offset);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("in the future", (await future.Json()).GetProperty("errors").GetProperty("answeredAt")[0].GetString());
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        Assert.Equal(
            [new DateTimeOffset(2026, 11, 3, 2, 4, 40, TimeSpan.Zero), null],
            await SurveyToolImportTests.AnsweredTimes(client, surveyId));
    }

    [Theory]
    [InlineData("Asia/Ho_Chi_Minh", "2026-07-01 12:00:00", "2026-07-01T05:00:00+00:00")]
    [InlineData("+07:00", "2026-07-01 12:00:00", "2026-07-01T05:00:00+00:00")]
    [InlineData("America/New_York", "2026-07-01 12:00:00", "2026-07-01T16:00:00+00:00")]
    [InlineData("America/New_York", "2026-01-15 12:00:00", "2026-01-15T17:00:00+00:00")]
    [InlineData("America/New_York", "2026-07-01 12:00:00 GMT+7", "2026-07-01T05:00:00+00:00")]
    [InlineData("Asia/Ho_Chi_Minh", "2026-07-01 12:00:00Z", "2026-07-01T12:00:00+00:00")]
    public async Task ATimeWithoutAnOffsetIsReadInTheMappingsTimeZoneAndOneWithItsOwnOffsetKeepsIt(string zone, string cell, string expected)
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = System.Text.Encoding.UTF8.GetBytes($"submitted,dark_mode_functional,dark_mode_dysfunctional\n{cell},1,5\n");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", MappingWithTimeZone(zone)));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal([DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)], await SurveyToolImportTests.AnsweredTimes(client, surveyId));
    }

    [Fact]
    public async Task AWorkbooksDateCellIsReadInTheMappingsTimeZone()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        string[][] table =
        [
            ["submitted", "dark_mode_functional", "dark_mode_dysfunctional"],
            [ExportWriters.DateCell(new DateTime(2026, 11, 3, 9, 4, 40)), "1", "5"],
        ];

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            SurveyToolImportTests.Form(ExportWriters.Xlsx(table), "xlsx", MappingWithTimeZone("Asia/Ho_Chi_Minh")));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal([new DateTimeOffset(2026, 11, 3, 2, 4, 40, TimeSpan.Zero)], await SurveyToolImportTests.AnsweredTimes(client, surveyId));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "is not a time zone")]
    [InlineData("../../etc/passwd", "is not a time zone")]
    [InlineData("+15:00", "is not a time zone")]
    public async Task AnUnknownTimeZoneIsA400NamingTheEntryAndStoresNothing(string zone, string message)
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "submitted,dark_mode_functional,dark_mode_dysfunctional\n2026-07-01 12:00:00,1,5\n"u8.ToArray();

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", MappingWithTimeZone(zone)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Json()).GetProperty("errors").GetProperty("mapping.columns[0].timeZone")[0].GetString());
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task ATimeZoneOnAColumnThatIsNotTheTimeAnsweredIsA400()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "dark_mode_functional,dark_mode_dysfunctional\n1,5\n"u8.ToArray();
        var mapping = """
            { "columns": [ { "column": "dark_mode_functional", "to": "functional", "feature": "dark-mode", "timeZone": "Asia/Ho_Chi_Minh" },
              { "column": "dark_mode_dysfunctional", "to": "dysfunctional", "feature": "dark-mode" } ] }
            """;

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", mapping));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only read for answeredAt", (await response.Json()).GetProperty("errors").GetProperty("mapping.columns[0].timeZone")[0].GetString());
    }

    [Fact]
    public async Task ATimeTheZonesClocksSkippedIsA400NamingItsCell()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        // 8 March 2026, 2:30 in New York: the clocks went from 2:00 to 3:00 that night.
        var file = "submitted,dark_mode_functional,dark_mode_dysfunctional\n2026-03-08 02:30:00,1,5\n"u8.ToArray();

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", MappingWithTimeZone("America/New_York")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("in America/New_York", (await response.Json()).GetProperty("errors").GetProperty("row 2, column \"submitted\"")[0].GetString());
    }

    [Fact]
    public async Task ASavedMappingKeepsItsTimeZone()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var saved = await client.PutAsync($"/v1/surveys/{surveyId}/import-mappings/vn-office",
            new StringContent(MappingWithTimeZone("Asia/Ho_Chi_Minh"), System.Text.Encoding.UTF8, "application/json"));
        var read = await client.GetAsync($"/v1/surveys/{surveyId}/import-mappings/vn-office");

        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var column = (await read.Json()).GetProperty("mapping").GetProperty("columns")[0];
        Assert.Equal("Asia/Ho_Chi_Minh", column.GetProperty("timeZone").GetString());
    }

    private static string MappingWithTimeZone(string zone) => $$"""
        { "columns": [ { "column": "submitted", "to": "answeredAt", "timeZone": "{{zone}}" },
          { "column": "dark_mode_functional", "to": "functional", "feature": "dark-mode" },
          { "column": "dark_mode_dysfunctional", "to": "dysfunctional", "feature": "dark-mode" } ] }
        """;
}
