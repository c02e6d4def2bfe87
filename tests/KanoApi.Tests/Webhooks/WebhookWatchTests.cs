using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using KanoApi.Testing;
using KanoApi.Webhooks;

namespace KanoApi.Tests.Webhooks;

/// <summary>The events found after writes: a feature's category moving, settling or unsettling, a survey settling, links full or expired.</summary>
public sealed partial class WebhookWatchTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private static string TypeOf(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()!;

    private static JsonElement DataOf(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("data");

    private static string Rows(string prefix, int count, string wifi, string speed) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{prefix}{i},{wifi},{speed}\n"));

    private async Task Import(HttpClient client, long surveyId, string rows) =>
        Assert.Equal(HttpStatusCode.Created, (await Given.CsvImport(client, surveyId,
            "respondentId,wifi.functional,wifi.dysfunctional,speed.functional,speed.dysfunctional\n" + rows)).StatusCode);

    /// <summary>Waits until the watcher has recorded the survey's current state (so what follows is compared with it).</summary>
    private async Task WaitUntilWatched(long surveyId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        await using var connection = factory.NewConnection();
        while (await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM webhook_survey_states st JOIN surveys s ON s.id = st.survey_id
            WHERE st.survey_id = @surveyId AND st.state IS NOT NULL AND st.version = s.version AND st.data_version = s.data_version
            """, new { surveyId }) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher never analysed the survey");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AnImportSendsOneEventPerFeatureThatSettledMovedOrUnsettledAndOneWhenTheSurveySettled()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "speed");
        await factory.AnEndpoint(client, receiver.Url, WebhookEventTypes.FromAnalysis, [surveyId]);
        await WaitUntilWatched(surveyId);

        // 40 respondents: wifi a delighter (A), speed a must-be (M); both clear enough to settle, and so the survey.
        await Import(client, surveyId, Rows("a", 40, "like,neutral", "neutral,dislike"));
        var first = await receiver.WaitForAsync(3);
        await WaitUntilWatched(surveyId);
        await Task.Delay(300);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(
            ["feature.settled.v1/speed", "feature.settled.v1/wifi", "survey.settled.v1/"],
            first.Select(request => $"{TypeOf(request)}/{(DataOf(request).TryGetProperty("featureKey", out var key) ? key.GetString() : "")}").Order(StringComparer.Ordinal));

        // 100 more respondents, for whom wifi is expected (O): its category moves from A to O, once for the whole import.
        await Import(client, surveyId, Rows("o", 100, "like,dislike", "neutral,dislike"));
        var moved = (await receiver.WaitForAsync(4))[3];
        await WaitUntilWatched(surveyId);
        await Task.Delay(300);
        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal("feature.category_changed.v1", TypeOf(moved));
        var data = DataOf(moved);
        Assert.Equal(("wifi", "A", "O", "expected"), (data.GetProperty("featureKey").GetString(), data.GetProperty("previousCode").GetString(), data.GetProperty("code").GetString(), data.GetProperty("category").GetString()));
        Assert.Equal(surveyId, data.GetProperty("surveyId").GetInt64());

        // 60 more delighted: 100 A against 100 O, which Fong's test cannot tell apart: wifi is no longer settled.
        await Import(client, surveyId, Rows("b", 60, "like,neutral", "neutral,dislike"));
        await receiver.WaitForAsync(5);
        await WaitUntilWatched(surveyId);
        await Task.Delay(300);
        var later = receiver.Received.Skip(4).ToArray();
        Assert.Contains(later, request => TypeOf(request) == "feature.unsettled.v1" && DataOf(request).GetProperty("featureKey").GetString() == "wifi");
        Assert.DoesNotContain(later, request => DataOf(request).TryGetProperty("featureKey", out var key) && key.GetString() == "speed");
        Assert.Equal(receiver.Received.Count, receiver.Received.Select(request => request.Id).Distinct().Count());
    }

    [Fact]
    public async Task AFormLinkThatTakesItsLastResponseSendsLinkFullAndTheAnswersStoredByTheFormToo()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await factory.AnEndpoint(client, receiver.Url, [WebhookEventTypes.LinkFull, WebhookEventTypes.ResponsesStored], [surveyId]);
        var link = await (await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { name = "Newsletter", maxResponses = 1 })).Json();
        var path = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;

        var browser = factory.CreateClient();
        var page = await browser.GetStringAsync(path);
        var fields = HiddenField().Matches(page).ToDictionary(match => match.Groups["name"].Value, match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        fields["wifi.functional"] = "like";
        fields["wifi.dysfunctional"] = "dislike";
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(path, new FormUrlEncodedContent(fields))).StatusCode);

        var requests = await receiver.WaitForAsync(2);
        Assert.Equal(["link.full.v1", "responses.stored.v1"], requests.Select(TypeOf).Order(StringComparer.Ordinal));
        var full = DataOf(requests.Single(request => TypeOf(request) == "link.full.v1"));
        Assert.Equal(link.GetProperty("id").GetInt64(), full.GetProperty("linkId").GetInt64());
        Assert.Equal("Newsletter", full.GetProperty("name").GetString());
        await Task.Delay(500);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task ALinkWhoseExpiryPassesSendsLinkExpiredOnce()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await factory.AnEndpoint(client, receiver.Url, [WebhookEventTypes.LinkExpired], [surveyId]);
        var created = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var expired = (await receiver.WaitForAsync(1)).Single();
        Assert.Equal("link.expired.v1", TypeOf(expired));
        Assert.Equal("report", DataOf(expired).GetProperty("kind").GetString());
        await Task.Delay(500);
        Assert.Single(receiver.Received);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}
