using System.Net;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// A body that names a property twice is refused (RFC 8259 leaves the meaning open; last-one-wins lets a proxy and
/// the service read different values), on every endpoint that reads JSON; and HEAD answers the same to every key.
/// </summary>
public sealed class StrictJsonTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    public static TheoryData<string, string, string, string> Bodies => new()
    {
        { "POST", "/v1/surveys", """{"name":"a","name":"b"}""", "name" },
        { "PATCH", "/v1/surveys/{survey}", """{"name":"a","description":"x","name":"b"}""", "name" },
        { "POST", "/v1/surveys/{survey}/features", """{"key":"k","name":"a","key":"j"}""", "key" },
        { "PATCH", "/v1/surveys/{survey}/features/f", """{"effort":1,"effort":2}""", "effort" },
        { "PUT", "/v1/surveys/{survey}/wordings", """{"like":["x"],"like":["y"]}""", "like" },
        { "POST", "/v1/surveys/{survey}/responses", """{"respondentId":"r","answers":[{"feature":"f","functional":"like","functional":"dislike","dysfunctional":"like"}]}""", "answers[0].functional" },
        { "POST", "/v1/surveys/{survey}/responses", """{"respondentId":"r","segments":{"plan":"a","plan":"b"},"answers":[{"feature":"f","functional":"like","dysfunctional":"like"}]}""", "segments.plan" },
        { "POST", "/v1/surveys/{survey}/responses/batch", """{"responses":[{"respondentId":"r","respondentId":"s","answers":[{"feature":"f","functional":"like","dysfunctional":"like"}]}]}""", "responses[0].respondentId" },
        { "POST", "/v1/surveys/{survey}/responses/batch", """{"responses":[{"answers":[{"feature":{"key":"f","key":"g"},"functional":"like","dysfunctional":"like"}]}]}""", "responses[0].answers[0].feature" },
        { "POST", "/v1/keys", """{"scope":"read","scope":"admin"}""", "scope" },
        { "POST", "/v1/workspaces", """{"name":"a","name":"b"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task ADuplicatePropertyIsABadRequestNamingIt(string method, string path, string body, string field)
    {
        var surveyId = await Given.ASurvey(admin, "duplicates");
        await Given.AFeature(admin, surveyId, "f");

        var response = await admin.SendAsync(Given.JsonRequest(new HttpMethod(method), path.Replace("{survey}", surveyId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), body));

        var errors = await ProblemAssert.IsValidationProblem(response);
        var message = Assert.Single(errors, error => error.Key == field).Value.Single();
        Assert.Contains("more than once", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("read")]
    [InlineData("collect")]
    public async Task HeadAnswersTheSameToEveryKeyWhateverItsScope(string scope)
    {
        var surveyId = await Given.ASurvey(admin, "head");
        var key = await Given.AKey(factory, scope);
        foreach (var path in new[] { "/v1/surveys", $"/v1/surveys/{surveyId}", $"/v1/surveys/{surveyId}/analysis", "/v1/keys" })
        {
            using var response = await factory.CreateClientWithKey(key).SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(HttpStatusCode.MethodNotAllowed == response.StatusCode, $"{scope} key, HEAD {path}: {(int)response.StatusCode}");
            Assert.Contains("GET", response.Content.Headers.Allow);
        }

        using var anonymous = await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/surveys"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
