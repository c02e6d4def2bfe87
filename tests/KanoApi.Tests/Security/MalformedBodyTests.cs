using System.Net;
using System.Text;

namespace KanoApi.Tests.Security;

/// <summary>
/// What made the form answer 500 (a NUL in a name or value, more fields than a reader takes, a name thousands of
/// characters long) sent to the other endpoints that read a body without a key or with a front-end's collect key:
/// workspace creation, a JSON response, a CSV import as text and as multipart. Each is a 4xx problem, never an error.
/// </summary>
public sealed class MalformedBodyTests(LoggedKanoApiFactory factory) : IClassFixture<LoggedKanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private static readonly string ManyProperties = "{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"p{i}\":1")) + "}";

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "workspace", "application/json", "{\"name\":\"a\\u0000b\"}" },
        { "workspace", "application/json", "{\"na\\u0000me\":\"x\"}" },
        { "workspace", "application/json", "{\"" + new string('n', 5000) + "\":\"x\"}" },
        { "workspace", "application/json", ManyProperties },
        { "workspace", "application/x-www-form-urlencoded", "name=a%00b" },
        { "workspace", "application/x-www-form-urlencoded", string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=x")) },
        { "response", "application/json", "{\"respondentId\":\"r\\u0000\",\"answers\":[{\"feature\":\"wifi\",\"functional\":\"like\",\"dysfunctional\":\"dislike\"}]}" },
        { "response", "application/json", "{\"segments\":{\"pl\\u0000an\":\"a\"},\"answers\":[{\"feature\":\"wi\\u0000fi\",\"functional\":\"like\",\"dysfunctional\":\"li\\u0000ke\"}]}" },
        { "response", "application/json", "{\"segments\":{\"" + new string('s', 5000) + "\":\"a\"},\"answers\":[]}" },
        { "response", "application/json", ManyProperties },
        { "import", "text/csv", "respondentId,wi\0fi.functional,wifi.dysfunctional\nr\0,li\0ke,dislike\n" },
        { "import", "text/csv", "segment." + new string('s', 5000) + ",wifi.functional,wifi.dysfunctional\na,like,dislike\n" },
        { "import", "text/csv", string.Join(",", Enumerable.Range(0, 1100).Select(i => $"segment.s{i}")) + "\n" },
        { "import", "multipart/form-data; boundary=kano", "--kano\r\nContent-Disposition: form-data; name=\"fi\0le\"\r\n\r\nwifi.functional,wifi.dysfunctional\nlike,dislike\r\n--kano--\r\n" },
        { "import", "multipart/form-data; boundary=kano", "--kano\r\nContent-Disposition: form-data; name=\"" + new string('n', 20_000) + "\"\r\n\r\nx\r\n--kano--\r\n" },
        { "import", "multipart/form-data; boundary=kano", string.Concat(Enumerable.Range(0, 1100).Select(i => $"--kano\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n")) + "--kano--\r\n" },
        { "import", "multipart/form-data; boundary=kano", "--kano\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"X-H{i}: v\r\n")) + "\r\nx\r\n--kano--\r\n" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AMalformedBodyIsAClientErrorProblemNeverAnError(string endpoint, string contentType, string body)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var path = endpoint switch
        {
            "workspace" => "/v1/workspaces",
            "response" => $"/v1/surveys/{surveyId}/responses",
            _ => $"/v1/surveys/{surveyId}/responses/import",
        };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var client = endpoint == "workspace" ? factory.CreateClient() : admin;

        var response = await client.PostAsync(path, content);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{endpoint} {contentType}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(factory.LoggedAnError);
    }
}
