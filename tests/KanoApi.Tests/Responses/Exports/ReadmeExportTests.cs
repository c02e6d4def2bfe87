using System.Net;
using System.Text.Json.Nodes;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>The README's two calls with its Google Forms export answer what the README shows.</summary>
public sealed class ReadmeExportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private static string Walkthrough(string file)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "README.md")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder!.FullName, "docs", "walkthrough", file);
    }

    [Fact]
    public async Task TheReadmesGoogleFormsExportIsPreviewedAndImportedAsTheReadmeShows()
    {
        var surveyId = await Given.ASurvey(client, "Checkout study");
        await Given.AFeature(client, surveyId, "fast-checkout", "Fast checkout");
        await Given.AFeature(client, surveyId, "dark-mode", "Dark mode");
        await Given.AFeature(client, surveyId, "order-tracking", "Order tracking");
        var file = await File.ReadAllBytesAsync(Walkthrough("google-forms.csv"));

        var previewed = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(file, "csv"));
        var preview = await previewed.Json();
        var mapping = JsonNode.Parse(preview.GetProperty("mapping").GetRawText())!.ToJsonString();
        var imported = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "csv", mapping));

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        Assert.Equal("one header row", preview.GetProperty("headerShape").GetString());
        Assert.Equal(8, preview.GetProperty("rows").GetInt32());
        Assert.Equal(["Email Address", "Anything else you would like to tell us?"], preview.GetProperty("ignored").EnumerateArray().Select(column => column.GetString()));
        Assert.Equal(["fast-checkout", "dark-mode", "order-tracking"], preview.GetProperty("features").EnumerateArray().Select(key => key.GetString()));
        Assert.Equal(0, preview.GetProperty("totalErrors").GetInt32());
        var first = preview.GetProperty("mapping").GetProperty("columns")[0];
        Assert.Equal(("answeredAt", "month-first", 0.9), (first.GetProperty("to").GetString(), first.GetProperty("dateOrder").GetString(), first.GetProperty("confidence").GetDouble()));
        var third = preview.GetProperty("mapping").GetProperty("columns")[2];
        Assert.Equal(("functional", "fast-checkout", 0.8), (third.GetProperty("to").GetString(), third.GetProperty("feature").GetString(), third.GetProperty("confidence").GetDouble()));
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var answer = await imported.Json();
        Assert.Equal(8, answer.GetProperty("stored").GetInt32());
        Assert.Equal(
            "Read as a survey tool's export: UTF-8 CSV, one header row; 3 features answered; 2 columns ignored and not stored (\"Email Address\", \"Anything else you would like to tell us?\").",
            answer.GetProperty("notes")[0].GetString());
    }
}
