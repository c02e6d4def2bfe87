using System.Data.Common;
using Dapper;
using Npgsql;

namespace KanoApi.Storage.Postgres;

/// <summary>
/// PostgreSQL: one server shared by any number of identical instances. Rows a write depends on are locked until commit,
/// work rows are claimed skipping the ones another instance holds, and writes send many rows per round trip (arrays,
/// binary COPY), since every statement waits for the server.
/// </summary>
internal sealed class PostgresProvider : StorageProvider
{
    /// <summary>The name Npgsql's ActivitySource and Meter report under.</summary>
    public const string TelemetrySource = "Npgsql";

    public override string Name => "postgres";

    public static bool Owns(DbConnection connection) => connection is NpgsqlConnection;

    internal override DatabaseConnections Connect(string connectionString) => new PostgresConnections(connectionString);

    /// <summary>Repeatable read gives the same one-snapshot guarantee as SQLite's deferred transaction.</summary>
    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    internal override bool RebuildsTables(string script) => false;

    internal override void EnforceForeignKeys(DbConnection connection, bool enforce) =>
        throw new NotSupportedException("PostgreSQL migrations alter tables in place; foreign keys stay enforced.");

    internal override bool BreaksForeignKeys(DbConnection connection, DbTransaction transaction) => false;

    internal override string CountTablesNamedSql =>
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @table";

    public override string LockRowForWrite => " FOR NO KEY UPDATE";

    public override string ClaimRowsSkippingLocked(string? table = null) =>
        table is null ? " FOR UPDATE SKIP LOCKED" : $" FOR UPDATE OF {table} SKIP LOCKED";

    public override string RowsKeyedByIdsIn(string ids, string table, string key) => $"FROM {table} WHERE {key} = ANY (ARRAY (SELECT id FROM {ids}))";

    public override bool CountsInsertedRespondentsByTrigger => true;

    /// <summary>A CSV import by binary COPY (<see cref="PostgresCopyWriter"/>), anything else one statement per respondent (<see cref="PostgresStatementWriter"/>).</summary>
    internal override IRespondentWriter RespondentWriter(DbConnection connection, DbTransaction transaction, long surveyId, string createdAt, bool bulk) =>
        bulk
            ? new PostgresCopyWriter((NpgsqlConnection)connection, surveyId)
            : new PostgresStatementWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, surveyId, createdAt);

    internal override RowStatement Prepare(DbConnection connection, DbTransaction transaction, AddingUpsert upsert) =>
        new PostgresArrayUpsert((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, upsert);

    /// <summary>Nothing: PostgreSQL keeps its buffers in the server.</summary>
    public override Task<IAsyncDisposable?> PrepareForImportAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>
    /// Refreshes the planner statistics of the response tables. The planner estimates row counts from statistics that
    /// autovacuum refreshes a minute or more later; until then a survey imported in one transaction looks empty to
    /// every plan that reads it (filtered reads no longer depend on it for their shape since decision 0012, but their
    /// set operations and the other queries still size themselves from it). PostgreSQL's own advice for bulk loading
    /// is to ANALYZE afterwards. It samples a fixed number of rows, whatever the table's size.
    /// </summary>
    public override Task RefreshStatisticsAfterImportAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("ANALYZE respondents, respondent_segments, answers", cancellationToken: cancellationToken));

    /// <summary>
    /// A connection refused, reset or closed mid-request, the server shutting down or still starting, a connection
    /// exception (SQLSTATE class 08).
    /// </summary>
    private protected override bool ReportsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.InnerException is System.Net.Sockets.SocketException or IOException or EndOfStreamException,
        _ => false,
    };

    /// <summary>Unreachable, shutting down, out of connections, or a serialization failure or deadlock.</summary>
    private protected override bool ReportsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
