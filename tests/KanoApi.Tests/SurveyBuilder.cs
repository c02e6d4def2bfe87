using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;

namespace KanoApi.Tests;

/// <summary>One respondent's answers in a test: feature key → (functional, dysfunctional, importance, satisfaction).</summary>
public sealed record TestRespondent(string Id, string? Wave, IReadOnlyDictionary<string, string> Segments, IReadOnlyDictionary<string, FeatureAnswer> Answers);

/// <summary>Creates surveys, features and responses through the public HTTP API, as a client would.</summary>
public static class SurveyBuilder
{
    public static async Task<long> CreateSurveyAsync(HttpClient client, string name = "Test survey")
    {
        var response = await client.PostAsJsonAsync("/v1/surveys", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<long> CreateFeatureAsync(HttpClient client, long surveyId, string key, string? name = null, double? effort = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = name ?? key, effort });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Posts the respondents in batches of at most 500, each batch stored whole.</summary>
    public static async Task PostRespondentsAsync(HttpClient client, long surveyId, IEnumerable<TestRespondent> respondents)
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
            var response = await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", body);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Respondents whose answers to one feature give exactly these code counts (one canonical pair per code).</summary>
    public static IEnumerable<TestRespondent> WithCounts(string featureKey, int a, int o, int m, int i, int r, int q, string idPrefix = "r")
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
    public static IReadOnlyList<TestRespondent> Random(int seed, int count, IReadOnlyList<string> featureKeys)
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
}
