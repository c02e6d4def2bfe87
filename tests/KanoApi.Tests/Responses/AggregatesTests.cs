using System.Net;
using System.Text;
using CsCheck;
using Dapper;
using KanoApi.Responses;

namespace KanoApi.Tests.Responses;

/// <summary>
/// The aggregates (feature_cells, and per wave and segment value the wide rows of wave_cells and segment_cells) must
/// always equal a recount from the raw answers, whatever the order of writes: every cell of every row, and each wide
/// row's total.
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
            // The survey's respondent count, added by the writes and taken back by erasures, equals a count.
            await using var connection = factory.NewConnection();
            Assert.Equal(
                await factory.StoredRespondents(surveyId),
                await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
            Assert.Equal(stored.Count, await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
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

    private const string Counts = """
        count(*) AS N, count(a.importance) AS Ic, coalesce(sum(a.importance), 0) AS Isum, coalesce(sum(a.importance * a.importance), 0) AS Isq,
        count(a.satisfaction) AS Sc, coalesce(sum(a.satisfaction), 0) AS Ssum, coalesce(sum(a.satisfaction * a.satisfaction), 0) AS Ssq
        """;

    /// <summary>
    /// Every kept aggregate row of the survey as cells: per feature (group '', feature_cells, one row per cell), and
    /// per wave ('wave:…') and segment value ('segment:name=value') every cell of every wide row with any sum not 0,
    /// plus the row's total answers as the pseudo-cell (0, 0). Rows left at 0 answers are included, so one an
    /// erasure forgot to delete shows up as a difference.
    /// </summary>
    private Task<Cell[]> Aggregates(long surveyId) => Aggregates(factory.NewConnection(), surveyId);

    /// <summary>The aggregate rows of a survey, read as <see cref="Aggregates(long)"/> says, over a new connection it disposes.</summary>
    internal static async Task<Cell[]> Aggregates(System.Data.Common.DbConnection connection, long surveyId)
    {
        await using var owned = connection;
        var cells = (await connection.QueryAsync<Cell>(
            """
            SELECT '' AS "Group", c.feature_id AS FeatureId, c.functional AS F, c.dysfunctional AS D,
                   answers AS N, importance_count AS Ic, importance_sum AS Isum, importance_sum_squares AS Isq,
                   satisfaction_count AS Sc, satisfaction_sum AS Ssum, satisfaction_sum_squares AS Ssq
            FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId
            """, new { surveyId })).ToList();
        await using var reader = await connection.ExecuteReaderAsync(
            $"""
            SELECT 'wave:' || c.wave, c.feature_id, {WideCells.ColumnList}
            FROM wave_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId
            UNION ALL
            SELECT 'segment:' || c.name || '=' || c.value, c.feature_id, {WideCells.ColumnList}
            FROM segment_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId
            """, new { surveyId });
        while (await reader.ReadAsync())
        {
            var (group, featureId) = (reader.GetString(0), reader.GetInt64(1));
            cells.Add(new Cell { Group = group, FeatureId = featureId, N = reader.GetInt64(2) });
            var sums = new long[WideCells.Width];
            WideCells.Read(reader, 3, sums);
            for (var cell = 0; cell < WideCells.Cells; cell++)
            {
                var at = cell * WideCells.Sums;
                if (sums.AsSpan(at, WideCells.Sums).ContainsAnyExcept(0))
                {
                    cells.Add(new Cell
                    {
                        Group = group, FeatureId = featureId, F = cell / 5 + 1, D = cell % 5 + 1, N = sums[at],
                        Ic = sums[at + 1], Isum = sums[at + 2], Isq = sums[at + 3], Sc = sums[at + 4], Ssum = sums[at + 5], Ssq = sums[at + 6],
                    });
                }
            }
        }

        return Ordered(cells);
    }

    private static Cell[] Ordered(IEnumerable<Cell> cells) =>
        [.. cells.OrderBy(cell => cell.Group, StringComparer.Ordinal).ThenBy(cell => cell.FeatureId).ThenBy(cell => cell.F).ThenBy(cell => cell.D)];

    /// <summary>The same cells counted afresh from the raw answers, with each wave's and segment value's total per feature.</summary>
    private Task<Cell[]> Recount(long surveyId) => Recount(factory.NewConnection(), surveyId);

    /// <summary>The recount of a survey over a new connection it disposes.</summary>
    internal static async Task<Cell[]> Recount(System.Data.Common.DbConnection connection, long surveyId)
    {
        await using var owned = connection;
        var cells = (await connection.QueryAsync<Cell>(
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
            """, new { surveyId })).ToList();
        var totals = cells.Where(cell => cell.Group != "")
            .GroupBy(cell => (cell.Group, cell.FeatureId))
            .Select(row => new Cell { Group = row.Key.Group, FeatureId = row.Key.FeatureId, N = row.Sum(cell => cell.N) })
            .ToArray();
        return Ordered(cells.Concat(totals));
    }

    // Settable properties, not a positional record: with no rows (every respondent deleted) SQLite reports the
    // aggregate columns as untyped, and Dapper cannot pick a constructor for a result it never reads.
    internal sealed record Cell
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
