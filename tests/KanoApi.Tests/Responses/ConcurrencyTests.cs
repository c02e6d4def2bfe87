using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

/// <summary>
/// Eight writers and a few readers at once on one SQLite file: a busy database must be waited for (busy_timeout,
/// immediate transactions), never answered with a 5xx, and every response must be stored exactly once.
/// No timing is asserted: only outcomes. The default run has each writer take two rounds of a batch and its singles,
/// which already sets batches against singles and reads against writes on every writer; the Slow category (run by
/// CI as its own step) takes eight rounds, four times the writes, for the rarer interleavings.
/// </summary>
public sealed class ConcurrencyTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private const int Writers = 8;
    private const int ResponsesPerBatch = 100;
    private static readonly string[] Keys = ["speed", "price", "support", "design", "search"];

    [Fact]
    public Task EightParallelWritersAndReadersStoreEveryResponseOnceWithoutAnyServerError() =>
        WriteAndReadAtOnce(rounds: 2, singlesPerRound: 25);

    [Fact]
    [Trait("Category", "Slow")]
    public Task EightParallelWritersAndReadersStoreEveryResponseOnceWithoutAnyServerErrorOverEightRounds() =>
        WriteAndReadAtOnce(rounds: 8, singlesPerRound: 25);

    /// <summary>Each writer posts <paramref name="rounds"/> times a batch and then <paramref name="singlesPerRound"/> single responses.</summary>
    private async Task WriteAndReadAtOnce(int rounds, int singlesPerRound)
    {
        var admin = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(admin, Keys);
        var statuses = new ConcurrentBag<(string What, HttpStatusCode Status, string Body)>();
        using var writersDone = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var client = factory.CreateAdminClient();
            for (var b = 0; b < rounds; b++)
            {
                var batch = Enumerable.Range(0, ResponsesPerBatch).Select(j => Response($"w{writer}-b{b}-r{j}", j)).ToArray();
                await Record(statuses, "batch", client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new { responses = batch }));
                for (var s = 0; s < singlesPerRound; s++)
                {
                    await Record(statuses, "single", client.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", Response($"w{writer}-b{b}-s{s}", s)));
                }
            }
        })).ToArray();

        var readers = new[] { "", "?segment.plan=enterprise", "?wave=2026-Q1", "/segments?by=plan" }.Select(query => Task.Run(async () =>
        {
            var client = factory.CreateAdminClient();
            while (!writersDone.IsCancellationRequested)
            {
                await Record(statuses, "read", client.GetAsync($"/v1/surveys/{surveyId}/analysis{query}"));
            }
        })).ToArray();

        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        await Task.WhenAll(readers);

        var serverErrors = statuses.Where(s => (int)s.Status >= 500).ToArray();
        Assert.True(serverErrors.Length == 0, $"{serverErrors.Length} answers were 5xx, e.g. {serverErrors.FirstOrDefault()}");
        var failedWrites = statuses.Where(s => s.What != "read" && s.Status != HttpStatusCode.Created).ToArray();
        Assert.True(failedWrites.Length == 0, $"{failedWrites.Length} writes were not stored, e.g. {failedWrites.FirstOrDefault()}");
        Assert.Contains(statuses, s => s.What == "read");
        Assert.All(statuses.Where(s => s.What == "read"), read => Assert.Equal(HttpStatusCode.OK, read.Status));

        await using var db = factory.NewConnection();
        var keys = (await db.QueryAsync<string>("SELECT respondent_key FROM respondents WHERE survey_id = @surveyId", new { surveyId })).ToArray();
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, rounds).SelectMany(b =>
            Enumerable.Range(0, ResponsesPerBatch).Select(j => $"w{w}-b{b}-r{j}")
                .Concat(Enumerable.Range(0, singlesPerRound).Select(s => $"w{w}-b{b}-s{s}"))));
        Assert.Equal(Writers * rounds * (ResponsesPerBatch + singlesPerRound), keys.Length);
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(keys.Length * Keys.Length, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM answers a JOIN respondents r ON r.id = a.respondent_id WHERE r.survey_id = @surveyId", new { surveyId }));
        Assert.Equal(keys.Length, await db.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
        Assert.Equal(await Recount(db, surveyId), await Aggregates(db, surveyId));

        var analysis = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis");
        Assert.Equal(keys.Length, analysis.GetProperty("respondents").GetInt64());
    }

    private static object Response(string respondentId, int j) => new
    {
        respondentId,
        wave = $"2026-Q{j % 4 + 1}",
        segments = new Dictionary<string, string> { ["plan"] = (j % 3) switch { 0 => "free", 1 => "team", _ => "enterprise" } },
        answers = Keys.Select((key, f) => new
        {
            feature = key,
            functional = (j + f) % 5 + 1,
            dysfunctional = (j * 7 + f) % 5 + 1,
            importance = (j + f) % 3 == 0 ? (int?)null : (j + f) % 9 + 1,
        }),
    };

    private static async Task Record(ConcurrentBag<(string, HttpStatusCode, string)> statuses, string what, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        statuses.Add((what, response.StatusCode, response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync()));
    }

    private static async Task<string[]> Recount(System.Data.Common.DbConnection db, long surveyId) =>
        (await db.QueryAsync<string>(
            """
            SELECT a.feature_id || ':' || a.functional || ':' || a.dysfunctional || ':' || count(*) || ':' || count(a.importance) || ':' ||
                   coalesce(sum(a.importance), 0) || ':' || coalesce(sum(a.importance * a.importance), 0) || ':' || count(a.satisfaction) || ':' ||
                   coalesce(sum(a.satisfaction), 0) || ':' || coalesce(sum(a.satisfaction * a.satisfaction), 0)
            FROM answers a JOIN features f ON f.id = a.feature_id
            WHERE f.survey_id = @surveyId
            GROUP BY a.feature_id, a.functional, a.dysfunctional
            ORDER BY a.feature_id, a.functional, a.dysfunctional
            """,
            new { surveyId })).ToArray();

    private static async Task<string[]> Aggregates(System.Data.Common.DbConnection db, long surveyId) =>
        (await db.QueryAsync<string>(
            """
            SELECT c.feature_id || ':' || c.functional || ':' || c.dysfunctional || ':' || c.answers || ':' || c.importance_count || ':' ||
                   c.importance_sum || ':' || c.importance_sum_squares || ':' || c.satisfaction_count || ':' ||
                   c.satisfaction_sum || ':' || c.satisfaction_sum_squares
            FROM feature_cells c JOIN features f ON f.id = c.feature_id
            WHERE f.survey_id = @surveyId AND c.answers <> 0
            ORDER BY c.feature_id, c.functional, c.dysfunctional
            """,
            new { surveyId })).ToArray();
}
