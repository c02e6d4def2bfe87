using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Wordings;

public sealed class WordingsTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task PuttingWordingsReplacesThemAndGettingReturnsEveryList()
    {
        var surveyId = await Given.ASurvey(client);
        await client.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new Dictionary<string, string[]> { ["neutral"] = ["Whatever"] });

        var put = await client.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new Dictionary<string, string[]>
        {
            ["like"] = ["Love it", " love it "],
            ["must-be"] = ["Obviously"],
        });
        var got = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/wordings");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["Love it"], got.GetProperty("like").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(["Obviously"], got.GetProperty("must-be").EnumerateArray().Select(w => w.GetString()));
        Assert.Empty(got.GetProperty("neutral").EnumerateArray());
        Assert.Empty(got.GetProperty("live-with").EnumerateArray());
    }

    [Fact]
    public async Task AWordingThatMeansTwoAnswersIsRejected()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await client.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new Dictionary<string, string[]>
        {
            ["like"] = ["Great", ""],
            ["dislike"] = ["great", "like", new string('w', 201)],
        });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("like[1]", errors.Keys);
        Assert.Contains("dislike[0]", errors.Keys);
        Assert.Contains("dislike[1]", errors.Keys);
        Assert.Contains("dislike[2]", errors.Keys);
    }

    [Fact]
    public async Task WordingsOfAMissingSurveyAreNotFound()
    {
        await ProblemAssert.IsProblem(await client.GetAsync("/v1/surveys/424242/wordings"), HttpStatusCode.NotFound);
    }
}
