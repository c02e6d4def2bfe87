using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Reports;
using KanoApi.Tests.Reports;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// A feature nobody answered (or nobody in a wave) has no category (issue 18, item 9): it used to be reported as Q,
/// questionable, with near-uniform probabilities. Everywhere it is shown: null with the <c>no-answers</c> warning.
/// </summary>
public sealed class NoAnswersTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    /// <summary>"wifi" answered by 30 respondents in wave 2025, "strap" by 10 in wave 2026; "grip" by nobody.</summary>
    private async Task<(HttpClient Client, long SurveyId)> SurveyAsync()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "Unanswered");
        await Given.AFeature(client, surveyId, "wifi", "Free WiFi");
        await Given.AFeature(client, surveyId, "grip", "Edge grip");
        await Given.AFeature(client, surveyId, "strap", "Wrist strap");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("wifi", a: 20, o: 5, m: 0, i: 5, r: 0, q: 0, idPrefix: "early")
            .Select(respondent => respondent with { Wave = "2025" }));
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("strap", a: 0, o: 0, m: 0, i: 10, r: 0, q: 0, idPrefix: "late")
            .Select(respondent => respondent with { Wave = "2026" }));
        return (client, surveyId);
    }

    private static JsonElement Feature(JsonElement analysis, string key) =>
        analysis.GetProperty("features").EnumerateArray().Single(feature => feature.GetProperty("key").GetString() == key);

    private static async Task<string[]> CsvLinesAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        return (await (await client.SendAsync(request)).Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
    }

    [Fact]
    public async Task AnUnansweredFeatureHasNoCategoryAndNoProbabilitiesInTheAnalysis()
    {
        var (client, surveyId) = await SurveyAsync();

        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?lang=vi");

        var grip = Feature(analysis, "grip");
        Assert.Equal(0, grip.GetProperty("n").GetInt64());
        foreach (var field in new[] { "code", "category", "label", "categoryProbabilities", "secondaryCode", "dual" })
        {
            Assert.Equal(JsonValueKind.Null, grip.GetProperty(field).ValueKind);
        }

        var warning = Assert.Single(grip.GetProperty("warningDetails").EnumerateArray());
        Assert.Equal(KanoWarnings.NoAnswersCode, warning.GetProperty("code").GetString());
        Assert.Equal(KanoWarnings.NoAnswers().Message(Language.Vietnamese), warning.GetProperty("message").GetString());
        Assert.Equal("A", Feature(analysis, "wifi").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUnansweredFeatureHasEmptyCategoryAndProbabilityCellsInTheCsv()
    {
        var (client, surveyId) = await SurveyAsync();

        var lines = await CsvLinesAsync(client, $"/v1/surveys/{surveyId}/analysis");

        var header = lines[0].Split(',');
        var grip = lines.Skip(1).Select(line => line.Split(',')).Single(cells => cells[1] == "grip");
        foreach (var column in new[] { "code", "category", "label", "probabilityA", "probabilityQ" })
        {
            Assert.Equal("", grip[Array.IndexOf(header, column)]);
        }

        Assert.Contains("nobody has answered", grip[Array.IndexOf(header, "warnings")], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnansweredFeatureIsReviewedWithoutACategoryInTheBacklogAndItsCsv()
    {
        var (client, surveyId) = await SurveyAsync();

        var backlog = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/backlog");
        var lines = await CsvLinesAsync(client, $"/v1/surveys/{surveyId}/backlog");

        var review = backlog.GetProperty("review").EnumerateArray().Single(item => item.GetProperty("key").GetString() == "grip");
        Assert.Equal("collect-answers", review.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, review.GetProperty("category").ValueKind);
        Assert.Equal(JsonValueKind.Null, review.GetProperty("code").ValueKind);
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(line => line.Split(',')).Single(cells => cells[Array.IndexOf(header, "key")] == "grip");
        Assert.Equal(("", ""), (row[Array.IndexOf(header, "category")], row[Array.IndexOf(header, "code")]));
    }

    [Fact]
    public async Task AFeatureInAWaveWithoutItsAnswersHasNoCodeThereInTheWaveComparisonAndItsCsv()
    {
        var (client, surveyId) = await SurveyAsync();

        var comparison = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis/waves");
        var lines = await CsvLinesAsync(client, $"/v1/surveys/{surveyId}/analysis/waves");

        var wifi = Feature(comparison, "wifi").GetProperty("waves").EnumerateArray().ToArray();
        Assert.Equal(["2025", "2026"], wifi.Select(wave => wave.GetProperty("wave").GetString()));
        Assert.Equal("A", wifi[0].GetProperty("code").GetString());
        Assert.Empty(wifi[0].GetProperty("warnings").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, wifi[1].GetProperty("code").ValueKind);
        Assert.Equal(KanoWarnings.NoAnswersCode, Assert.Single(wifi[1].GetProperty("warnings").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, Feature(comparison, "wifi").GetProperty("changes")[0].GetProperty("movement").ValueKind);
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(line => line.Split(',')).Single(cells => cells[1] == "wifi");
        Assert.Equal(("A", ""), (row[Array.IndexOf(header, "fromCode")], row[Array.IndexOf(header, "toCode")]));
        Assert.Equal("", row[Array.IndexOf(header, "toLabel")]);
    }

    [Fact]
    public async Task AnUnansweredFeatureIsNotDrawnOnTheChartButCountedAsWithoutData()
    {
        var (client, surveyId) = await SurveyAsync();

        var svg = await client.GetStringAsync($"/v1/surveys/{surveyId}/analysis/chart.svg");

        Assert.Contains("data-key=\"wifi\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("data-key=\"grip\"", svg, StringComparison.Ordinal);
        Assert.Contains("1 feature(s) without data", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReportSaysAnUnansweredFeatureHasNoAnswersInsteadOfACategory()
    {
        var (client, surveyId) = await SurveyAsync();

        var page = new ReportHtml(await client.GetStringAsync($"/v1/surveys/{surveyId}/report?lang=vi"));

        var grip = page.Rows("classification").Single(row => row.Key == "grip");
        Assert.Equal(Texts.Of<ReportTexts>(Language.Vietnamese)["NoAnswersYet"], grip.Cells["category"]);
        Assert.Equal(Texts.Of<ReportTexts>(Language.Vietnamese)["NotAvailable"], grip.Cells["certainty"]);
        var review = page.Rows("backlog", "review").Single(row => row.Key == "grip");
        Assert.Equal(Texts.Of<ReportTexts>(Language.Vietnamese)["NoAnswersYet"], review.Cells["category"]);
    }
}
