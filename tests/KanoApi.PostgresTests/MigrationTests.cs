using Dapper;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KanoApi.PostgresTests;

public sealed class MigrationTests
{
    [Fact]
    public async Task FiveInstancesMigratingAnEmptyDatabaseAtOnceApplyEachMigrationExactlyOnce()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var known = Migrations.KnownFor(StorageProvider.Postgres);
        using var start = new Barrier(5);
        var runs = Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            // Each runner its own Database (its own pool), as five processes would have.
            await using var database = new Database(StorageProvider.Postgres, connectionString);
            start.SignalAndWait();
            return new Migrations(database, NullLogger<Migrations>.Instance).Apply();
        })).ToArray();

        var applied = await Task.WhenAll(runs);

        Assert.Equal(known.Count, applied.Sum());
        Assert.Equal(1, applied.Count(count => count > 0));
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name")).ToArray();
        Assert.Equal(known, rows);
    }

    [Fact]
    public async Task ADatabaseWhoseSchemaIsNewerThanTheBuildRefusesToStartAndNamesTheUnknownMigration()
    {
        var connectionString = Postgres.NewDatabase(out _);
        await using var database = new Database(StorageProvider.Postgres, connectionString);
        new Migrations(database, NullLogger<Migrations>.Instance).Apply();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 'now')");
        }

        var refusal = Assert.Throws<InvalidOperationException>(() => new Migrations(database, NullLogger<Migrations>.Instance).Apply());

        Assert.Contains("newer than this build", refusal.Message);
        Assert.Contains("9999_from_the_future.sql", refusal.Message);
    }

    [Fact]
    public async Task ThePostgresSchemaHasTheSameTablesAndColumnsAsTheSqliteSchema()
    {
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"kano-schema-{Guid.NewGuid():N}.db");
        try
        {
            var sqlite = new Database($"Data Source={sqlitePath}");
            new Migrations(sqlite, NullLogger<Migrations>.Instance).Apply();
            var sqliteColumns = new SortedSet<string>(StringComparer.Ordinal);
            using (var connection = sqlite.Open())
            {
                foreach (var row in connection.Query<(string Table, string Column)>(
                    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"))
                {
                    sqliteColumns.Add($"{row.Table}.{row.Column}");
                }
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var connectionString = Postgres.NewDatabase(out _);
            await using var postgres = new Database(StorageProvider.Postgres, connectionString);
            new Migrations(postgres, NullLogger<Migrations>.Instance).Apply();
            await using var pg = new NpgsqlConnection(connectionString);
            var postgresColumns = new SortedSet<string>(
                (await pg.QueryAsync<string>("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'")),
                StringComparer.Ordinal);

            Assert.Equal(sqliteColumns, postgresColumns);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqlitePath + suffix);
            }
        }
    }
}
