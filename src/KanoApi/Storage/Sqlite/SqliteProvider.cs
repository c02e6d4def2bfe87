using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Storage.Sqlite;

/// <summary>
/// SQLite: one file, one process, one writer at a time. Write transactions hold the one writer's lock from their start,
/// so rows need no locks of their own and work needs no claiming; the statements run in-process, so a prepared
/// statement per row is the fastest write.
/// </summary>
internal sealed class SqliteProvider : StorageProvider
{
    /// <summary>SQLite's page cache for a CSV import's connection, in KiB (<see cref="PrepareForImportAsync"/>).</summary>
    public const int ImportCacheKibibytes = 65_536;

    public override string Name => "sqlite";

    internal override DatabaseConnections Connect(string connectionString) => new SqliteConnections(connectionString);

    /// <summary>A deferred transaction holds one WAL snapshot and never blocks the writer.</summary>
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    internal override bool RebuildsTables(string script) => script.StartsWith(Migrations.RebuildsTablesMarker, StringComparison.Ordinal);

    /// <summary>The pragma is a no-op inside a transaction, so it is set before the script's transaction begins.</summary>
    internal override void EnforceForeignKeys(DbConnection connection, bool enforce) =>
        connection.Execute(enforce ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");

    internal override bool BreaksForeignKeys(DbConnection connection, DbTransaction transaction) =>
        connection.Query("PRAGMA foreign_key_check", transaction: transaction).Any();

    internal override string CountTablesNamedSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table";

    public override string LockRowForWrite => "";

    public override string ClaimRowsSkippingLocked(string? table = null) => "";

    public override string RowsKeyedByIdsIn(string ids, string table, string key) => $"FROM {ids} CROSS JOIN {table} WHERE {key} = {ids}.id";

    public override bool CountsInsertedRespondentsByTrigger => false;

    internal override IRespondentWriter RespondentWriter(DbConnection connection, DbTransaction transaction, long surveyId, string createdAt, bool bulk) =>
        new SqliteRespondentWriter((SqliteConnection)connection, surveyId, createdAt);

    /// <summary>A statement prepared on the connection's own handle and bound by position (<see cref="SqliteStatement"/>).</summary>
    internal override RowStatement Prepare(DbConnection connection, DbTransaction transaction, AddingUpsert upsert) =>
        new SqliteStatement(
            (SqliteConnection)connection,
            $"INSERT INTO {upsert.Table} ({upsert.ColumnList}) VALUES ({string.Join(", ", upsert.ParameterNames)}) {upsert.OnConflict}",
            upsert.ParameterNames);

    /// <summary>
    /// Gives a CSV import's connection a 64 MiB page cache for as long as the import holds it, and the default back
    /// afterwards (the pool keeps the native connection). An import writes respondents, their segments and answers
    /// into seven B-trees in one transaction; once its dirty pages outgrow SQLite's default 2 MiB cache they are
    /// spilled and read back again and again. Only the import's connection gets it, so RSS stays
    /// bounded however many connections the pool holds.
    /// </summary>
    public override async Task<IAsyncDisposable?> PrepareForImportAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var previous = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA cache_size", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"PRAGMA cache_size = -{ImportCacheKibibytes}", cancellationToken: cancellationToken));
        return new CacheRestore(connection, previous);
    }

    /// <summary>Nothing: SQLite's plans for these queries follow the indexes.</summary>
    public override Task RefreshStatisticsAfterImportAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private protected override bool ReportsUnavailable(Exception exception) => false;

    /// <summary>Busy or locked (SQLITE_BUSY, SQLITE_LOCKED) past the busy timeout.</summary>
    private protected override bool ReportsTransient(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    private sealed class CacheRestore(DbConnection connection, long previous) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync($"PRAGMA cache_size = {previous}");
            // The pages the import cached are freed with the cache's new size only when SQLite next trims it.
            await connection.ExecuteAsync("PRAGMA shrink_memory");
        }
    }
}
