using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>
/// Importance and satisfaction columns of a tool's export found as the Kano pair is: a grid whose question asks the
/// scale (Google Forms' "Question [Feature]", SurveyMonkey's matrix, Qualtrics' "Question - Feature"), a question per
/// feature that names it, in English or Vietnamese — and imported to the same analysis as KanoApi's own columns.
/// </summary>
public sealed class ScaleColumnsImportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    public static TheoryData<string, bool, string> Exports()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var tool in new[] { "Google Forms", "Microsoft Forms", "SurveyMonkey", "Qualtrics" })
        {
            foreach (var vietnamese in new[] { false, true })
            {
                data.Add(tool, vietnamese, "importance");
                data.Add(tool, vietnamese, "satisfaction");
            }
        }

        data.Add("Google Forms", false, "importance xlsx");
        return data;
    }

    /// <summary>
    /// The scale question as a team types it into the tool: asked over a grid of the features, or (Microsoft Forms, one
    /// question per column) once per feature, naming it.
    /// </summary>
    private static string Question(string scale, bool vietnamese, string? feature) => (scale, vietnamese, feature) switch
    {
        ("importance", false, null) => "How important is this feature to you?",
        ("importance", true, null) => "Tính năng này quan trọng với bạn đến mức nào?",
        ("satisfaction", false, null) => "How satisfied are you with it today?",
        ("satisfaction", true, null) => "Hiện nay bạn hài lòng với tính năng này đến mức nào?",
        ("importance", false, _) => $"How important is {feature} to you?",
        ("importance", true, _) => $"{feature} quan trọng với bạn đến mức nào?",
        ("satisfaction", false, _) => $"How satisfied are you with {feature} today?",
        _ => $"Hiện nay bạn hài lòng với {feature} đến mức nào?",
    };

    /// <summary>
    /// The tool's export with the scale's columns put right after its metadata, before the Kano questions (so that a
    /// scale grid read as the Kano pair would take its place): the header cells in the tool's shape, then the values.
    /// </summary>
    private static List<string[]> WithScale(List<string[]> table, string tool, string scale, bool vietnamese, int[][] values)
    {
        var (headerRows, at) = tool switch { "SurveyMonkey" => (2, 9), "Qualtrics" => (3, 10), "Microsoft Forms" => (1, 5), _ => (1, 2) };
        var features = SurveyToolExports.Features;
        string[] Header(int row) => tool switch
        {
            "SurveyMonkey" when row == 0 => features.Select((_, f) => f == 0 ? Question(scale, vietnamese, null) : "").ToArray(),
            "SurveyMonkey" => features.Select(feature => feature.Name).ToArray(),
            "Qualtrics" when row == 0 => features.Select((_, f) => $"Q9_{f + 1}").ToArray(),
            "Qualtrics" when row == 1 => features.Select(feature => $"{Question(scale, vietnamese, null)} - {feature.Name}").ToArray(),
            "Qualtrics" => features.Select((_, f) => $"{{\"ImportId\":\"QID9_{f + 1}\"}}").ToArray(),
            "Microsoft Forms" => features.Select(feature => Question(scale, vietnamese, feature.Name)).ToArray(),
            _ => features.Select(feature => $"{Question(scale, vietnamese, null)} [{feature.Name}]").ToArray(),
        };

        return table.Select((row, r) =>
                row[..at].Concat(r < headerRows ? Header(r) : values[r - headerRows].Select(value => value.ToString(CultureInfo.InvariantCulture))).Concat(row[at..]).ToArray())
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task AScaleAskedOfEachFeatureIsMappedToItAndImportsAsKanoApisOwnScaleColumns(string tool, bool vietnamese, string scaleAndFormat)
    {
        var scale = scaleAndFormat.Split(' ')[0];
        var format = scaleAndFormat.EndsWith("xlsx", StringComparison.Ordinal) ? "xlsx" : "csv";
        var max = scale == "importance" ? 9 : 5;
        var respondents = SurveyToolExports.Respondents();
        var random = new Random(11);
        var values = respondents.Select(_ => SurveyToolExports.Features.Select(_ => random.Next(1, max + 1)).ToArray()).ToArray();
        var file = SurveyToolImportTests.Write(WithScale(SurveyToolImportTests.Table(tool, respondents, vietnamese), tool, scale, vietnamese, values), format);
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        var previewed = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(file, format));

        Assert.True(previewed.StatusCode == HttpStatusCode.OK, await previewed.Content.ReadAsStringAsync());
        var preview = await previewed.Json();
        var mapped = preview.GetProperty("mapping").GetProperty("columns").EnumerateArray()
            .Where(column => column.GetProperty("to").GetString() != "ignore" && column.TryGetProperty("feature", out _))
            .Select(column => $"{column.GetProperty("feature").GetString()}.{column.GetProperty("to").GetString()}")
            .Order().ToArray();
        Assert.Equal(
            SurveyToolExports.Features.SelectMany(feature => new[] { feature.Key + ".dysfunctional", feature.Key + ".functional", $"{feature.Key}.{scale}" }).Order(),
            mapped);

        var mapping = JsonNode.Parse(preview.GetProperty("mapping").GetRawText())!.AsObject();
        if (tool == "Qualtrics")
        {
            mapping["values"] = System.Text.Json.JsonSerializer.SerializeToNode(SurveyToolExports.QualtricsValues);
        }

        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, format, mapping.ToJsonString()));

        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var referenceId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var reference = await Given.CsvImport(client, referenceId, KanoCsvWithScale(respondents, scale, values));
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);
        var analysis = await SurveyToolImportTests.AnalysisOf(client, surveyId);
        Assert.Equal(await SurveyToolImportTests.AnalysisOf(client, referenceId), analysis);
        Assert.Contains($"\"{scale}\":{{\"mean\":", analysis, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{scale}\":{{\"mean\":null", analysis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKanoQuestionThatSaysSatisfiedIsStillTheKanoPairNotTheScale()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = "How satisfied would you be if the product had this feature? [Dark mode],How satisfied would you be if the product did not have this feature? [Dark mode]\nI like it,I dislike it\n"u8.ToArray();

        var preview = await (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(file, "csv"))).Json();

        Assert.Equal(["functional", "dysfunctional"], preview.GetProperty("mapping").GetProperty("columns").EnumerateArray().Select(column => column.GetProperty("to").GetString()));
    }

    private static string KanoCsvWithScale(IReadOnlyList<ExportRespondent> respondents, string scale, int[][] values)
    {
        var lines = SurveyToolExports.KanoCsv(respondents).TrimEnd('\n').Split('\n');
        return string.Join(",", [lines[0], .. SurveyToolExports.Features.Select(feature => $"{feature.Key}.{scale}")]) + "\n"
            + string.Concat(lines.Skip(1).Select((line, i) => string.Join(",", [line, .. values[i].Select(value => value.ToString(CultureInfo.InvariantCulture))]) + "\n"));
    }
}
