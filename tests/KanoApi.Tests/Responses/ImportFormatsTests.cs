using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

/// <summary>What spreadsheets and upload forms send: semicolon- and tab-separated files, and multipart/form-data.</summary>
public sealed class ImportFormatsTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private static MultipartFormDataContent Form(params (string Name, string? FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, bytes) in parts)
        {
            var part = new ByteArrayContent(bytes);
            if (fileName is null)
            {
                form.Add(part, name);
            }
            else
            {
                part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                form.Add(part, name, fileName);
            }
        }

        return form;
    }

    private async Task<string[]> Segments(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<string>(
            "SELECT s.value FROM respondent_segments s JOIN respondents r ON r.id = s.respondent_id WHERE r.survey_id = @surveyId ORDER BY r.id",
            new { surveyId })).ToArray();
    }

    [Fact]
    public async Task ASemicolonSeparatedFileAsExcelSavesItInMuchOfTheWorldIsImported()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "parking");
        const string csv = "respondentId;wave;segment.plan;wifi.functional;wifi.dysfunctional;parking.functional;parking.dysfunctional\r\n"
            + "r1;2026-Q4;Pro, annual;like;dislike;neutral;neutral\r\n"
            + "r2;2026-Q4;\"Basic; monthly\";Tôi thích như vậy;Tôi không thích như vậy;;\r\n";

        var response = await Given.CsvImport(client, surveyId, csv);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var answer = await response.Json();
        Assert.Equal(2, answer.GetProperty("stored").GetInt32());
        Assert.Contains("semicolon", answer.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["Pro, annual", "Basic; monthly"], await Segments(surveyId));
    }

    [Fact]
    public async Task ExcelsCsvUtf8WithAByteOrderMarkAndSemicolonsIsImported()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("respondentId;wifi.functional;wifi.dysfunctional\r\nr1;Tôi thích như vậy;Tôi không thích như vậy\r\n")).ToArray();
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new("text/csv");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, (await response.Json()).GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task ATabSeparatedFileIsImported()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        const string csv = "respondentId\tsegment.plan\twifi.functional\twifi.dysfunctional\nr1\tPro, annual; yearly\tlike\tdislike\n";

        var response = await Given.CsvImport(client, surveyId, csv);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(["Pro, annual; yearly"], await Segments(surveyId));
    }

    [Fact]
    public async Task AHeaderThatMatchesNoColumnSaysWhichSeparatorsWereTried()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "id|wifi-f|wifi-d\nr1|like|dislike\n");

        var errors = await ProblemAssert.IsValidationProblem(response);
        var row1 = string.Join(" ", errors["row 1"]);
        Assert.Contains("comma", row1, StringComparison.Ordinal);
        Assert.Contains("semicolon", row1, StringComparison.Ordinal);
        Assert.Contains("tab", row1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommaSeparatedFileWhoseCellsHoldSemicolonsStaysCommaSeparated()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Given.CsvImport(client, surveyId, "respondentId,segment.plan,wifi.functional,wifi.dysfunctional\nr1,a;b;c;d;e,like,dislike\n");

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(["a;b;c;d;e"], await Segments(surveyId));
    }

    [Fact]
    public async Task AFileSentAsMultipartFormDataLikeCurlDashFIsImported()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetBytes("respondentId;wifi.functional;wifi.dysfunctional\nr1;like;dislike\nr2;must-be;dislike\n");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(("file", "answers.csv", csv)));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, (await response.Json()).GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task AMultipartFormMayCarryTextFieldsBesideItsOneFile()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetBytes("respondentId,wifi.functional,wifi.dysfunctional\nr1,like,dislike\n");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            Form(("note", null, Encoding.UTF8.GetBytes("from the browser form")), ("upload", "answers.csv", csv)));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFieldNamedFileWithoutAFileNameIsTheFileAsCurlSendsItWithALessThanSign()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetBytes("respondentId,wifi.functional,wifi.dysfunctional\nr1,like,dislike\n");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(("file", null, csv)));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AMultipartFormWithoutAFileOrWithTwoIsABadRequestThatStoresNothing()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetBytes("respondentId,wifi.functional,wifi.dysfunctional\nr1,like,dislike\n");

        var none = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            Form(("note", null, Encoding.UTF8.GetBytes("no file")))));
        var two = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import",
            Form(("a", "a.csv", csv), ("b", "b.csv", csv))));

        Assert.Contains("file", none.Keys);
        Assert.Contains("file", two.Keys);
        var list = await client.GetAsync($"/v1/surveys/{surveyId}/responses");
        Assert.Equal(0, (await list.Json()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AMultipartFileThatIsNotUtf8IsABadRequest()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var latin1 = Encoding.Latin1.GetBytes("respondentId,wifi.functional,wifi.dysfunctional\nr\u00e9,like,dislike\n");

        var errors = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(("file", "a.csv", latin1))));

        Assert.Contains("body", errors.Keys);
    }

    [Fact]
    public async Task RetryingTheSameMultipartFileWithItsIdempotencyKeyReplaysTheFirstAnswer()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = Encoding.UTF8.GetBytes("respondentId,wifi.functional,wifi.dysfunctional\nr1,like,dislike\n");
        HttpRequestMessage Request() => new(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/import")
        {
            Content = Form(("file", "answers.csv", csv)), // a new boundary each time
            Headers = { { "Idempotency-Key", "upload-1" } },
        };

        var first = await client.SendAsync(Request());
        var retry = await client.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
    }
}

/// <summary>A multipart upload is held to the CSV import's body limit, like a text/csv one.</summary>
public sealed class MultipartImportLimitTests(MultipartImportLimitTests.SmallImportFactory factory) : IClassFixture<MultipartImportLimitTests.SmallImportFactory>
{
    public sealed class SmallImportFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:Limits:CsvImportBytes"] = "2000",
        };
    }

    [Fact]
    public async Task AMultipartFileOverTheImportLimitIsAPayloadTooLargeProblem()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var csv = new StringBuilder("respondentId,wifi.functional,wifi.dysfunctional\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append("r").Append(i).Append(",like,dislike\n");
        }

        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "answers.csv" } };
        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", form);

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge);
        var list = await client.GetAsync($"/v1/surveys/{surveyId}/responses");
        Assert.Equal(0, (await list.Json()).GetProperty("items").GetArrayLength());
    }
}
