using Dapper;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace KanoApi.Tests.Infrastructure;

/// <summary>Migration 0007 rebuilds surveys, features and api_keys on a database that already holds data.</summary>
public sealed class IdsNeverReusedMigrationTests : IDisposable
{
    private const string Rebuild = "0007_ids_never_reused.sql";
    private readonly string path = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");

    [Fact]
    public void RebuildingTheTablesKeepsEveryRowAndAnswerAndBringsEffortIntoItsRange()
    {
        var database = new Database($"Data Source={path}");
        var before = Migrations.Known.Where(name => string.CompareOrdinal(name, Rebuild) < 0).ToDictionary(name => name, Migrations.ReadEmbeddedScript);
        new Migrations(database, NullLogger<Migrations>.Instance, before).Apply();

        using (var connection = database.Open())
        {
            connection.Execute("""
                INSERT INTO workspaces (id, name, created_at) VALUES (1, 'w', 'now');
                INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 'kept', 'now', 'now'), (3, 1, 'also', 'now', 'now');
                INSERT INTO features (id, survey_id, key, name, effort, created_at, updated_at)
                VALUES (1, 1, 'tiny', 'Tiny', 1e-320, 'now', 'now'), (2, 1, 'huge', 'Huge', 1.7e308, 'now', 'now'), (5, 3, 'plain', 'Plain', 3, 'now', 'now');
                INSERT INTO respondents (id, survey_id, respondent_key, created_at) VALUES (1, 1, 'r1', 'now');
                INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional) VALUES (1, 1, 1, 5), (1, 2, 3, 5);
                INSERT INTO feature_cells (feature_id, functional, dysfunctional, answers) VALUES (1, 1, 5, 1), (2, 3, 5, 1);
                INSERT INTO api_keys (id, workspace_id, prefix, secret_hash, scope, survey_id, created_at)
                VALUES (1, 1, 'p', 'h', 'admin', NULL, 'now'), (2, 1, 'p', 'h', 'collect', 1, 'now'), (4, 1, 'p', 'h', 'collect', 2, 'now');
                """);
        }

        Assert.Equal(Migrations.Known.Count - before.Count, new Migrations(database, NullLogger<Migrations>.Instance).Apply());

        using var migrated = database.Open();
        Assert.Equal(0, migrated.ExecuteScalar<long>("SELECT count(*) FROM pragma_foreign_key_check"));
        Assert.Equal(1, migrated.ExecuteScalar<long>("PRAGMA foreign_keys"));
        Assert.Equal([1L, 3L], migrated.Query<long>("SELECT id FROM surveys ORDER BY id"));
        Assert.Equal(1, migrated.ExecuteScalar<long>("SELECT respondent_count FROM surveys WHERE id = 1"));
        Assert.Equal([0.01, 1_000_000, 3], migrated.Query<double>("SELECT effort FROM features ORDER BY id"));
        Assert.Equal(2, migrated.ExecuteScalar<long>("SELECT count(*) FROM answers"));
        Assert.Equal(2, migrated.ExecuteScalar<long>("SELECT count(*) FROM feature_cells"));
        // The key bound to survey 2, which no longer exists, is revoked; the others are untouched.
        Assert.Equal([4L], migrated.Query<long>("SELECT id FROM api_keys WHERE revoked_at IS NOT NULL"));

        // Cascades and the respondent counter still work on the rebuilt tables, and ids go on from the largest. (Since
        // migration 0019 the write that stores respondents adds them to the count; deletions still count down by trigger.)
        migrated.Execute("INSERT INTO respondents (survey_id, respondent_key, created_at) VALUES (3, 'r2', 'now')");
        migrated.Execute("DELETE FROM respondents WHERE survey_id = 1");
        Assert.Equal(0, migrated.ExecuteScalar<long>("SELECT respondent_count FROM surveys WHERE id = 1"));
        migrated.Execute("DELETE FROM surveys WHERE id = 3");
        Assert.Equal(4, migrated.ExecuteScalar<long>("INSERT INTO surveys (workspace_id, name, created_at, updated_at) VALUES (1, 'n', 'now', 'now') RETURNING id"));
        Assert.Equal(0, migrated.ExecuteScalar<long>("SELECT count(*) FROM features WHERE id = 5"));
        Assert.Equal(6, migrated.ExecuteScalar<long>("INSERT INTO features (survey_id, key, name, created_at, updated_at) VALUES (1, 'n', 'n', 'now', 'now') RETURNING id"));
    }

    public void Dispose() => KanoApiFactory.DeleteDatabase(path);
}
