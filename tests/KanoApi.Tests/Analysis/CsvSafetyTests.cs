using System.Net.Http.Headers;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// OWASP CSV injection: a spreadsheet may split a cell on ';' or a tab (the list separator of many locales), so a
/// formula must be defused at the start of every piece a separator can begin, not only at the start of the cell.
/// </summary>
public sealed class CsvSafetyTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<string> CsvAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task CellsHoldingSemicolonsOrTabsAreQuotedAndEveryFormulaAfterASeparatorIsDefused()
    {
        var surveyId = await Given.ASurvey(client, "CSV separators");
        await Given.AFeature(client, surveyId, "semi", "safe;=HYPERLINK(\"http://evil\")");
        await Given.AFeature(client, surveyId, "tab", "safe\t@SUM(A1)");
        await Given.AFeature(client, surveyId, "comma", "safe,+1+1");
        await Given.AFeature(client, surveyId, "plain", "Plain; nothing to defuse");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("semi", a: 0, o: 0, m: 5, i: 0, r: 0, q: 0));

        foreach (var path in new[] { "analysis", "backlog" })
        {
            var csv = await CsvAsync($"/v1/surveys/{surveyId}/{path}");
            Assert.Contains("\"safe;'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
            Assert.Contains("\"safe\t'@SUM(A1)\"", csv, StringComparison.Ordinal);
            Assert.Contains("\"safe,'+1+1\"", csv, StringComparison.Ordinal);
            Assert.Contains("\"Plain; nothing to defuse\"", csv, StringComparison.Ordinal);
            foreach (var separator in new[] { ';', '\t', ',' })
            {
                foreach (var formula in new[] { '=', '+', '@' })
                {
                    Assert.DoesNotContain($"{separator}{formula}", csv, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task BooleansAreWrittenInLowerCase()
    {
        var surveyId = await Given.ASurvey(client, "CSV booleans");
        await Given.AFeature(client, surveyId, "f");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("f", a: 0, o: 2, m: 20, i: 0, r: 0, q: 0));

        var lines = (await CsvAsync($"/v1/surveys/{surveyId}/analysis")).TrimEnd().Split("\r\n");
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        Assert.Equal("true", row[Array.IndexOf(header, "fongApplicable")]);
        Assert.Equal("true", row[Array.IndexOf(header, "fongSignificant")]);
        Assert.DoesNotContain("True", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("False", lines[1], StringComparison.Ordinal);
    }
}
