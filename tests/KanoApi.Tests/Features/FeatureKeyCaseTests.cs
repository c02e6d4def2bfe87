using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Features;

/// <summary>A feature key is one key whatever its letter case: in routes, JSON answers, CSV headers and uniqueness.</summary>
public sealed class FeatureKeyCaseTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task AFeatureRouteFindsTheKeyInAnyLetterCase()
    {
        var surveyId = await Given.ASurvey(client);
        var id = await Given.AFeature(client, surveyId, "dark-mode");

        var fetched = await client.GetAsync($"/v1/surveys/{surveyId}/features/Dark-Mode");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(id, (await fetched.Json()).GetProperty("id").GetInt64());

        var patched = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/DARK-MODE", new { name = "Night theme" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/features/dark-MODE")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/surveys/{surveyId}/features/{id}")).StatusCode);
    }

    [Fact]
    public async Task AJsonAnswerNamesItsFeatureInAnyLetterCase()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "fast-checkout");

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", new
        {
            answers = new[] { new { feature = "Fast-Checkout", functional = "like", dysfunctional = "dislike" } },
        });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var answers = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses");
        Assert.Contains("\"fast-checkout\"", answers.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyGivenInCapitalsIsStoredInLowerCase()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "Fast-Checkout", name = "One-click checkout" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("fast-checkout", (await response.Json()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task TwoKeysThatDifferOnlyByLetterCaseAreAConflict()
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "wifi");
        await Given.AFeature(client, surveyId, "parking");

        await ProblemAssert.IsProblem(
            await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "WiFi", name = "Again" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblem(
            await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/parking", new { key = "WIFI" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ANonAsciiLetterThatUpperCasesToAnAsciiOneIsNotTheSameKey()
    {
        // U+0131 (dotless i) upper-cases to 'I' and U+212A (Kelvin sign) lower-cases to 'k': neither is a letter of a key.
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "kiosk");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/surveys/{surveyId}/features/w\u0131f\u0131")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/surveys/{surveyId}/features/\u212Aiosk")).StatusCode);
        var errors = await ProblemAssert.IsValidationProblem(
            await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "\u212Aiosk", name = "x" }));
        Assert.Contains("key", errors.Keys);
    }
}
