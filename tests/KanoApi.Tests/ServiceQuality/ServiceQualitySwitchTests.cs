using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>A survey's askServiceQuality switch (issue 21): off by default, set like askImportance, shown with the survey.</summary>
public sealed class ServiceQualitySwitchTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task ASurveyAsksNoServiceQualityUntilTheSwitchIsOnAndOtherChangesKeepIt()
    {
        var surveyId = await Given.ASurvey(client);
        var uri = $"/v1/surveys/{surveyId}";
        Assert.False((await client.GetFromJsonAsync<JsonElement>(uri)).GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());

        var on = await client.PatchAsJsonAsync(uri, new { questionnaire = new { askServiceQuality = true } });

        Assert.True(HttpStatusCode.OK == on.StatusCode, await on.Content.ReadAsStringAsync());
        var questionnaire = (await on.Json()).GetProperty("questionnaire");
        Assert.True(questionnaire.GetProperty("askServiceQuality").GetBoolean());
        Assert.False(questionnaire.GetProperty("askImportance").GetBoolean());
        var renamed = await client.PatchAsJsonAsync(uri, new { name = "Branch service 2026", questionnaire = new { askImportance = true } });
        Assert.True((await renamed.Json()).GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());
        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/surveys?limit=100");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), survey =>
            survey.GetProperty("id").GetInt64() == surveyId && survey.GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());

        var off = await client.PatchAsJsonAsync(uri, new { questionnaire = new { askServiceQuality = false } });
        Assert.False((await off.Json()).GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());
    }

    [Fact]
    public async Task ASwitchThatIsNotABooleanIsABadRequestNamingTheField()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.SendAsync(Given.JsonRequest(
            HttpMethod.Patch, $"/v1/surveys/{surveyId}", """{ "questionnaire": { "askServiceQuality": "yes" } }"""));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("questionnaire.askServiceQuality", out _), problem.ToString());
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}")).GetProperty("questionnaire").GetProperty("askServiceQuality").GetBoolean());
    }
}
