using Dapper;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// A filtered analysis must cost about what the respondents its filters name hold, whatever the number of filters:
/// SQLite planned wave + two segments through the wave index with both segment lists as nested lookups
/// (<c>ix_respondents_wave (survey_id=? AND wave=? AND id=? AND rowid=?)</c>, each list a LIST SUBQUERY), a probe
/// for every pair of list entries — a cost that grows with the product of the lists, which at 100k respondents made
/// one request and a report link's reads far too slow to serve. Every shape (a wave, segments, both, maxQuestionable) and every read of the chosen respondents (their
/// answers with their number, the report's span) must read each filter's index range once and the chosen respondents'
/// answers by their key, with no statistics, with statistics of real data, and with statistics that make the
/// filter lists look tiny (which invite a planner to drive lookups from them). Plans are checked, not timed, so a
/// slow machine cannot fail it.
/// </summary>
public sealed class FilteredReadPlanTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");

    public static TheoryData<string, string> ShapesAndStatistics()
    {
        var data = new TheoryData<string, string>();
        foreach (var shape in new[]
                 {
                     "everybody", "wave", "segment", "wave+segment", "wave+2 segments", "2 segments", "3 segments",
                     "wave+3 segments", "maxQuestionable", "wave+maxQuestionable", "segment+maxQuestionable",
                     "wave+2 segments+maxQuestionable",
                 })
        {
            foreach (var statistics in new[] { "none", "analysed", "skewed" })
            {
                data.Add(shape, statistics);
            }
        }

        return data;
    }

    [SqliteTheory]
    [MemberData(nameof(ShapesAndStatistics))]
    public void EachFilterIsReadOnceFromItsIndexAndTheChosenAnswersByTheirKey(string shape, string statistics)
    {
        var database = new Database($"Data Source={path}");
        new Migrations(database, NullLogger<Migrations>.Instance).Apply();
        using (var setup = database.Open())
        {
            Prepare(setup, statistics);
        }

        var filter = Filter(shape);
        var (chosen, parameters) = SurveyStatistics.ChosenRespondents(1, filter, EvaluationTable.Standard);
        // A new connection, so the statistics just written are the ones it plans with.
        using var connection = database.Open();
        foreach (var read in new[] { SurveyStatistics.AnswersOfChosenSql(StorageProvider.Sqlite), SurveyStatistics.SpanOfChosenSql(StorageProvider.Sqlite) })
        {
            var plan = connection.Query($"EXPLAIN QUERY PLAN {chosen} {read}", parameters)
                .Select(step => (string)step.detail)
                .ToArray();
            var shown = $"{read}{Environment.NewLine}plan:{Environment.NewLine}{string.Join(Environment.NewLine, plan)}";

            Assert.True(plan.Length > 0, shown);
            // No list of ids drives lookups into another list or index: that is the product of the lists' sizes.
            Assert.False(plan.Any(step => step.Contains("LIST SUBQUERY", StringComparison.Ordinal) || step.Contains("AUTOMATIC", StringComparison.Ordinal)), shown);
            // No table is scanned whole; only the chosen ids, once gathered, are.
            Assert.All(plan.Where(step => step.StartsWith("SCAN ", StringComparison.Ordinal)),
                step => Assert.True(step is "SCAN chosen" or "SCAN matching", shown));
            // Each segment is one range of its index, read once, with nothing but the segment's name and value.
            var segmentReads = plan.Where(step => step.Contains("ix_respondent_segments_value", StringComparison.Ordinal)).ToArray();
            Assert.True(filter.Segments.Count == segmentReads.Length, shown);
            Assert.True(segmentReads.All(step => step.EndsWith("ix_respondent_segments_value (survey_id=? AND name=? AND value=?)", StringComparison.Ordinal)), shown);
            // The wave is one range of its index; without a wave or a segment, the survey's respondents are.
            var waveReads = plan.Where(step => step.Contains("ix_respondents_wave", StringComparison.Ordinal)).ToArray();
            Assert.True((filter.Wave is null ? 0 : 1) == waveReads.Length, shown);
            Assert.True(waveReads.All(step => step.EndsWith("ix_respondents_wave (survey_id=? AND wave=?)", StringComparison.Ordinal)), shown);
            Assert.True(plan.Where(step => step.Contains("ix_respondents_survey", StringComparison.Ordinal))
                .All(step => step.EndsWith("ix_respondents_survey (survey_id=?)", StringComparison.Ordinal)), shown);
            // Answers (the chosen respondents' and, for maxQuestionable, their questionable count) go by respondent.
            Assert.True(plan.Where(step => step.StartsWith("SEARCH a ", StringComparison.Ordinal) || step.StartsWith("SEARCH q ", StringComparison.Ordinal))
                .All(step => step.EndsWith("USING PRIMARY KEY (respondent_id=?)", StringComparison.Ordinal)), shown);
            Assert.True(read != SurveyStatistics.AnswersOfChosenSql(StorageProvider.Sqlite) || plan.Contains("SEARCH a USING PRIMARY KEY (respondent_id=?)"), shown);
        }
    }

    private static RespondentFilter Filter(string shape)
    {
        var parts = shape.Split('+');
        var segments = parts.Select(part => part switch
            {
                "segment" => 1,
                "2 segments" => 2,
                "3 segments" => 3,
                _ => 0,
            })
            .Sum();
        return new RespondentFilter(
            parts.Contains("wave") ? "w01" : null,
            [.. new[] { "plan", "channel", "region" }.Take(segments).Select(name => new KeyValuePair<string, string>(name, "v1"))],
            parts.Contains("maxQuestionable") ? 1 : null);
    }

    /// <summary>
    /// "none": an empty database, never analysed. "analysed": 600 respondents in 5 waves with three segments, then
    /// ANALYZE. "skewed": statistics saying every wave and segment value holds one respondent among a million, and
    /// that a survey's respondents are few.
    /// </summary>
    private static void Prepare(System.Data.Common.DbConnection connection, string statistics)
    {
        if (statistics == "none")
        {
            return;
        }

        connection.Execute("""
            INSERT INTO workspaces (id, name, created_at) VALUES (1, 'plans', '2026-01-01T00:00:00Z');
            INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 'plans', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
            INSERT INTO features (id, survey_id, key, name, created_at, updated_at)
                VALUES (1, 1, 'a', 'a', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), (2, 1, 'b', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
            INSERT INTO respondents (id, survey_id, respondent_key, wave, created_at)
                SELECT i, 1, 'r' || i, 'w0' || (i % 5 + 1), '2026-01-01T00:00:00Z' FROM n;
            INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
                SELECT id, 1, name, 'v' || ((id * length(name)) % 3 + 1) FROM respondents, (SELECT 'plan' AS name UNION ALL SELECT 'channel' UNION ALL SELECT 'region');
            INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional)
                SELECT id, f, id % 5 + 1, (id / 5) % 5 + 1 FROM respondents, (SELECT 1 AS f UNION ALL SELECT 2);
            ANALYZE;
            """);
        if (statistics == "skewed")
        {
            connection.Execute("""
                DELETE FROM sqlite_stat1 WHERE tbl IN ('respondents', 'respondent_segments', 'answers');
                INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                    ('respondent_segments', 'ix_respondent_segments_value', '1000000 2 1 1 1'),
                    ('respondent_segments', 'respondent_segments', '1000000 1 1'),
                    ('respondents', 'ix_respondents_wave', '1000000 2 1 1'),
                    ('respondents', 'ix_respondents_survey', '1000000 2'),
                    ('answers', 'answers', '50000000 50 1');
                """);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
