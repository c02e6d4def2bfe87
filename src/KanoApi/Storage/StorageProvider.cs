using System.Data.Common;
using KanoApi.Storage.Postgres;
using KanoApi.Storage.Sqlite;

namespace KanoApi.Storage;

/// <summary>
/// Everything that differs between the two storage providers, behind one type: how connections are opened and
/// configured, which migration set applies and how instances take turns applying it, how respondents and aggregate
/// rows are written fastest, the SQL fragments a portable statement cannot spell (row locks, SKIP LOCKED, a join the
/// planner must not reorder) and how a provider reports the errors the service answers differently. A store writes
/// SQL both providers understand once, and asks <see cref="Of"/> its connection's provider for the rest — one idiom.
/// Only types under <c>KanoApi.Storage</c> touch Microsoft.Data.Sqlite, SQLitePCL or Npgsql (an architecture test
/// keeps it so; docs/decisions/0017).
/// </summary>
public abstract class StorageProvider
{
    /// <summary>Embedded, single-file, one writer at a time: the default, needing nothing but the .NET SDK.</summary>
    public static StorageProvider Sqlite { get; } = new SqliteProvider();

    /// <summary>A shared server for any number of identical instances (Npgsql).</summary>
    public static StorageProvider Postgres { get; } = new PostgresProvider();

    /// <summary>The configuration value (<c>Kano:Database:Provider</c>) and the migrations folder's name.</summary>
    public abstract string Name { get; }

    public override string ToString() => Name;

    /// <summary>The provider named by <c>Kano:Database:Provider</c> (sqlite when unset).</summary>
    public static StorageProvider FromName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        _ => throw new InvalidOperationException(
            $"Kano:Database:Provider is '{name}'; use 'sqlite' (the default, one file) or 'postgres' (ConnectionStrings:Kano is then an Npgsql connection string)."),
    };

    /// <summary>The provider of an open connection: stores receive connections, not the <see cref="Database"/>.</summary>
    public static StorageProvider Of(DbConnection connection) => PostgresProvider.Owns(connection) ? Postgres : Sqlite;

    // ---- Connections ----

    /// <summary>The connections of one database: its pool (PostgreSQL) or its file (SQLite).</summary>
    internal abstract DatabaseConnections Connect(string connectionString);

    /// <summary>
    /// A read-only snapshot for reads that must agree with themselves (an analysis reads the survey's versions and
    /// then its answers).
    /// </summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    // ---- Migrations ----

    /// <summary>
    /// Whether a migration script rebuilds tables and so runs with foreign keys off, checked before it commits
    /// (SQLite's procedure for changing a table's definition; PostgreSQL alters tables in place).
    /// </summary>
    internal abstract bool RebuildsTables(string script);

    /// <summary>Turns foreign-key enforcement off or on for a <see cref="RebuildsTables"/> script (outside its transaction).</summary>
    internal abstract void EnforceForeignKeys(DbConnection connection, bool enforce);

    /// <summary>Whether any row breaks a foreign key, checked before a <see cref="RebuildsTables"/> script commits.</summary>
    internal abstract bool BreaksForeignKeys(DbConnection connection, DbTransaction transaction);

    /// <summary>A count of the tables named <c>@table</c> in the current schema.</summary>
    internal abstract string CountTablesNamedSql { get; }

    // ---- SQL fragments a store asks for ----

    /// <summary>
    /// Appended to a SELECT of a parent row (a survey, a workspace) inside a write transaction that checks something
    /// and then writes on the strength of it (a key bound to a survey that exists, a count under its limit). SQLite
    /// needs nothing: its write transactions begin IMMEDIATE and hold the one writer's lock. PostgreSQL locks the row
    /// until commit, so a concurrent writer of the same parent (delete the survey, make another key) waits instead
    /// of acting on what this one has just checked. NO KEY UPDATE leaves foreign-key checks of child rows unblocked.
    /// </summary>
    public abstract string LockRowForWrite { get; }

    /// <summary>
    /// Appended to a SELECT that claims work rows (due webhook events and deliveries) for this instance: on PostgreSQL
    /// the rows are locked and the ones another instance already holds are skipped, so instances take the next rows
    /// instead of waiting; <paramref name="table"/> names the one table to lock in a join. SQLite needs nothing: one
    /// process owns the file and its writers take turns.
    /// </summary>
    public abstract string ClaimRowsSkippingLocked(string? table = null);

    /// <summary>
    /// FROM and WHERE reading the rows of <paramref name="table"/> whose <paramref name="key"/> (the leading column of
    /// its primary key) is an id in the CTE <paramref name="ids"/> (one column, <c>id</c>), by that key: never a scan
    /// of the table. SQLite keeps the left table of a CROSS JOIN outside. PostgreSQL reorders any join, and chose a
    /// hash join over the whole table for a few thousand ids; given the ids as one array, it looks them up in the key.
    /// </summary>
    public abstract string RowsKeyedByIdsIn(string ids, string table, string key);

    /// <summary>
    /// Whether a trigger adds inserted respondents to <c>surveys.respondent_count</c> (PostgreSQL, per statement: it
    /// also orders a survey's concurrent writers at their first insert), or the write adds them itself, once per
    /// transaction (SQLite, migration 0019).
    /// </summary>
    public abstract bool CountsInsertedRespondentsByTrigger { get; }

    // ---- Writes ----

    /// <summary>
    /// How respondents, their segments and answers are stored in <paramref name="transaction"/>: the provider's
    /// fastest path, and with <paramref name="bulk"/> (a CSV import of any size) its bulk path where it has one.
    /// </summary>
    internal abstract IRespondentWriter RespondentWriter(DbConnection connection, DbTransaction transaction, long surveyId, string createdAt, bool bulk);

    /// <summary>Prepares <paramref name="upsert"/> in <paramref name="transaction"/>, its rows then set column by column.</summary>
    internal abstract RowStatement Prepare(DbConnection connection, DbTransaction transaction, AddingUpsert upsert);

    /// <summary>
    /// Gives a CSV import's connection what a long write in one transaction needs for as long as the import holds it
    /// (null when nothing): undone when the result is disposed.
    /// </summary>
    public abstract Task<IAsyncDisposable?> PrepareForImportAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Brings the planner's statistics of the response tables up to date after a large import has committed.</summary>
    public abstract Task RefreshStatisticsAfterImportAsync(DbConnection connection, CancellationToken cancellationToken);

    // ---- Errors ----

    /// <summary>Whether this provider reports <paramref name="exception"/> as the server being unreachable or gone.</summary>
    private protected abstract bool ReportsUnavailable(Exception exception);

    /// <summary>Whether this provider reports <paramref name="exception"/> as a failure that may pass if retried.</summary>
    private protected abstract bool ReportsTransient(Exception exception);

    /// <summary>
    /// The database server could not be reached or went away (the part of <see cref="IsTransient"/> that is an outage,
    /// not contention). A timeout is not among them: the server answered, slowly.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        Sqlite.ReportsUnavailable(exception) || Postgres.ReportsUnavailable(exception);

    /// <summary>The database could not take the request now but may shortly (busy, locked, unreachable, a deadlock).</summary>
    public static bool IsTransient(Exception exception) =>
        Sqlite.ReportsTransient(exception) || Postgres.ReportsTransient(exception);

    /// <summary>
    /// The names of the ActivitySources and Meters the providers' libraries report to (for OpenTelemetry): Npgsql's
    /// database commands and pool metrics; Microsoft.Data.Sqlite emits none.
    /// </summary>
    public static IReadOnlyList<string> TelemetrySources { get; } = [PostgresProvider.TelemetrySource];
}
