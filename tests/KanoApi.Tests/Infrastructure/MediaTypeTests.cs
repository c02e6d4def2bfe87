using System.Net;
using System.Text;

namespace KanoApi.Tests.Infrastructure;

/// <summary>A 415 names what the endpoint accepts, in the detail and in Accept-Post (or Accept-Patch for PATCH).</summary>
public sealed class MediaTypeTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string mediaType) =>
        await client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent("x", Encoding.UTF8, mediaType) });

    [Fact]
    public async Task AJsonEndpointGivenPlainTextAnswers415NamingApplicationJsonAndSendsAcceptPost()
    {
        var response = await Send(HttpMethod.Post, "/v1/surveys", "text/plain");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("application/json", string.Join(", ", response.Headers.GetValues("Accept-Post")));
    }

    [Fact]
    public async Task TheCsvImportGivenJsonAnswers415NamingTextCsvAndMultipartAndSendsAcceptPost()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await Send(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/import", "application/json");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("text/csv", detail, StringComparison.Ordinal);
        Assert.Contains("multipart/form-data", detail, StringComparison.Ordinal);
        var accepted = string.Join(", ", response.Headers.GetValues("Accept-Post"));
        Assert.Contains("text/csv", accepted, StringComparison.Ordinal);
        Assert.Contains("multipart/form-data", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatchGivenPlainTextAnswers415AndSendsAcceptPatch()
    {
        var surveyId = await Given.ASurvey(client);

        var response = await Send(HttpMethod.Patch, $"/v1/surveys/{surveyId}", "text/plain");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("application/json", string.Join(", ", response.Headers.GetValues("Accept-Patch")));
    }

    [Theory]
    [InlineData("POST", "/v1/surveys/{survey}/features")]
    [InlineData("POST", "/v1/surveys/{survey}/responses")]
    [InlineData("POST", "/v1/surveys/{survey}/responses/batch")]
    [InlineData("PUT", "/v1/surveys/{survey}/wordings")]
    [InlineData("POST", "/v1/keys")]
    public async Task EveryJsonEndpointNamesApplicationJsonIn415(string method, string path)
    {
        var surveyId = await Given.ASurvey(client);

        var response = await Send(new HttpMethod(method), path.Replace("{survey}", surveyId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "text/plain");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
