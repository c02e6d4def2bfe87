using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests;

/// <summary>Short ways to set up what a test needs, through the HTTP API like a client would.</summary>
public static class Given
{
    public static async Task<long> ASurvey(HttpClient client, string name = "Checkout")
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<long> AFeature(HttpClient client, long surveyId, string key, string? name = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = name ?? key });
        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<long> ASurveyWithFeatures(HttpClient client, params string[] keys)
    {
        var surveyId = await ASurvey(client);
        foreach (var key in keys)
        {
            await AFeature(client, surveyId, key);
        }

        return surveyId;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static HttpRequestMessage WithHeader(this HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    public static HttpRequestMessage JsonRequest(HttpMethod method, string uri, string json) =>
        new(method, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>
    /// An API key written straight into the database (keys and workspaces are the security side's endpoints):
    /// of the given scope, optionally bound to a survey, in the bootstrap workspace or a new one.
    /// </summary>
    public static async Task<string> AKey(KanoApiFactory factory, string scope, long? surveyId = null, bool inNewWorkspace = false)
    {
        _ = factory.Server;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var key = KanoApi.Infrastructure.ApiKeys.Generate();
        await using var command = connection.CreateCommand();
        command.CommandText = (inNewWorkspace
            ? "INSERT INTO workspaces (name, created_at) VALUES ('other', $now); "
            : "") + """
            INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, scope, survey_id, created_at)
            VALUES ((SELECT max(id) FROM workspaces WHERE $new = 1 OR name = 'default'), 'test', $prefix, $hash, $scope, $survey, $now);
            """;
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        command.Parameters.AddWithValue("$new", inNewWorkspace ? 1 : 0);
        command.Parameters.AddWithValue("$prefix", KanoApi.Infrastructure.ApiKeys.PrefixOf(key));
        command.Parameters.AddWithValue("$hash", KanoApi.Infrastructure.ApiKeys.Hash(key));
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$survey", (object?)surveyId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return key;
    }
}
