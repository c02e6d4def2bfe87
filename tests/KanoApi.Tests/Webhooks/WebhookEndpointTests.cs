using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Webhooks;

/// <summary>The endpoints' own API: made, listed, changed, disabled and deleted by admin keys; the secret shown once.</summary>
public sealed class WebhookEndpointTests(WebhookEndpointTests.ThreeEndpoints factory) : IClassFixture<WebhookEndpointTests.ThreeEndpoints>
{
    public sealed class ThreeEndpoints : WebhookFactory
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
        {
            ["Kano:Webhooks:AllowLoopback"] = "true",
            ["Kano:Webhooks:EndpointsPerWorkspace"] = "3",
            // Nothing here is delivered: the endpoints point at a port nothing listens on.
            ["Kano:Webhooks:Enabled"] = "false",
        };
    }

    private const string Url = "http://127.0.0.1:9/hooks";

    [Fact]
    public async Task AnEndpointIsMadeWithItsSecretShownOnceAndListedReadAndChangedWithoutIt()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client);
        var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = Url, events = new[] { "responses.stored.v1" }, surveyIds = new[] { surveyId }, description = "Roadmap" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal($"/v1/webhooks/{id}", created.Headers.Location!.OriginalString);

        var read = await client.GetStringAsync($"/v1/webhooks/{id}");
        var list = await client.GetStringAsync("/v1/webhooks");
        Assert.DoesNotContain(secret, read);
        Assert.DoesNotContain(secret, list);
        var endpoint = JsonDocument.Parse(read).RootElement;
        Assert.Equal("active", endpoint.GetProperty("state").GetString());
        Assert.Equal([surveyId], endpoint.GetProperty("surveyIds").EnumerateArray().Select(survey => survey.GetInt64()));
        Assert.Equal("Roadmap", endpoint.GetProperty("description").GetString());

        var changed = await client.PatchAsJsonAsync($"/v1/webhooks/{id}", new { url = "http://127.0.0.1:10/other", surveyIds = Array.Empty<long>() });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://127.0.0.1:10/other", after.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("surveyIds").ValueKind);
        Assert.Equal("Roadmap", after.GetProperty("description").GetString());
        Assert.Equal(["responses.stored.v1"], after.GetProperty("events").EnumerateArray().Select(type => type.GetString()));

        Assert.Equal("disabled", (await (await client.PostAsync($"/v1/webhooks/{id}/disable", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/v1/webhooks/{id}/test", null)).StatusCode);
        Assert.Equal("active", (await (await client.PostAsync($"/v1/webhooks/{id}/enable", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/{id}")).StatusCode);
        await ProblemAssert.IsProblem(await client.GetAsync($"/v1/webhooks/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.DeleteAsync($"/v1/webhooks/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadFieldsAreNamedInAProblemAndNothingIsMade()
    {
        var client = factory.CreateAdminClient();
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = "not a url", events = new[] { "responses.stored.v1", "survey.exploded.v9" }, surveyIds = new[] { 987654L } });

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("url", errors.Keys);
        Assert.Contains("events[1]", errors.Keys);
        Assert.Contains("surveyIds[0]", errors.Keys);
        var none = await ProblemAssert.IsValidationProblem(await client.PostAsJsonAsync("/v1/webhooks", new { url = Url, events = Array.Empty<string>() }));
        Assert.Contains("events", none.Keys);
        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/webhooks");
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("url").GetString() == "not a url");
    }

    [Fact]
    public async Task ARotationGracePeriodOutsideZeroToAWeekIsRefused()
    {
        var client = factory.CreateAdminClient();
        var (id, _) = await factory.AnEndpoint(client, Url);
        try
        {
            var errors = await ProblemAssert.IsValidationProblem(await client.PostAsJsonAsync($"/v1/webhooks/{id}/rotate-secret", new { gracePeriodMinutes = 20_000 }));
            Assert.Contains("gracePeriodMinutes", errors.Keys);
            var rotated = await (await client.PostAsJsonAsync($"/v1/webhooks/{id}/rotate-secret", new { })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("whsec_", rotated.GetProperty("secret").GetString());
            Assert.True(rotated.GetProperty("previousSecretSignsUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        }
        finally
        {
            await client.DeleteAsync($"/v1/webhooks/{id}");
        }
    }

    [Fact]
    public async Task AWorkspaceHoldsNoMoreEndpointsThanItsCapAndAnotherWorkspaceSeesNoneOfThem()
    {
        var client = factory.CreateAdminClient();
        var made = new List<long>();
        try
        {
            HttpResponseMessage response;
            while ((response = await client.PostAsJsonAsync("/v1/webhooks", new { url = Url, events = new[] { "responses.stored.v1" } })).StatusCode == HttpStatusCode.Created)
            {
                made.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                Assert.True(made.Count <= 3, "more endpoints than the cap of 3 were made");
            }

            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
            Assert.Contains("3 webhook endpoints", problem.GetProperty("detail").GetString());

            var other = factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));
            Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/v1/webhooks")).GetProperty("items").EnumerateArray());
            await ProblemAssert.IsProblem(await other.GetAsync($"/v1/webhooks/{made[0]}"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await other.DeleteAsync($"/v1/webhooks/{made[0]}"), HttpStatusCode.NotFound);
            var read = factory.CreateClientWithKey(await Given.AKey(factory, "read"));
            Assert.Equal(HttpStatusCode.Forbidden, (await read.GetAsync("/v1/webhooks")).StatusCode);
        }
        finally
        {
            foreach (var id in made)
            {
                await client.DeleteAsync($"/v1/webhooks/{id}");
            }
        }
    }

    [Fact]
    public async Task TheEventTypesAreListed()
    {
        var types = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>("/v1/webhooks/event-types");
        Assert.Contains(types.EnumerateArray(), type => type.GetProperty("type").GetString() == "responses.stored.v1");
    }
}
