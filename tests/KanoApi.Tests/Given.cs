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

    /// <summary>POST …/responses/import with a CSV body as a spreadsheet uploads it (<c>text/csv</c>, UTF-8).</summary>
    public static Task<HttpResponseMessage> CsvImport(HttpClient client, long surveyId, string csv) =>
        CsvImport(client, surveyId, System.Text.Encoding.UTF8.GetBytes(csv));

    /// <summary>POST …/responses/import with these bytes as a <c>text/csv</c> body (any encoding, valid or not).</summary>
    public static Task<HttpResponseMessage> CsvImport(HttpClient client, long surveyId, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/csv");
        return client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content);
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
        await using var connection = factory.NewConnection();
        var key = KanoApi.Infrastructure.ApiKeys.Generate();
        if (inNewWorkspace)
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO workspaces (name, created_at) VALUES ('other', @now)", new { now = DateTimeOffset.UtcNow.ToString("O") });
        }

        await Dapper.SqlMapper.ExecuteAsync(connection, """
            INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, scope, survey_id, created_at)
            VALUES ((SELECT max(id) FROM workspaces WHERE @isNew OR name = 'default'), 'test', @prefix, @hash, @scope, @survey, @now)
            """,
            new
            {
                now = DateTimeOffset.UtcNow.ToString("O"),
                isNew = inNewWorkspace,
                prefix = KanoApi.Infrastructure.ApiKeys.PrefixOf(key),
                hash = KanoApi.Infrastructure.ApiKeys.Hash(key),
                scope,
                survey = surveyId,
            });
        return key;
    }
}
