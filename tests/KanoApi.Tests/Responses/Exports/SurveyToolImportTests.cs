using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>
/// A team's export from Google Forms, Microsoft Forms, Typeform, SurveyMonkey, Qualtrics, LimeSurvey or a research
/// file, in English or Vietnamese, as CSV or XLSX: previewed, then imported with the reviewed mapping, gives exactly the
/// analysis of the same answers imported in KanoApi's own CSV.
/// </summary>
public sealed class SurveyToolImportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    public static TheoryData<string, bool, string> Exports()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var tool in new[] { "Google Forms", "Microsoft Forms", "Typeform", "SurveyMonkey", "Qualtrics", "LimeSurvey", "Research" })
        {
            foreach (var vietnamese in new[] { false, true })
            {
                data.Add(tool, vietnamese, "csv");
                data.Add(tool, vietnamese, "xlsx");
            }
        }

        data.Add("Google Forms", false, "csv semicolon with BOM");
        data.Add("Qualtrics", true, "unicode text");
        data.Add("LimeSurvey", false, "csv tab");
        return data;
    }

    internal static List<string[]> Table(string tool, IReadOnlyList<ExportRespondent> respondents, bool vietnamese) => tool switch
    {
        "Google Forms" => SurveyToolExports.GoogleForms(respondents, vietnamese),
        "Microsoft Forms" => SurveyToolExports.MicrosoftForms(respondents, vietnamese),
        "Typeform" => SurveyToolExports.Typeform(respondents, vietnamese),
        "SurveyMonkey" => SurveyToolExports.SurveyMonkey(respondents, vietnamese),
        "Qualtrics" => SurveyToolExports.Qualtrics(respondents, vietnamese),
        "LimeSurvey" => SurveyToolExports.LimeSurvey(respondents, vietnamese),
        _ => SurveyToolExports.Research(respondents, vietnamese),
    };

    internal static byte[] Write(List<string[]> table, string format) => format switch
    {
        "xlsx" => ExportWriters.Xlsx(table, "Responses"),
        "csv semicolon with BOM" => ExportWriters.Csv(table, ';', byteOrderMark: true, encoding: new UTF8Encoding(true)),
        "unicode text" => ExportWriters.UnicodeText(table),
        "csv tab" => ExportWriters.Csv(table, '\t'),
        _ => ExportWriters.Csv(table),
    };

    internal static MultipartFormDataContent Form(byte[] file, string format, string? mapping = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(part, "file", format == "xlsx" ? "export.xlsx" : "export.csv");
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping, Encoding.UTF8), "mapping");
        }

        return form;
    }

    internal static async Task<long> ASurveyWithTheFeatures(HttpClient client)
    {
        var surveyId = await Given.ASurvey(client, "Export");
        foreach (var (key, name) in SurveyToolExports.Features)
        {
            await Given.AFeature(client, surveyId, key, name);
        }

        return surveyId;
    }

    /// <summary>The analysis's features without their ids (which differ between two surveys).</summary>
    internal static async Task<string> AnalysisOf(HttpClient client, long surveyId)
    {
        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var features = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["features"]!.AsArray();
        foreach (var feature in features)
        {
            feature!.AsObject().Remove("featureId");
        }

        return features.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task AToolsExportPreviewedThenImportedGivesTheAnalysisOfTheSameAnswersInKanoApisOwnFormat(string tool, bool vietnamese, string format)
    {
        var respondents = SurveyToolExports.Respondents();
        var file = Write(Table(tool, respondents, vietnamese), format);
        var surveyId = await ASurveyWithTheFeatures(client);

        var previewed = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(file, format));

        Assert.True(previewed.StatusCode == HttpStatusCode.OK, await previewed.Content.ReadAsStringAsync());
        var preview = await previewed.Json();
        Assert.Equal(format == "xlsx" ? "xlsx" : "csv", preview.GetProperty("fileType").GetString());
        Assert.Equal(tool switch { "SurveyMonkey" => 2, "Qualtrics" => 3, _ => 1 }, preview.GetProperty("headerRows").GetInt32());
        Assert.Equal("detected", preview.GetProperty("headerRowsFound").GetString());
        Assert.Equal(respondents.Count, preview.GetProperty("rows").GetInt32());
        Assert.Equal(["dark-mode", "offline", "pdf-export"], preview.GetProperty("features").EnumerateArray().Select(key => key.GetString()).Order());
        var mapped = preview.GetProperty("mapping").GetProperty("columns").EnumerateArray()
            .Where(column => column.GetProperty("to").GetString() is "functional" or "dysfunctional")
            .Select(column => $"{column.GetProperty("feature").GetString()}.{column.GetProperty("to").GetString()}")
            .Order().ToArray();
        Assert.Equal(SurveyToolExports.Features.SelectMany(feature => new[] { feature.Key + ".dysfunctional", feature.Key + ".functional" }).Order(), mapped);
        Assert.NotEmpty(preview.GetProperty("ignored").EnumerateArray());
        Assert.Equal(0, await Respondents(surveyId));

        // The review: numeric values mean what the survey's builder made them mean, so a person says it.
        var mapping = JsonNode.Parse(preview.GetProperty("mapping").GetRawText())!.AsObject();
        var values = tool switch { "Qualtrics" => SurveyToolExports.QualtricsValues, "Research" => SurveyToolExports.ResearchValues, _ => null };
        if (values is not null)
        {
            mapping["values"] = JsonSerializer.SerializeToNode(values);
        }
        else
        {
            Assert.Equal(0, preview.GetProperty("totalErrors").GetInt32());
        }

        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(file, format, mapping.ToJsonString()));

        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        Assert.Equal(respondents.Count, (await imported.Json()).GetProperty("stored").GetInt32());
        var referenceId = await ASurveyWithTheFeatures(client);
        var reference = await Given.CsvImport(client, referenceId, SurveyToolExports.KanoCsv(respondents));
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);
        Assert.Equal(await AnalysisOf(client, referenceId), await AnalysisOf(client, surveyId));
        Assert.Equal(
            respondents.Select((_, i) => SurveyToolExports.ExpectedAnsweredAt(tool, i)),
            await AnsweredTimes(client, surveyId));
    }

    /// <summary>Each stored respondent's answeredAt, in the order stored (the file's).</summary>
    internal static async Task<DateTimeOffset?[]> AnsweredTimes(HttpClient client, long surveyId)
    {
        var listed = await (await client.GetAsync($"/v1/surveys/{surveyId}/responses?limit=100")).Json();
        return listed.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("answeredAt") is { ValueKind: JsonValueKind.String } time ? time.GetDateTimeOffset() : (DateTimeOffset?)null)
            .ToArray();
    }

    [Fact]
    public async Task AGoogleFormsExportImportsInOneCallWithTheMappingThePreviewWouldFindAndStoresNoUnmappedColumn()
    {
        var respondents = SurveyToolExports.Respondents();
        var file = ExportWriters.Csv(SurveyToolExports.GoogleForms(respondents, vietnamese: false));
        var surveyId = await ASurveyWithTheFeatures(client);

        var imported = await Given.CsvImport(client, surveyId, file);

        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var answer = await imported.Json();
        Assert.Equal(respondents.Count, answer.GetProperty("stored").GetInt32());
        Assert.Contains("Email Address", answer.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        await using var connection = factory.NewConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM respondent_segments s JOIN respondents r ON r.id = s.respondent_id WHERE r.survey_id = {surveyId}";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync()));
        command.CommandText = $"SELECT COUNT(*) FROM respondents WHERE survey_id = {surveyId} AND respondent_key LIKE '%example.com%'";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task AColumnMappedToASegmentIsStoredAsTheSegment()
    {
        var respondents = SurveyToolExports.Respondents(4);
        var table = SurveyToolExports.LimeSurvey(respondents, vietnamese: false);
        var surveyId = await ASurveyWithTheFeatures(client);
        var preview = await (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(ExportWriters.Csv(table), "csv"))).Json();
        var mapping = JsonNode.Parse(preview.GetProperty("mapping").GetRawText())!.AsObject();
        var language = mapping["columns"]!.AsArray().Single(column => column!["column"]!.GetValue<string>() == "Start language")!;
        language["to"] = "segment";
        language["segment"] = "language";

        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(ExportWriters.Csv(table), "csv", mapping.ToJsonString()));

        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var segments = await (await client.GetAsync($"/v1/surveys/{surveyId}/responses")).Json();
        Assert.All(segments.GetProperty("items").EnumerateArray(), item => Assert.Equal("en", item.GetProperty("segments").GetProperty("language").GetString()));
    }

    [Fact]
    public async Task AMappingThatNamesAnUnknownFeatureOrMapsOneSideTwiceIsABadRequestNamingThem()
    {
        var table = SurveyToolExports.MicrosoftForms(SurveyToolExports.Respondents(3), vietnamese: false);
        var surveyId = await ASurveyWithTheFeatures(client);
        var mapping = """
            { "columns": [
              { "index": 6, "to": "functional", "feature": "dark-mode" },
              { "index": 7, "to": "functional", "feature": "dark-mode" },
              { "index": 8, "to": "dysfunctional", "feature": "teleport" },
              { "column": "No such column", "to": "wave" },
              { "index": 9, "to": "sideways" } ] }
            """;

        var preview = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(ExportWriters.Csv(table), "csv", mapping)));
        var import = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(ExportWriters.Csv(table), "csv", mapping)));

        foreach (var errors in new[] { preview, import })
        {
            Assert.Contains("twice", errors["mapping.columns[1]"][0], StringComparison.Ordinal);
            Assert.Contains("'teleport'", errors["mapping.columns[2].feature"][0], StringComparison.Ordinal);
            Assert.Contains("No such column", errors["mapping.columns[3].column"][0], StringComparison.Ordinal);
            Assert.Contains("sideways", errors["mapping.columns[4].to"][0], StringComparison.Ordinal);
        }

        Assert.Equal(0, await Respondents(surveyId));
    }

    [Fact]
    public async Task AnUnreadableCellIsABadRequestNamingTheRowAndColumnAsTheToolShowsThemAndTheCellOfAWorkbook()
    {
        var respondents = SurveyToolExports.Respondents(5);
        var table = SurveyToolExports.GoogleForms(respondents, vietnamese: false);
        table[4][3] = "Meh";
        var surveyId = await ASurveyWithTheFeatures(client);

        var csv = await ProblemAssert.IsValidationProblem(await Given.CsvImport(client, surveyId, ExportWriters.Csv(table)));
        var xlsx = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", Form(ExportWriters.Xlsx(table), "xlsx")));

        Assert.Contains("row 5, column \"How would you feel if the product had this feature? [Offline access]\"", csv.Keys);
        Assert.Contains("row 5, column \"How would you feel if the product had this feature? [Offline access]\" (D5)", xlsx.Keys);
        Assert.Equal(0, await Respondents(surveyId));
    }

    [Fact]
    public async Task ThePreviewListsEveryUnrecognisedWordingWithItsCountAndStoresNothing()
    {
        var respondents = SurveyToolExports.Respondents(6);
        var table = SurveyToolExports.GoogleForms(respondents, vietnamese: false);
        table[2][2] = "Love it";
        table[3][2] = "love it";
        table[4][5] = "Whatever";
        var surveyId = await ASurveyWithTheFeatures(client);

        var preview = await (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(ExportWriters.Csv(table), "csv"))).Json();

        Assert.Equal(3, preview.GetProperty("totalErrors").GetInt32());
        var unrecognised = preview.GetProperty("unrecognisedAnswers").EnumerateArray().ToArray();
        Assert.Equal(("Love it", 2), (unrecognised[0].GetProperty("value").GetString(), unrecognised[0].GetProperty("count").GetInt32()));
        Assert.Equal(("Whatever", 1), (unrecognised[1].GetProperty("value").GetString(), unrecognised[1].GetProperty("count").GetInt32()));
        Assert.Equal(0, await Respondents(surveyId));
    }

    [Fact]
    public async Task AFileWhoseColumnsMapToNoFeatureSaysWhichQuestionTextsItLookedFor()
    {
        var surveyId = await ASurveyWithTheFeatures(client);
        var file = ExportWriters.Csv([["Timestamp", "What is your favourite colour?"], ["2026/11/03", "Blue"]]);

        var errors = await ProblemAssert.IsValidationProblem(await Given.CsvImport(client, surveyId, file));

        Assert.Contains("how would you feel if dark mode were available", errors["mapping.columns"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHeaderRowsAndTheSheetCanBeGivenInsteadOfDetected()
    {
        var respondents = SurveyToolExports.Respondents(4);
        var table = SurveyToolExports.GoogleForms(respondents, vietnamese: false);
        var file = ExportWriters.Xlsx(table, "Form Responses 1", otherSheetFirst: true);
        var surveyId = await ASurveyWithTheFeatures(client);

        var first = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(file, "xlsx")));
        var missing = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview?sheet=Nope", Form(file, "xlsx")));
        var given = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview?sheet=Form%20Responses%201&headerRows=1", Form(file, "xlsx"));

        Assert.Contains("row 1", first.Keys);
        Assert.Contains("'Form Responses 1'", missing["sheet"][0], StringComparison.Ordinal);
        Assert.True(given.StatusCode == HttpStatusCode.OK, await given.Content.ReadAsStringAsync());
        var preview = await given.Json();
        Assert.Equal("given", preview.GetProperty("headerRowsFound").GetString());
        Assert.Equal("Form Responses 1", preview.GetProperty("sheet").GetString());
        Assert.Equal(respondents.Count, preview.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task AReviewedMappingSavedOnTheSurveyImportsTheNextWavesFileFromTheSameTool()
    {
        var firstWave = SurveyToolExports.Respondents(5, seed: 1);
        var nextWave = SurveyToolExports.Respondents(6, seed: 2).Select(respondent => respondent with { Id = "9" + respondent.Id }).ToArray();
        var surveyId = await ASurveyWithTheFeatures(client);
        var firstFile = ExportWriters.Xlsx(SurveyToolExports.Qualtrics(firstWave, vietnamese: false));
        var preview = await (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", Form(firstFile, "xlsx"))).Json();
        var mapping = JsonNode.Parse(preview.GetProperty("mapping").GetRawText())!.AsObject();
        mapping["values"] = JsonSerializer.SerializeToNode(SurveyToolExports.QualtricsValues);

        var saved = await client.PutAsync($"/v1/surveys/{surveyId}/import-mappings/qualtrics", new StringContent(mapping.ToJsonString(), Encoding.UTF8, "application/json"));
        var replaced = await client.PutAsync($"/v1/surveys/{surveyId}/import-mappings/qualtrics", new StringContent(mapping.ToJsonString(), Encoding.UTF8, "application/json"));
        var first = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import?mapping=qualtrics", Form(firstFile, "xlsx"));
        var next = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import?mapping=qualtrics", Form(ExportWriters.Csv(SurveyToolExports.Qualtrics(nextWave, vietnamese: false)), "csv"));
        var unknown = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import?mapping=nope", Form(firstFile, "xlsx"));

        Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        Assert.True(next.StatusCode == HttpStatusCode.Created, await next.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound);
        var list = await (await client.GetAsync($"/v1/surveys/{surveyId}/import-mappings")).Json();
        Assert.Equal("qualtrics", list[0].GetProperty("name").GetString());
        Assert.False(list[0].GetProperty("mapping").GetProperty("columns")[0].TryGetProperty("how", out _));
        var referenceId = await ASurveyWithTheFeatures(client);
        await Given.CsvImport(client, referenceId, SurveyToolExports.KanoCsv([.. firstWave, .. nextWave]));
        Assert.Equal(await AnalysisOf(client, referenceId), await AnalysisOf(client, surveyId));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/import-mappings/qualtrics")).StatusCode);
        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/surveys/{surveyId}/import-mappings/qualtrics"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AMappingToSaveThatNamesAnUnknownFeatureOrASideTwiceIsABadRequest()
    {
        var surveyId = await ASurveyWithTheFeatures(client);
        const string mapping = """
            { "columns": [
              { "index": 1, "to": "functional", "feature": "dark-mode" },
              { "index": 2, "to": "functional", "feature": "dark-mode" },
              { "index": 3, "to": "dysfunctional", "feature": "teleport" } ],
              "values": { "1": "love" } }
            """;

        var errors = await ProblemAssert.IsValidationProblem(await client.PutAsync($"/v1/surveys/{surveyId}/import-mappings/bad", new StringContent(mapping, Encoding.UTF8, "application/json")));

        Assert.Contains("twice", errors["mapping.columns[1]"][0], StringComparison.Ordinal);
        Assert.Contains("'teleport'", errors["mapping.columns[2].feature"][0], StringComparison.Ordinal);
        Assert.Contains("mapping.values.1", errors.Keys);
        Assert.Equal(0, (await (await client.GetAsync($"/v1/surveys/{surveyId}/import-mappings")).Json()).GetArrayLength());
    }

    private async Task<int> Respondents(long surveyId) =>
        (await (await client.GetAsync($"/v1/surveys/{surveyId}/responses?limit=200")).Json()).GetProperty("items").GetArrayLength();
}
