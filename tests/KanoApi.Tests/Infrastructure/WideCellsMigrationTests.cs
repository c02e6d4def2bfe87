using System.Data.Common;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Responses;
using Microsoft.Extensions.Logging.Abstractions;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// Migration 0017 turns the narrow per-cell rows of wave_cells and segment_cells into one wide row per feature and
/// wave or segment value, on a database that already holds them (on the provider the suite runs on).
/// </summary>
public sealed class WideCellsMigrationTests : IDisposable
{
    private const string Widening = "0017_wide_wave_and_segment_cells.sql";

    // Only for its database (a SQLite file or a PostgreSQL database of the run's server): the host never starts.
    private readonly KanoApiFactory host = new();

    private static readonly string[] Waves = ["w1", "w2"];
    private static readonly (string Name, string Value)[] Segments = [("plan", "free"), ("plan", "pro"), ("region", "north")];

    [Fact]
    public async Task WideningKeepsEveryCellOfEveryWaveAndSegmentValueAndTheirForeignKey()
    {
        var database = host.Database;
        var provider = KanoApiFactory.Provider;
        var before = Migrations.KnownFor(provider)
            .Where(name => string.CompareOrdinal(name, Widening) < 0)
            .ToDictionary(name => name, name => Migrations.ReadEmbeddedScript(provider, name));
        new Migrations(database, NullLogger<Migrations>.Instance, before).Apply();

        var narrow = new List<Cell>();
        await using (var connection = host.NewConnection())
        {
            await connection.ExecuteAsync("""
                INSERT INTO workspaces (id, name, created_at) VALUES (1, 'w', 'now');
                INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 's', 'now', 'now');
                INSERT INTO features (id, survey_id, key, name, created_at, updated_at)
                VALUES (1, 1, 'one', 'One', 'now', 'now'), (2, 1, 'two', 'Two', 'now', 'now'), (3, 1, 'three', 'Three', 'now', 'now');
                """);
            // Varied cells: a different subset of the 25 cells for each feature and group, every sum different.
            for (var feature = 1L; feature <= 3; feature++)
            {
                for (var group = 0; group < Waves.Length + Segments.Length; group++)
                {
                    for (var cell = 0; cell < 25; cell++)
                    {
                        if ((feature * 7 + cell * 3 + group) % 4 != 0)
                        {
                            continue;
                        }

                        var answers = 2 + (cell + group) % 5;
                        var sums = new[] { answers, answers - 1, 3L * feature + cell, 40L + cell + group, answers - 2, 2L + group, 7L + feature };
                        var (name, value) = group < Waves.Length ? ("", Waves[group]) : Segments[group - Waves.Length];
                        var key = group < Waves.Length ? $"wave:{value}" : $"segment:{name}={value}";
                        narrow.Add(new Cell(key, feature, cell / 5 + 1, cell % 5 + 1, sums));
                        var parameters = new
                        {
                            feature, name, value, functional = cell / 5 + 1, dysfunctional = cell % 5 + 1,
                            n = sums[0], ic = sums[1], @is = sums[2], iss = sums[3], sc = sums[4], ss = sums[5], sss = sums[6],
                        };
                        await connection.ExecuteAsync(
                            group < Waves.Length
                                ? """
                                  INSERT INTO wave_cells (feature_id, wave, functional, dysfunctional, answers, importance_count, importance_sum,
                                      importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
                                  VALUES (@feature, @value, @functional, @dysfunctional, @n, @ic, @is, @iss, @sc, @ss, @sss)
                                  """
                                : """
                                  INSERT INTO segment_cells (feature_id, name, value, functional, dysfunctional, answers, importance_count, importance_sum,
                                      importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
                                  VALUES (@feature, @name, @value, @functional, @dysfunctional, @n, @ic, @is, @iss, @sc, @ss, @sss)
                                  """,
                            parameters);
                    }
                }
            }
        }

        Assert.Equal(Migrations.KnownFor(provider).Count - before.Count, new Migrations(database, NullLogger<Migrations>.Instance).Apply());

        await using var migrated = host.NewConnection();
        // The tables carry exactly the columns WideCells builds its SQL from, after their keys.
        var waveColumns = await ColumnsOf(migrated, "wave_cells");
        var segmentColumns = await ColumnsOf(migrated, "segment_cells");
        Assert.Equal(["feature_id", "wave", WideCells.Total, .. WideCells.Columns], waveColumns);
        Assert.Equal(["feature_id", "name", "value", WideCells.Total, .. WideCells.Columns], segmentColumns);
        if (provider != StorageProvider.Postgres)
        {
            Assert.All(
                await migrated.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE name IN ('wave_cells', 'segment_cells')"),
                sql => Assert.EndsWith("WITHOUT ROWID", sql, StringComparison.Ordinal));
        }

        var wide = await WideRows(migrated);
        Assert.Equal(3 * (Waves.Length + Segments.Length), wide.Count);
        Assert.Equal(Ordered(narrow), Ordered(wide.SelectMany(row => row.Cells)));
        foreach (var row in wide)
        {
            Assert.Equal(narrow.Where(cell => cell.Group == row.Group && cell.FeatureId == row.FeatureId).Sum(cell => cell.Sums[0]), row.Total);
        }

        // One row per key: a second row for the same feature and wave is an upsert's conflict, not a new row.
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("INSERT INTO wave_cells (feature_id, wave) VALUES (1, 'w1')"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("INSERT INTO segment_cells (feature_id, name, value) VALUES (1, 'plan', 'pro')"));
        // Deleting a feature takes its rows with it (the foreign key's cascade), and a missing feature is refused.
        await migrated.ExecuteAsync("DELETE FROM features WHERE id = 2");
        Assert.DoesNotContain(await WideRows(migrated), row => row.FeatureId == 2);
        Assert.Equal(2 * (Waves.Length + Segments.Length), (await WideRows(migrated)).Count);
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("INSERT INTO wave_cells (feature_id, wave) VALUES (2, 'w1')"));
    }

    [Fact]
    public async Task ADatabaseFromBeforeTheWaveAggregatesEndsWithWideRowsEqualToARecountOfItsAnswers()
    {
        // 0014 back-fills the narrow cells from the stored answers, 0017 pivots them into wide rows: together they
        // must give what the recorder would have written.
        var database = host.Database;
        var provider = KanoApiFactory.Provider;
        var before = Migrations.KnownFor(provider)
            .Where(name => string.CompareOrdinal(name, "0014_wave_and_segment_cells.sql") < 0)
            .ToDictionary(name => name, name => Migrations.ReadEmbeddedScript(provider, name));
        new Migrations(database, NullLogger<Migrations>.Instance, before).Apply();
        await using (var connection = host.NewConnection())
        {
            await connection.ExecuteAsync("""
                INSERT INTO workspaces (id, name, created_at) VALUES (1, 'w', 'now');
                INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 's', 'now', 'now');
                INSERT INTO features (id, survey_id, key, name, created_at, updated_at)
                VALUES (1, 1, 'one', 'One', 'now', 'now'), (2, 1, 'two', 'Two', 'now', 'now'), (3, 1, 'three', 'Three', 'now', 'now');
                """);
            for (var respondent = 1L; respondent <= 24; respondent++)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO respondents (id, survey_id, respondent_key, wave, created_at) VALUES (@respondent, 1, @key, @wave, 'now')",
                    new { respondent, key = $"r{respondent}", wave = respondent % 4 == 0 ? null : $"w{respondent % 3}" });
                await connection.ExecuteAsync(
                    "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, 1, 'plan', @plan)",
                    new { respondent, plan = respondent % 2 == 0 ? "pro" : "free" });
                if (respondent % 3 == 0)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, 1, 'region', 'north')", new { respondent });
                }

                for (var feature = 1L; feature <= 3; feature++)
                {
                    if ((respondent + feature) % 5 == 0)
                    {
                        continue;
                    }

                    await connection.ExecuteAsync(
                        """
                        INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
                        VALUES (@respondent, @feature, @functional, @dysfunctional, @importance, @satisfaction)
                        """,
                        new
                        {
                            respondent, feature, functional = (respondent + feature) % 5 + 1, dysfunctional = (respondent * feature) % 5 + 1,
                            importance = respondent % 3 == 1 ? (long?)null : respondent % 9 + 1,
                            satisfaction = respondent % 4 == 2 ? (long?)null : (respondent + feature) % 5 + 1,
                        });
                }
            }

            await connection.ExecuteAsync("""
                INSERT INTO feature_cells (feature_id, functional, dysfunctional, answers, importance_count, importance_sum,
                    importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
                SELECT feature_id, functional, dysfunctional, count(*), count(importance), coalesce(sum(importance), 0),
                       coalesce(sum(importance * importance), 0), count(satisfaction), coalesce(sum(satisfaction), 0),
                       coalesce(sum(satisfaction * satisfaction), 0)
                FROM answers GROUP BY feature_id, functional, dysfunctional
                """);
        }

        new Migrations(database, NullLogger<Migrations>.Instance).Apply();

        var aggregates = await Responses.AggregatesTests.Aggregates(host.NewConnection(), 1);
        Assert.Equal(await Responses.AggregatesTests.Recount(host.NewConnection(), 1), aggregates);
        Assert.Contains(aggregates, cell => cell.Group == "segment:region=north" && cell.F > 0);
        Assert.Contains(aggregates, cell => cell.Group == "wave:w2" && cell.F > 0);
    }

    private static async Task<string[]> ColumnsOf(DbConnection connection, string table)
    {
        await using var reader = await connection.ExecuteReaderAsync($"SELECT * FROM {table} WHERE 1 = 0");
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    /// <summary>Every wide row, with its cells that hold any sum.</summary>
    private static async Task<List<(string Group, long FeatureId, long Total, List<Cell> Cells)>> WideRows(DbConnection connection)
    {
        var rows = new List<(string, long, long, List<Cell>)>();
        await using var reader = await connection.ExecuteReaderAsync(
            $"""
            SELECT 'wave:' || wave, feature_id, {WideCells.ColumnList} FROM wave_cells
            UNION ALL
            SELECT 'segment:' || name || '=' || value, feature_id, {WideCells.ColumnList} FROM segment_cells
            """);
        while (await reader.ReadAsync())
        {
            var (group, featureId) = (reader.GetString(0), reader.GetInt64(1));
            var sums = new long[WideCells.Width];
            WideCells.Read(reader, 3, sums);
            var cells = Enumerable.Range(0, WideCells.Cells)
                .Where(cell => sums.AsSpan(cell * WideCells.Sums, WideCells.Sums).ContainsAnyExcept(0))
                .Select(cell => new Cell(group, featureId, cell / 5 + 1, cell % 5 + 1, sums[(cell * WideCells.Sums)..((cell + 1) * WideCells.Sums)]))
                .ToList();
            rows.Add((group, featureId, reader.GetInt64(2), cells));
        }

        return rows;
    }

    private static string[] Ordered(IEnumerable<Cell> cells) =>
        [.. cells.Select(cell => $"{cell.Group} {cell.FeatureId} {cell.Functional}{cell.Dysfunctional}: {string.Join(' ', cell.Sums)}").Order(StringComparer.Ordinal)];

    private sealed record Cell(string Group, long FeatureId, long Functional, long Dysfunctional, long[] Sums);

    public void Dispose() => host.Dispose();
}
