using System.Net;
using System.Text;
using CsCheck;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

/// <summary>
/// The aggregates (feature_cells, and per wave and segment value wave_cells and segment_cells) must always equal a
/// recount from the raw answers, whatever the order of writes.
/// </summary>
public sealed class AggregatesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Keys = ["alpha", "beta", "gamma"];
    private readonly HttpClient client = factory.CreateAdminClient();

    private static readonly string?[] Waves = [null, "w1", "w2"];
    private static readonly string?[] Plans = [null, "free", "pro", "team"];

    // One operation: [kind, wave, plan, then per feature: functional (0 = not answered), dysfunctional, importance (0 = none), satisfaction (0 = none)].
    private static readonly Gen<int[][]> Operations = Gen.Select(
            Gen.Int[0, 9],
            Gen.Int[0, Waves.Length - 1],
            Gen.Int[0, Plans.Length - 1],
            Gen.Select(Gen.Int[0, 5], Gen.Int[1, 5], Gen.Int[0, 9], Gen.Int[0, 5]).Array[Keys.Length],
            (kind, wave, plan, answers) => new[] { kind, wave, plan }.Concat(answers.SelectMany(a => new[] { a.Item1, a.Item2, a.Item3, a.Item4 })).ToArray())
        .Array[1, 30];

    private const int First = 3;

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
                    .Select(i => (Key: Keys[i], F: operation[First + 4 * i], D: operation[First + 1 + 4 * i], I: operation[First + 2 + 4 * i], S: operation[First + 3 + 4 * i]))
                    .Where(a => a.F > 0)
                    .ToArray();
                if (answers.Length == 0)
                {
                    continue;
                }

                var respondentId = $"r{next++}";
                var (wave, plan) = (Waves[operation[1]], Plans[operation[2]]);
                var response = kind >= 8
                    ? await ImportOne(surveyId, respondentId, answers, wave, plan)
                    : await PostOne(surveyId, respondentId, answers, batch: kind >= 5, wave, plan);
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
        Assert.Equal(2, aggregates.Count(cell => cell.Group == ""));
        // Answers have no foreign key to features (migration 0015): the delete itself must take the feature's answers.
        await using var connection = factory.NewConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM answers a WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.id = a.feature_id)"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM answers a JOIN respondents r ON r.id = a.respondent_id WHERE r.survey_id = @surveyId", new { surveyId }));
    }

    private Task<HttpResponseMessage> PostOne(long surveyId, string respondentId, (string Key, int F, int D, int I, int S)[] answers, bool batch, string? wave = null, string? plan = null)
    {
        // Every respondent has a region too, so a respondent can be in two segment values at once.
        var json = "{ \"respondentId\": \"" + respondentId + "\", "
            + (wave is null ? "" : $"\"wave\": \"{wave}\", ")
            + $"\"segments\": {{ \"region\": \"{(respondentId.Length % 2 == 0 ? "north" : "south")}\"" + (plan is null ? "" : $", \"plan\": \"{plan}\"") + " }, "
            + "\"answers\": [" + string.Join(",", answers.Select(a =>
            $"{{ \"feature\": \"{a.Key}\", \"functional\": {a.F}, \"dysfunctional\": {a.D}" +
            (a.I > 0 ? $", \"importance\": {a.I}" : "") + (a.S > 0 ? $", \"satisfaction\": {a.S}" : "") + " }")) + "] }";
        return batch
            ? client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/batch", $"{{ \"responses\": [ {json} ] }}"))
            : client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses", json));
    }

    private Task<HttpResponseMessage> ImportOne(long surveyId, string respondentId, (string Key, int F, int D, int I, int S)[] answers, string? wave, string? plan)
    {
        var header = "respondentId,wave,segment.plan,segment.region," + string.Join(",", answers.Select(a => $"{a.Key}.functional,{a.Key}.dysfunctional,{a.Key}.importance,{a.Key}.satisfaction"));
        var row = $"{respondentId},{wave},{plan},{(respondentId.Length % 2 == 0 ? "north" : "south")}," + string.Join(",", answers.Select(a => $"{a.F},{a.D},{(a.I > 0 ? a.I : "")},{(a.S > 0 ? a.S : "")}"));
        var content = new StringContent(header + "\n" + row + "\n", Encoding.UTF8, "text/csv");
        return client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content);
    }

    private const string Sums = """
        answers AS N, importance_count AS Ic, importance_sum AS Isum, importance_sum_squares AS Isq,
        satisfaction_count AS Sc, satisfaction_sum AS Ssum, satisfaction_sum_squares AS Ssq
        """;

    private const string Counts = """
        count(*) AS N, count(a.importance) AS Ic, coalesce(sum(a.importance), 0) AS Isum, coalesce(sum(a.importance * a.importance), 0) AS Isq,
        count(a.satisfaction) AS Sc, coalesce(sum(a.satisfaction), 0) AS Ssum, coalesce(sum(a.satisfaction * a.satisfaction), 0) AS Ssq
        """;

    /// <summary>Every kept aggregate row of the survey: per feature (group ''), per wave ('wave:…') and per segment value ('segment:name=value').</summary>
    private async Task<Cell[]> Aggregates(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<Cell>(
            $"""
            SELECT '' AS "Group", c.feature_id AS FeatureId, c.functional AS F, c.dysfunctional AS D, {Sums}
            FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId AND c.answers > 0
            UNION ALL
            SELECT 'wave:' || c.wave, c.feature_id, c.functional, c.dysfunctional, {Sums}
            FROM wave_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId AND c.answers > 0
            UNION ALL
            SELECT 'segment:' || c.name || '=' || c.value, c.feature_id, c.functional, c.dysfunctional, {Sums}
            FROM segment_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId AND c.answers > 0
            ORDER BY 1, 2, 3, 4
            """, new { surveyId })).ToArray();
    }

    /// <summary>The same rows counted afresh from the raw answers.</summary>
    private async Task<Cell[]> Recount(long surveyId)
    {
        await using var connection = factory.NewConnection();
        return (await connection.QueryAsync<Cell>(
            $"""
            SELECT '' AS "Group", a.feature_id AS FeatureId, a.functional AS F, a.dysfunctional AS D, {Counts}
            FROM answers a JOIN features f ON f.id = a.feature_id WHERE f.survey_id = @surveyId
            GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT 'wave:' || r.wave, a.feature_id, a.functional, a.dysfunctional, {Counts}
            FROM answers a JOIN features f ON f.id = a.feature_id JOIN respondents r ON r.id = a.respondent_id
            WHERE f.survey_id = @surveyId AND r.wave IS NOT NULL
            GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT 'segment:' || s.name || '=' || s.value, a.feature_id, a.functional, a.dysfunctional, {Counts}
            FROM answers a JOIN features f ON f.id = a.feature_id JOIN respondent_segments s ON s.respondent_id = a.respondent_id
            WHERE f.survey_id = @surveyId
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            """, new { surveyId })).ToArray();
    }

    /// <summary>The migration's back-fill equals a recount: rebuilt by its own statements over the stored answers.</summary>
    [Fact]
    public async Task TheMigrationBackFillsTheWaveAndSegmentAggregatesFromStoredAnswers()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, Keys);
        await PostOne(surveyId, "x1", [("alpha", 1, 5, 3, 2), ("beta", 2, 5, 0, 0)], batch: false, "w1", "free");
        await PostOne(surveyId, "x22", [("alpha", 1, 5, 9, 0), ("gamma", 3, 3, 0, 4)], batch: true, "w2", null);
        await ImportOne(surveyId, "x333", [("alpha", 3, 5, 1, 1), ("beta", 1, 3, 0, 5)], null, "pro");

        // Empty this survey's wave and segment aggregates, then run the back-fill statements of the migration on them.
        string migration;
        using (var reader = new StreamReader(typeof(Program).Assembly.GetManifestResourceStream($"migrations/{KanoApiFactory.Provider.Name}/0014_wave_and_segment_cells.sql")!))
        {
            migration = await reader.ReadToEndAsync();
        }

        var backFill = migration[migration.IndexOf("INSERT INTO wave_cells", StringComparison.Ordinal)..]
            .Replace("WHERE r.wave IS NOT NULL", "WHERE r.wave IS NOT NULL AND r.survey_id = @surveyId", StringComparison.Ordinal)
            .Replace("FROM answers a JOIN respondent_segments s ON s.respondent_id = a.respondent_id",
                "FROM answers a JOIN respondent_segments s ON s.respondent_id = a.respondent_id WHERE s.survey_id = @surveyId", StringComparison.Ordinal);
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync(
                """
                DELETE FROM wave_cells WHERE feature_id IN (SELECT id FROM features WHERE survey_id = @surveyId);
                DELETE FROM segment_cells WHERE feature_id IN (SELECT id FROM features WHERE survey_id = @surveyId);
                """, new { surveyId });
            Assert.NotEqual(await Recount(surveyId), await Aggregates(surveyId));
            await connection.ExecuteAsync(backFill, new { surveyId });
        }

        var aggregates = await Aggregates(surveyId);
        Assert.Equal(await Recount(surveyId), aggregates);
        Assert.Contains(aggregates, cell => cell.Group == "segment:plan=pro");
    }

    // Settable properties, not a positional record: with no rows (every respondent deleted) SQLite reports the
    // aggregate columns as untyped, and Dapper cannot pick a constructor for a result it never reads.
    private sealed record Cell
    {
        public string Group { get; init; } = "";
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
