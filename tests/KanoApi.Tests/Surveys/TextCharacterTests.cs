using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KanoApi.Tests.Surveys;

/// <summary>
/// Text that ends up in a chart, a CSV or a report must be text: control characters (other than tab, line feed and
/// carriage return), the non-characters U+FFFE/U+FFFF and lone surrogates are refused with a 400 naming the field,
/// and names also refuse the bidirectional overrides and isolates that can make a name display as something else.
/// </summary>
public sealed class TextCharacterTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    public static TheoryData<string> Forbidden => new()
    {
        "Bell\u0007",
        "\0null",
        "unit\u001fseparator",
        "escape\u001b[31m",
        "delete\u007f",
        "non-character\uFFFE",
        "non-character\uFFFF",
        // xunit replaces a lone surrogate in theory data with U+FFFD, so these are marked and sent as \u escapes.
        "lone @loneD83D@ surrogate",
        "lone @loneDE80@ low surrogate",
    };

    public static TheoryData<string> Bidi => new()
    {
        "invoice\u202Efdp.exe",
        "left-to-right override \u202D",
        "isolate \u2066x\u2069",
        "embedding \u202A",
    };

    /// <summary>The body as JSON, with each "@loneXXXX@" sent as the \uXXXX escape of a lone surrogate.</summary>
    private static StringContent Json(object body)
    {
        var json = JsonSerializer.Serialize(body);
        json = System.Text.RegularExpressions.Regex.Replace(json, "@lone([0-9A-F]{4})@", match => "\\u" + match.Groups[1].Value);
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static async Task AssertRefused(HttpResponseMessage response, string field)
    {
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {string.Join(", ", errors.Keys)}");
        Assert.Contains(errors[field], message => Explains(message));
    }

    private static bool Explains(string message) =>
        message.Contains("U+", StringComparison.Ordinal) || message.Contains("surrogate", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task SurveyTextWithAControlCharacterIsRefusedNamingTheField(string text)
    {
        var client = factory.CreateAdminClient();

        await AssertRefused(await client.PostAsync("/v1/surveys", Json(new { name = text })), "name");
        await AssertRefused(await client.PostAsync("/v1/surveys", Json(new { name = "Fine", description = text })), "description");
        var surveyId = await Given.ASurvey(client);
        await AssertRefused(await client.PatchAsync($"/v1/surveys/{surveyId}", Json(new { name = text })), "name");
        await AssertRefused(await client.PatchAsync($"/v1/surveys/{surveyId}", Json(new { description = text })), "description");
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task FeatureTextWithAControlCharacterIsRefusedNamingTheField(string text)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        foreach (var field in new[] { "name", "description", "functionalQuestion", "dysfunctionalQuestion" })
        {
            var body = new Dictionary<string, string> { ["key"] = "parking", ["name"] = "Parking", [field] = text };
            await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/features", Json(body)), field);
            await AssertRefused(await client.PatchAsync($"/v1/surveys/{surveyId}/features/wifi", Json(new Dictionary<string, string> { [field] = text })), field);
        }

        var features = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/features");
        Assert.Single(features.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task ResponseWavesAndSegmentsWithAControlCharacterAreRefusedNamingTheField(string text)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        object[] answers = [new { feature = "wifi", functional = "like", dysfunctional = "dislike" }];

        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/responses", Json(new { wave = text, answers })), "wave");
        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/responses",
            Json(new { segments = new Dictionary<string, string> { ["plan"] = text }, answers })), "segments.plan");
        var byName = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses",
            Json(new { segments = new Dictionary<string, string> { [text] = "pro" }, answers })));
        Assert.Contains(byName, error => error.Key.StartsWith("segments", StringComparison.Ordinal) && error.Value.Any(message => Explains(message)));
        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/responses/batch",
            Json(new { responses = new[] { new { wave = text, answers } } })), "responses[0].wave");
    }

    [Theory]
    [InlineData("Bell\u0007")]
    [InlineData("unit\u001fseparator")]
    [InlineData("non-character\uFFFF")]
    public async Task ImportedWavesAndSegmentsWithAControlCharacterAreRefusedNamingTheCell(string text)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var quoted = "\"" + text + "\"";

        foreach (var (csv, cell) in new[]
        {
            ($"respondentId,wave,wifi.functional,wifi.dysfunctional\nr1,{quoted},like,dislike\n", "row 2, column wave"),
            ($"respondentId,segment.plan,wifi.functional,wifi.dysfunctional\nr1,{quoted},like,dislike\n", "row 2, column segment.plan"),
            ($"respondentId,\"segment.{text}\",wifi.functional,wifi.dysfunctional\nr1,pro,like,dislike\n", $"row 1, column segment."),
        })
        {
            var content = new StringContent(csv, Encoding.UTF8);
            content.Headers.ContentType = new("text/csv");
            var errors = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content));
            Assert.Contains(errors, error => error.Key.StartsWith(cell, StringComparison.Ordinal) && error.Value.Any(message => Explains(message)));
        }

        var responses = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses");
        Assert.Empty(responses.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Bidi))]
    public async Task NamesWithABidirectionalOverrideAreRefused(string name)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        await AssertRefused(await client.PostAsync("/v1/surveys", Json(new { name })), "name");
        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/features", Json(new { key = "parking", name })), "name");
        await AssertRefused(await client.PostAsync("/v1/keys", Json(new { scope = "read", name })), "name");
        await AssertRefused(await factory.CreateClient().PostAsync("/v1/workspaces", Json(new { name })), "name");
        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/links", Json(new { kind = "form", name })), "name");
        var segment = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses",
            Json(new { segments = new Dictionary<string, string> { [name] = "pro" }, answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "dislike" } } })));
        Assert.Contains(segment, error => error.Key.StartsWith("segments.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bell\u0007")]
    [InlineData("non-character\uFFFF")]
    public async Task RespondentIdsAndWordingsWithAControlCharacterAreRefused(string text)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        await AssertRefused(await client.PostAsync($"/v1/surveys/{surveyId}/responses",
            Json(new { respondentId = text, answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "dislike" } } })), "respondentId");
        var wordings = await ProblemAssert.IsValidationProblem(await client.PutAsync($"/v1/surveys/{surveyId}/wordings",
            Json(new Dictionary<string, string[]> { ["like"] = [text] })));
        Assert.Contains(wordings, error => error.Key == "like[0]" && error.Value.Any(Explains));
    }

    [Fact]
    public async Task TextQuotedBackInAProblemIsNeverCutInsideACharacter()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var rockets = string.Concat(Enumerable.Repeat("🚀", 45));

        var errors = await ProblemAssert.IsValidationProblem(await client.PostAsync($"/v1/surveys/{surveyId}/responses",
            Json(new { answers = new[] { new { feature = "x" + rockets, functional = "like", dysfunctional = "dislike" } } })));

        var message = Assert.Single(errors["answers[0].feature"]);
        Assert.Contains("x🚀🚀", message);
        Assert.DoesNotContain('\uFFFD', message);
    }

    [Fact]
    public async Task TabsLineBreaksAndRightToLeftTextAreStillAccepted()
    {
        var client = factory.CreateAdminClient();

        var response = await client.PostAsync("/v1/surveys", Json(new
        {
            name = "Khảo sát 🚀 استطلاع",
            description = "Line one\r\nLine two\twith a tab",
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
