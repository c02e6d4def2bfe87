using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Kano.Analysis;

namespace KanoApi.Tests;

/// <summary>One respondent's answers in a test: feature key → (functional, dysfunctional, importance, satisfaction).</summary>
public sealed record TestRespondent(string Id, string? Wave, IReadOnlyDictionary<string, string> Segments, IReadOnlyDictionary<string, FeatureAnswer> Answers);

/// <summary>
/// The tests' one setup vocabulary: surveys, features, responses and keys made through the HTTP API as a client
/// would (keys straight into the database, being the security side's), requests a test sends, and counts of what is
/// stored, for the checks the API cannot make.
/// </summary>
public static class Given
{
    public static async Task<long> ASurvey(HttpClient client, string name = "Checkout")
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<long> AFeature(HttpClient client, long surveyId, string key, string? name = null, double? effort = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = name ?? key, effort });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
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

    /// <summary>Posts the respondents in batches of at most 500, each batch stored whole (<paramref name="query"/>, e.g. <c>?audience=staff</c>, goes on each request).</summary>
    public static async Task Responses(HttpClient client, long surveyId, IEnumerable<TestRespondent> respondents, string query = "")
    {
        foreach (var chunk in respondents.Chunk(500))
        {
            var body = new
            {
                responses = chunk.Select(respondent => new
                {
                    respondentId = respondent.Id,
                    wave = respondent.Wave,
                    segments = respondent.Segments,
                    answers = respondent.Answers.Select(answer => new
                    {
                        feature = answer.Key,
                        functional = KanoNames.Code(answer.Value.Functional),
                        dysfunctional = KanoNames.Code(answer.Value.Dysfunctional),
                        importance = answer.Value.Importance,
                        satisfaction = answer.Value.Satisfaction,
                    }),
                }),
            };
            var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch{query}", body);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Respondents whose answers to one feature give exactly these code counts (one canonical pair per code).</summary>
    public static IEnumerable<TestRespondent> RespondentsWithCounts(string featureKey, int a, int o, int m, int i, int r, int q, string idPrefix = "r")
    {
        var pairs = new (int Count, Answer Functional, Answer Dysfunctional)[]
        {
            (a, Answer.Like, Answer.Neutral),
            (o, Answer.Like, Answer.Dislike),
            (m, Answer.Neutral, Answer.Dislike),
            (i, Answer.Neutral, Answer.Neutral),
            (r, Answer.Dislike, Answer.Like),
            (q, Answer.Like, Answer.Like),
        };
        var n = 0;
        foreach (var (count, functional, dysfunctional) in pairs)
        {
            for (var k = 0; k < count; k++)
            {
                yield return new TestRespondent(
                    $"{idPrefix}-{++n}", null, new Dictionary<string, string>(),
                    new Dictionary<string, FeatureAnswer> { [featureKey] = new(functional, dysfunctional) });
            }
        }
    }

    /// <summary>Random respondents over the given features, from a seed, with waves and a channel segment.</summary>
    public static IReadOnlyList<TestRespondent> RandomRespondents(int seed, int count, IReadOnlyList<string> featureKeys)
    {
        var random = new Random(seed);
        var answers = Enum.GetValues<Answer>();
        return Enumerable.Range(1, count).Select(index => new TestRespondent(
            $"rand-{seed}-{index}",
            random.Next(2) == 0 ? "w1" : "w2",
            new Dictionary<string, string> { ["channel"] = random.Next(3) == 0 ? "online" : "store", ["plan"] = random.Next(2) == 0 ? "free" : "pro" },
            featureKeys.Where(_ => random.Next(10) > 0).ToDictionary(
                key => key,
                _ => new FeatureAnswer(
                    answers[random.Next(5)],
                    answers[random.Next(5)],
                    random.Next(4) == 0 ? null : random.Next(1, 10),
                    random.Next(4) == 0 ? null : random.Next(1, 6)))))
            .ToArray();
    }

    /// <summary>A count straight from this host's database (<c>SELECT count(*) …</c>), for what the API does not show.</summary>
    public static async Task<long> Count(this KanoApiFactory factory, string sql, object? parameters = null)
    {
        await using var connection = factory.NewConnection();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>The respondents stored for a survey, counted in the database.</summary>
    public static Task<long> StoredRespondents(this KanoApiFactory factory, long surveyId) =>
        factory.Count("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId });

    /// <summary>The answers stored for a survey's features, counted in the database.</summary>
    public static Task<long> StoredAnswers(this KanoApiFactory factory, long surveyId) =>
        factory.Count("SELECT count(*) FROM answers a JOIN features f ON f.id = a.feature_id WHERE f.survey_id = @surveyId", new { surveyId });

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
