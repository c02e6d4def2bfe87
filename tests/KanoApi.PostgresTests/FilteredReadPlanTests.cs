using System.Text.Json;
using Dapper;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KanoApi.PostgresTests;

/// <summary>
/// PostgreSQL's side of the SQLite plan tests (tests/KanoApi.Tests/Analysis/FilteredReadPlanTests.cs): a filtered
/// analysis must cost about what the respondents its filters name hold. Written as a join of the filters, a survey
/// PostgreSQL had no statistics of yet (an import's first minute) was planned as nested loops over every pair of
/// segment rows. Every shape and every read of the chosen respondents must read each filter's range once, never again
/// for each row of another (the inner side of a nested loop), and the chosen respondents' answers by their key —
/// with and without statistics. Plans are checked, not timed.
/// </summary>
public sealed class FilteredReadPlanTests(FilteredReadPlanTests.Surveys surveys) : IClassFixture<FilteredReadPlanTests.Surveys>
{
    /// <summary>Two databases holding the same 20,000 respondents in 20 waves with three segments: one never analysed, one analysed.</summary>
    public sealed class Surveys : IAsyncLifetime
    {
        public string Unanalysed { get; private set; } = "";

        public string Analysed { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Unanalysed = await FilledAsync(analyse: false);
            Analysed = await FilledAsync(analyse: true);
        }

        private static async Task<string> FilledAsync(bool analyse)
        {
            var connectionString = Postgres.NewDatabase(out _);
            await using (var database = new Database(StorageProvider.Postgres, connectionString))
            {
                new Migrations(database, NullLogger<Migrations>.Instance).Apply();
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.ExecuteAsync("""
                ALTER TABLE respondents SET (autovacuum_enabled = false);
                ALTER TABLE respondent_segments SET (autovacuum_enabled = false);
                ALTER TABLE answers SET (autovacuum_enabled = false);
                INSERT INTO workspaces (id, name, created_at) VALUES (1, 'plans', '2026-01-01T00:00:00Z');
                INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 'plans', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                INSERT INTO features (id, survey_id, key, name, created_at, updated_at)
                    SELECT f, 1, 'f' || f, 'f' || f, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM generate_series(1, 5) AS f;
                INSERT INTO respondents (id, survey_id, respondent_key, wave, created_at)
                    SELECT i, 1, 'r' || i, 'w' || lpad((i % 20 + 1)::text, 2, '0'), '2026-01-01T00:00:00Z' FROM generate_series(1, 20000) AS i;
                INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
                    SELECT r.id, 1, n.name, 'v' || ((r.id * length(n.name)) % 3 + 1)
                    FROM respondents r CROSS JOIN (VALUES ('plan'), ('channel'), ('region')) AS n (name);
                INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional)
                    SELECT r.id, f, r.id % 5 + 1, (r.id / 5) % 5 + 1 FROM respondents r CROSS JOIN generate_series(1, 5) AS f;
                """);
            if (analyse)
            {
                await connection.ExecuteAsync("ANALYZE respondents, respondent_segments, answers, features");
            }

            return connectionString;
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public static TheoryData<string, bool> ShapesAndStatistics()
    {
        var data = new TheoryData<string, bool>();
        foreach (var shape in new[]
                 {
                     "everybody", "wave", "segment", "wave+segment", "wave+2 segments", "2 segments", "3 segments",
                     "wave+3 segments", "maxQuestionable", "wave+maxQuestionable", "wave+2 segments+maxQuestionable",
                 })
        {
            data.Add(shape, false);
            data.Add(shape, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndStatistics))]
    public async Task EachFilterIsReadOnceAndNeverOncePerRowOfAnother(string shape, bool analysed)
    {
        var filter = Filter(shape);
        var (chosen, parameters) = SurveyStatistics.ChosenRespondents(1, filter, EvaluationTable.Standard);
        await using var connection = new NpgsqlConnection(analysed ? surveys.Analysed : surveys.Unanalysed);
        foreach (var read in new[] { SurveyStatistics.AnswersOfChosenSql(StorageProvider.Postgres), SurveyStatistics.SpanOfChosenSql(StorageProvider.Postgres) })
        {
            var json = await connection.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) {chosen} {read}", parameters);
            var root = JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan");
            var scans = new List<Scan>();
            Walk(root, repeated: false, scans);
            var shown = $"{read}{Environment.NewLine}{JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true })}";

            // Each segment value and the wave: one range of its index, read once.
            var segmentReads = scans.Where(scan => scan.Relation == "respondent_segments").ToArray();
            Assert.True(filter.Segments.Count == segmentReads.Length, shown);
            Assert.True(segmentReads.All(scan => scan.Index == "ix_respondent_segments_value"), shown);
            Assert.True((filter.Wave is null ? 0 : 1) == scans.Count(scan => scan.Index == "ix_respondents_wave"), shown);
            // No filter and no answers are read whole: the tables hold every survey's rows. (Without a wave or a
            // segment the survey's respondents are the range, and reading them whole can be the cheapest way.)
            Assert.False(scans.Any(scan => scan.Node == "Seq Scan" && (scan.Relation != "respondents" || filter.Wave is not null || filter.Segments.Count > 0)), shown);
            // Read again for each row of something else, a filter's range makes the cost the product of two lists.
            // What a nested loop may repeat is a lookup by the outer row's respondent id (an answer, a respondent).
            Assert.False(scans.Any(scan => scan.Repeated && !scan.ByRespondent), shown);
            if (read == SurveyStatistics.AnswersOfChosenSql(StorageProvider.Postgres))
            {
                Assert.True(scans.Any(scan => scan.Relation == "answers" && scan.Index == "answers_pkey" && scan.ByRespondent), shown);
            }
        }
    }

    private sealed record Scan(string Node, string? Relation, string? Index, bool Repeated, bool ByRespondent);

    /// <summary>
    /// Collects the plan's scans; <paramref name="repeated"/>: the node runs once per row of an outer plan (the inner
    /// side of a nested loop, or a correlated subplan). A CTE or init plan runs once, wherever it hangs.
    /// </summary>
    private static void Walk(JsonElement node, bool repeated, List<Scan> scans)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (type.Contains("Scan", StringComparison.Ordinal) && node.TryGetProperty("Relation Name", out var relation))
        {
            // A bitmap heap scan names its index on the bitmap index scan below it.
            var indexNode = type == "Bitmap Heap Scan"
                ? node.GetProperty("Plans").EnumerateArray().First(child => child.GetProperty("Parent Relationship").GetString() == "Outer")
                : node;
            var condition = indexNode.TryGetProperty("Index Cond", out var cond) ? cond.GetString() ?? "" : "";
            var byRespondent = condition.Contains("respondent_id = ", StringComparison.Ordinal) || condition.StartsWith("(id = ", StringComparison.Ordinal);
            var index = indexNode.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
            scans.Add(new Scan(type, relation.GetString(), index, repeated, byRespondent));
        }

        if (!node.TryGetProperty("Plans", out var children))
        {
            return;
        }

        foreach (var child in children.EnumerateArray())
        {
            var relationship = child.TryGetProperty("Parent Relationship", out var r) ? r.GetString() : null;
            var childRepeated = relationship switch
            {
                "InitPlan" => false,
                "SubPlan" => true,
                "Inner" when type == "Nested Loop" => true,
                _ => repeated,
            };
            Walk(child, childRepeated, scans);
        }
    }

    private static RespondentFilter Filter(string shape)
    {
        var parts = shape.Split('+');
        var segments = parts.Sum(part => part switch { "segment" => 1, "2 segments" => 2, "3 segments" => 3, _ => 0 });
        return new RespondentFilter(
            parts.Contains("wave") ? "w01" : null,
            [.. new[] { "plan", "channel", "region" }.Take(segments).Select(name => new KeyValuePair<string, string>(name, "v1"))],
            parts.Contains("maxQuestionable") ? 1 : null);
    }
}
