using System.Net;
using System.Text;
using CsCheck;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

/// <summary>feature_cells must always equal a recount from the raw answers, whatever the order of writes.</summary>
public sealed class AggregatesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Keys = ["alpha", "beta", "gamma"];
    private readonly HttpClient client = factory.CreateAdminClient();

    // One operation: [kind, then per feature: functional (0 = not answered), dysfunctional, importance (0 = none), satisfaction (0 = none)].
    private static readonly Gen<int[][]> Operations = Gen.Select(
            Gen.Int[0, 9],
            Gen.Select(Gen.Int[0, 5], Gen.Int[1, 5], Gen.Int[0, 9], Gen.Int[0, 5]).Array[Keys.Length],
            (kind, answers) => new[] { kind }.Concat(answers.SelectMany(a => new[] { a.Item1, a.Item2, a.Item3, a.Item4 })).ToArray())
        .Array[1, 30];

    [Fact]
    public async Task TheAggregatesEqualARecountAfterRandomInsertsAndDeletes()
    {
        await Operations.SampleAsync(async operations =>
        {
            var surveyId = await Given.ASurveyWithFeatures(client, Keys);
            var stored = new List<string>();
            var next = 0;
            foreach (var operation in operations)
            {
                var kind = operation[0];
                if (kind == 0 && stored.Count > 0)
                {
                    var victim = stored[operation[1] % stored.Count];
                    Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/responses/{victim}")).StatusCode);
                    stored.Remove(victim);
                    continue;
                }

                var answers = Enumerable.Range(0, Keys.Length)
                    .Select(i => (Key: Keys[i], F: operation[1 + 4 * i], D: operation[2 + 4 * i], I: operation[3 + 4 * i], S: operation[4 + 4 * i]))
                    .Where(a => a.F > 0)
                    .ToArray();
                if (answers.Length == 0)
                {
                    continue;
                }

                var respondentId = $"r{next++}";
                var response = kind >= 8 ? await ImportOne(surveyId, respondentId, answers) : await PostOne(surveyId, respondentId, answers, batch: kind >= 5);
                Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
                stored.Add(respondentId);
            }

            Assert.Equal(await Recount(surveyId), await Aggregates(surveyId));
        }, iter: 12, threads: 1);
    }

    [Fact]
    public async Task DeletingAFeatureLeavesTheOtherFeaturesAggregatesEqualToARecount()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, Keys);
        await PostOne(surveyId, "x", [("alpha", 1, 5, 3, 2), ("beta", 2, 5, 0, 0)], batch: false);
        await PostOne(surveyId, "y", [("alpha", 1, 5, 9, 0), ("gamma", 3, 3, 0, 4)], batch: true);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}/features/alpha")).StatusCode);

        var aggregates = await Aggregates(surveyId);
        Assert.Equal(await Recount(surveyId), aggregates);
        Assert.Equal(2, aggregates.Length);
    }

    private Task<HttpResponseMessage> PostOne(long surveyId, string respondentId, (string Key, int F, int D, int I, int S)[] answers, bool batch)
    {
        var json = "{ \"respondentId\": \"" + respondentId + "\", \"answers\": [" + string.Join(",", answers.Select(a =>
            $"{{ \"feature\": \"{a.Key}\", \"functional\": {a.F}, \"dysfunctional\": {a.D}" +
            (a.I > 0 ? $", \"importance\": {a.I}" : "") + (a.S > 0 ? $", \"satisfaction\": {a.S}" : "") + " }")) + "] }";
        return batch
            ? client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/batch", $"{{ \"responses\": [ {json} ] }}"))
            : client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", json));
    }

    private Task<HttpResponseMessage> ImportOne(long surveyId, string respondentId, (string Key, int F, int D, int I, int S)[] answers)
    {
        var header = "respondentId," + string.Join(",", answers.Select(a => $"{a.Key}.functional,{a.Key}.dysfunctional,{a.Key}.importance,{a.Key}.satisfaction"));
        var row = respondentId + "," + string.Join(",", answers.Select(a => $"{a.F},{a.D},{(a.I > 0 ? a.I : "")},{(a.S > 0 ? a.S : "")}"));
        var content = new StringContent(header + "\n" + row + "\n", Encoding.UTF8, "text/csv");
        return client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content);
    }

    private async Task<Cell[]> Aggregates(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<Cell>(
            """
            SELECT c.feature_id AS FeatureId, c.functional AS F, c.dysfunctional AS D, c.answers AS N,
                   c.importance_count AS Ic, c.importance_sum AS Isum, c.importance_sum_squares AS Isq,
                   c.satisfaction_count AS Sc, c.satisfaction_sum AS Ssum, c.satisfaction_sum_squares AS Ssq
            FROM feature_cells c JOIN features f ON f.id = c.feature_id
            WHERE f.survey_id = @surveyId AND c.answers > 0
            ORDER BY 1, 2, 3
            """, new { surveyId })).ToArray();
    }

    private async Task<Cell[]> Recount(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<Cell>(
            """
            SELECT a.feature_id AS FeatureId, a.functional AS F, a.dysfunctional AS D, count(*) AS N,
                   count(a.importance) AS Ic, coalesce(sum(a.importance), 0) AS Isum, coalesce(sum(a.importance * a.importance), 0) AS Isq,
                   count(a.satisfaction) AS Sc, coalesce(sum(a.satisfaction), 0) AS Ssum, coalesce(sum(a.satisfaction * a.satisfaction), 0) AS Ssq
            FROM answers a JOIN features f ON f.id = a.feature_id
            WHERE f.survey_id = @surveyId
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """, new { surveyId })).ToArray();
    }

    // Settable properties, not a positional record: with no rows (every respondent deleted) SQLite reports the
    // aggregate columns as untyped, and Dapper cannot pick a constructor for a result it never reads.
    private sealed record Cell
    {
        public long FeatureId { get; init; }
        public long F { get; init; }
        public long D { get; init; }
        public long N { get; init; }
        public long Ic { get; init; }
        public long Isum { get; init; }
        public long Isq { get; init; }
        public long Sc { get; init; }
        public long Ssum { get; init; }
        public long Ssq { get; init; }
    }
}
