using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis.ServiceQuality;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>A feature's SERVQUAL dimension (issue 21) through create, get, list and update, and its errors.</summary>
public sealed class FeatureDimensionTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task AFeatureCreatedWithADimensionInAnyCaseKeepsItsWireNameInCreateGetAndList()
    {
        var surveyId = await Given.ASurvey(client);

        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "on-time", name = "On-time delivery", dimension = " Reliability " });

        Assert.True(HttpStatusCode.Created == created.StatusCode, await created.Content.ReadAsStringAsync());
        Assert.Equal("reliability", (await created.Json()).GetProperty("dimension").GetString());
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features/on-time");
        Assert.Equal("reliability", fetched.GetProperty("dimension").GetString());
        var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features");
        Assert.Equal("reliability", listed.GetProperty("items")[0].GetProperty("dimension").GetString());
        Assert.Equal(1, await factory.Count("SELECT count(*) FROM features WHERE survey_id = @surveyId AND dimension = 'reliability'", new { surveyId }));
    }

    [Fact]
    public async Task AFeatureWithoutADimensionShowsNull()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "wifi");

        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features/wifi");

        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("dimension").ValueKind);
    }

    [Theory]
    [InlineData("speed")]
    [InlineData("reliable")]
    [InlineData("tangible")]
    public async Task AnUnknownDimensionIsABadRequestThatListsTheFiveAndStoresNothing(string dimension)
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "fast", name = "Fast", dimension });

        var errors = await ProblemAssert.IsValidationProblem(response);
        var message = Assert.Single(errors["dimension"]);
        foreach (var name in ServiceDimensions.WireNames)
        {
            Assert.Contains(name, message);
        }

        Assert.Equal(0, await factory.Count("SELECT count(*) FROM features WHERE survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task ADimensionThatIsNotAStringIsABadRequestNamingTheField()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.SendAsync(Given.JsonRequest(
            HttpMethod.Post, $"/v1/surveys/{surveyId}/features", """{ "key": "fast", "name": "Fast", "dimension": 2 }"""));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dimension", out _), problem.ToString());
    }

    [Fact]
    public async Task AnUpdateChangesTheDimensionKeepsItWhenAbsentAndClearsItWithAnEmptyString()
    {
        var surveyId = await Given.ASurvey(client);
        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "help-desk", name = "Help desk", dimension = "empathy" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var uri = $"/v1/surveys/{surveyId}/features/help-desk";

        var changed = await client.PatchAsJsonAsync(uri, new { dimension = "RESPONSIVENESS" });
        Assert.True(HttpStatusCode.OK == changed.StatusCode, await changed.Content.ReadAsStringAsync());
        Assert.Equal("responsiveness", (await changed.Json()).GetProperty("dimension").GetString());

        var renamed = await client.PatchAsJsonAsync(uri, new { name = "Help desk hours" });
        Assert.Equal("responsiveness", (await renamed.Json()).GetProperty("dimension").GetString());

        var refused = await client.PatchAsJsonAsync(uri, new { dimension = "speed" });
        Assert.Contains("dimension", (await ProblemAssert.IsValidationProblem(refused)).Keys);
        Assert.Equal("responsiveness", (await client.GetFromJsonAsync<JsonElement>(uri)).GetProperty("dimension").GetString());

        var cleared = await client.PatchAsJsonAsync(uri, new { dimension = "" });
        Assert.Equal(JsonValueKind.Null, (await cleared.Json()).GetProperty("dimension").ValueKind);
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM features WHERE survey_id = @surveyId AND dimension IS NOT NULL", new { surveyId }));
    }

    [Fact]
    public async Task TheOpenApiDocumentGivesTheFiveDimensionsAsTheEnumOfEveryFeatureContract()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        foreach (var contract in new[] { "Feature", "FeatureCreate", "FeatureUpdate" })
        {
            var dimension = schemas.GetProperty(contract).GetProperty("properties").GetProperty("dimension");
            var names = dimension.GetProperty("enum").EnumerateArray()
                .Where(value => value.ValueKind == JsonValueKind.String && value.GetString() != "")
                .Select(value => value.GetString()!).ToArray();
            Assert.Equal(ServiceDimensions.WireNames, names);
            Assert.Contains("SERVQUAL", dimension.GetProperty("description").GetString());
        }
    }
}
