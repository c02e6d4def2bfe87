using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Security;

/// <summary>
/// A collect key bound to a survey dies with it, however the requests interleave, and can never reach another
/// survey: ids of surveys, features and keys are never given out twice.
/// </summary>
public sealed class KeyLifetimeTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    [Fact]
    public async Task KeysMadeWhileTheirSurveyIsDeletedNeverOutliveIt()
    {
        const int Tries = 25, KeysPerTry = 6;
        var outlived = new List<string>();
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var surveyId = await Given.ASurvey(admin, $"race {attempt}");
            using var start = new SemaphoreSlim(0);
            var creations = Enumerable.Range(0, KeysPerTry).Select(async k =>
            {
                await start.WaitAsync();
                var response = await admin.PostAsJsonAsync("/v1/keys", new { scope = "collect", surveyId, name = $"form {k}" });
                return response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()
                    : null;
            }).ToList();
            var deletion = Task.Run(async () =>
            {
                await start.WaitAsync();
                return (await admin.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode;
            });
            start.Release(KeysPerTry + 1);
            var keys = await Task.WhenAll(creations);
            Assert.Equal(HttpStatusCode.NoContent, await deletion);

            foreach (var key in keys.OfType<string>())
            {
                var current = await factory.CreateClientWithKey(key).GetAsync("/v1/workspaces/current");
                if (current.StatusCode != HttpStatusCode.Unauthorized)
                {
                    outlived.Add($"try {attempt}: a key made for survey {surveyId} still answers {(int)current.StatusCode} after the survey was deleted");
                }
            }
        }

        Assert.True(outlived.Count == 0, string.Join("\n", outlived));
    }

    [Fact]
    public async Task ANewSurveyNeverTakesTheIdOfADeletedOne()
    {
        var first = await Given.ASurvey(admin, "first");
        var keyResponse = await admin.PostAsJsonAsync("/v1/keys", new { scope = "collect", surveyId = first, name = "public form" });
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        await Given.AFeature(admin, first, "old");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{first}")).StatusCode);

        var next = await Given.ASurvey(admin, "next");
        var feature = await Given.AFeature(admin, next, "old");

        Assert.True(next > first, $"the new survey took id {next} after survey {first} was deleted");
        Assert.NotEqual(HttpStatusCode.Created, (await factory.CreateClientWithKey(key).PostAsJsonAsync($"/v1/surveys/{first}/responses",
            new { respondentId = "r1", answers = new[] { new { feature = "old", functional = "like", dysfunctional = "dislike" } } })).StatusCode);

        // Features and keys too: the largest id of each is never given out again once deleted.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{next}/features/{feature}")).StatusCode);
        Assert.True(await Given.AFeature(admin, next, "again") > feature);

        var made = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read", name = "temp" });
        var keyId = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("DELETE FROM api_keys WHERE id = @keyId", new { keyId });
        }

        var remade = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read", name = "temp" });
        Assert.True((await remade.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64() > keyId);
    }

    [Fact]
    public async Task AKeyBoundToASurveyIsRefusedRightAfterTheSurveyIsDeletedEvenIfItWasJustUsed()
    {
        var surveyId = await Given.ASurvey(admin, "bound and used");
        var bound = factory.CreateClientWithKey(await Given.AKey(factory, "collect", surveyId));
        // Just used, so this instance knows the key (decision 0021).
        Assert.Equal(HttpStatusCode.OK, (await bound.GetAsync($"/v1/surveys/{surveyId}/questionnaire")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bound.GetAsync($"/v1/surveys/{surveyId}/questionnaire")).StatusCode);
    }

    [Fact]
    public async Task DeletingASurveyInTheDatabaseRevokesItsKeysWhateverDeletesIt()
    {
        var surveyId = await Given.ASurvey(admin, "bound");
        var key = await Given.AKey(factory, "collect", surveyId);
        // The service's own connection settings (SQLite: foreign keys on), so the cascade runs as the service's would.
        await using (var connection = await factory.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM surveys WHERE id = @surveyId", new { surveyId });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClientWithKey(key).GetAsync("/v1/workspaces/current")).StatusCode);
    }
}
