using Microsoft.Data.Sqlite;
using Npgsql;

namespace KanoApi.Infrastructure;

/// <summary>
/// What differs between the two storage providers, in one place: how a connection is made, which migration set
/// applies, and how a provider reports the errors the service answers differently (a unique key already taken, a
/// database too busy or unreachable). SQL that both providers understand is written once, in the stores; only what
/// cannot be is asked of the dialect.
/// </summary>
public sealed class Dialect
{
    /// <summary>Embedded, single-file, one writer at a time: the default, needing nothing but the .NET SDK.</summary>
    public static readonly Dialect Sqlite = new("sqlite");

    /// <summary>A shared server for any number of identical instances (Npgsql).</summary>
    public static readonly Dialect Postgres = new("postgres");

    private Dialect(string name) => Name = name;

    /// <summary>The configuration value (<c>Kano:Database:Provider</c>) and the migrations folder's name.</summary>
    public string Name { get; }

    public bool IsPostgres => ReferenceEquals(this, Postgres);

    /// <summary>The dialect of an open connection (stores receive connections, not the Database).</summary>
    public static Dialect Of(System.Data.Common.DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>
    /// Appended to a SELECT of a parent row (a survey, a workspace) inside a write transaction that checks something
    /// and then writes on the strength of it (a key bound to a survey that exists, a count under its limit). SQLite
    /// needs nothing: its write transactions begin IMMEDIATE and hold the one writer's lock. PostgreSQL locks the row
    /// until commit, so a concurrent writer of the same parent (delete the survey, make another key) waits instead
    /// of acting on what this one has just checked. NO KEY UPDATE leaves foreign-key checks of child rows unblocked.
    /// </summary>
    public string LockRowForWrite => IsPostgres ? " FOR NO KEY UPDATE" : "";

    /// <summary>
    /// Whether a trigger adds inserted respondents to <c>surveys.respondent_count</c> (PostgreSQL, per statement: it
    /// also orders a survey's concurrent writers at their first insert), or the write adds them itself, once per
    /// transaction (SQLite, migration 0019).
    /// </summary>
    public bool CountsInsertedRespondentsByTrigger => IsPostgres;

    /// <summary>The dialect named by <c>Kano:Database:Provider</c> (sqlite when unset).</summary>
    public static Dialect FromName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        _ => throw new InvalidOperationException(
            $"Kano:Database:Provider is '{name}'; use 'sqlite' (the default, one file) or 'postgres' (ConnectionStrings:Kano is then an Npgsql connection string)."),
    };

    /// <summary>
    /// The database server could not be reached or went away (the part of <see cref="IsTransient"/> that is an outage,
    /// not contention): a connection refused, reset or closed mid-request, the server shutting down or still starting,
    /// a connection exception (SQLSTATE class 08). A timeout is not among them: the server answered, slowly.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.InnerException is System.Net.Sockets.SocketException or IOException or EndOfStreamException,
        _ => false,
    };

    /// <summary>
    /// The database could not take the request now but may shortly: SQLite busy or locked past the busy timeout;
    /// PostgreSQL unreachable, shutting down, out of connections, or a serialization failure or deadlock.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
