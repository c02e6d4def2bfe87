using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KanoApi.Infrastructure;

/// <summary>
/// Hands out connections of the configured provider (<see cref="Dialect"/>) as <see cref="DbConnection"/>: handlers and
/// stores never see a provider's own types. PostgreSQL connections come from one <see cref="NpgsqlDataSource"/> (its
/// pool). SQLite connections are configured the same way every time: WAL so readers never block the writer,
/// a busy timeout so a busy database is waited for rather than failed, foreign keys enforced (cascades
/// depend on them) and synchronous=NORMAL, which in WAL mode is still durable at every commit boundary
/// that matters for a crash of the process (only an OS crash can lose the last transactions).
/// </summary>
public sealed class Database : IAsyncDisposable
{
    // busy_timeout is in milliseconds; writers queue behind each other instead of failing with SQLITE_BUSY.
    private const string ConnectionPragmas =
        "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // The pragmas are settings of the native connection, which the pool keeps open between uses: they are applied once
    // per native handle, not on every open (two opens per request otherwise re-run them).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private readonly NpgsqlDataSource? postgres;

    /// <summary>
    /// Session settings sent with every PostgreSQL connection, bounding what a session does for a client that is gone.
    /// A killed instance's socket closes, but the server notices only when it next reads from it: a statement still
    /// running or waiting for a lock kept its transaction's locks (the survey's row, for an import) until it finished.
    /// So the server checks the connection every 2 s while a statement runs; keepalives find a peer whose machine
    /// vanished without closing anything; and a transaction left idle by a live but stuck process is ended after two
    /// minutes (no request of this service keeps one idle nearly that long). Options of the connection string come
    /// after these and win.
    /// </summary>
    public const string OrphanedWorkBounds =
        "-c client_connection_check_interval=2000 -c idle_in_transaction_session_timeout=120000 " +
        "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3";

    /// <summary>A SQLite database (the default provider).</summary>
    public Database(string connectionString)
        : this(Dialect.Sqlite, connectionString)
    {
    }

    public Database(Dialect dialect, string connectionString)
    {
        Dialect = dialect;
        if (dialect.IsPostgres)
        {
            var source = new NpgsqlDataSourceBuilder(connectionString);
            source.ConnectionStringBuilder.Options = string.Join(' ', new[] { OrphanedWorkBounds, source.ConnectionStringBuilder.Options }
                .Where(options => !string.IsNullOrWhiteSpace(options)));
            postgres = source.Build();
            ConnectionString = connectionString;
            // Several instances may share a machine and its temporary folder: each stages into a folder of its own.
            Staging = new StagingArea(Path.Combine(Path.GetTempPath(), "kano-staging"));
            return;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString);
        ConnectionString = builder.ToString();
        EnsureFolderExists(builder);
        Staging = new StagingArea(IsFile(builder)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!, Path.GetFileName(builder.DataSource) + ".staging")
            : Path.Combine(Path.GetTempPath(), "kano-staging"));
    }

    /// <summary>Which provider this database is, and so which migrations and which dialect differences apply.</summary>
    public Dialect Dialect { get; }

    public string ConnectionString { get; }

    /// <summary>The database's name for logs and health answers, never its credentials.</summary>
    public string Describe()
    {
        if (Dialect.IsPostgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
        }

        return $"sqlite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
    }

    /// <summary>
    /// Where request bodies wait before their write transaction (CSV imports): a folder of this process's own, beside
    /// the SQLite file or in the temporary folder (<see cref="StagingArea"/>).
    /// </summary>
    public StagingArea Staging { get; }

    public string StagingFolder => Staging.Folder;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Configured.TryAdd(connection.Handle!, Marker))
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = ConnectionPragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The request's own connection, opened on first use and closed when the response completes: authentication
    /// and a read endpoint then share one connection instead of taking two from the pool per request. Callers must
    /// not dispose it.
    /// </summary>
    public async Task<DbConnection> ForRequestAsync(HttpContext http)
    {
        if (http.Items[typeof(Database)] is DbConnection open)
        {
            return open;
        }

        var connection = await OpenAsync(http.RequestAborted);
        http.Items[typeof(Database)] = connection;
        http.Response.RegisterForDisposeAsync(connection);
        return connection;
    }

    public DbConnection Open()
    {
        if (postgres is not null)
        {
            return postgres.OpenConnection();
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            if (Configured.TryAdd(connection.Handle!, Marker))
            {
                using var pragmas = connection.CreateCommand();
                pragmas.CommandText = ConnectionPragmas;
                pragmas.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read-only snapshot for reads that must agree with themselves (an analysis reads the survey's versions and
    /// then its answers): SQLite's deferred transaction holds one WAL snapshot and never blocks the writer;
    /// PostgreSQL's repeatable read gives the same one-snapshot guarantee.
    /// </summary>
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>
    /// Serialises start-up work across instances sharing one PostgreSQL database (bootstrap workspace, demo seeding:
    /// each reads "is it there yet?" and then writes, which two instances starting together would both do). Holds a
    /// session advisory lock on a connection of its own until disposed; the server releases it if the process dies.
    /// SQLite needs none: one process owns its file, and its write transactions are serialised anyway.
    /// </summary>
    public IDisposable HoldStartupLock()
    {
        if (!Dialect.IsPostgres)
        {
            return NoLock.Instance;
        }

        var connection = Open();
        Execute(connection, $"SELECT pg_advisory_lock({StartupLockKey})");
        return new HeldLock(connection);
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Unlocks explicitly: a pooled connection keeps its session (and its locks) until it is next used.</summary>
    private sealed class HeldLock(DbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Execute(connection, $"SELECT pg_advisory_unlock({StartupLockKey})");
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>The start-up advisory lock key: "KANS" in ASCII (migrations take their own, "KANO").</summary>
    private const long StartupLockKey = 0x4B414E53;

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>Where the data is, for an operator's log line: the SQLite file's full path, or PostgreSQL's host, port and database.</summary>
    public string Location => Dialect.IsPostgres
        ? Describe()
        : Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);

    /// <summary>How an operator empties this database to start over (for log lines that advise it).</summary>
    public string StartOverAdvice => Dialect.IsPostgres
        ? $"stop every instance and drop and re-create the database {Describe()} (or point ConnectionStrings:Kano at an empty one)"
        : $"stop the service and delete {Location} with its -wal and -shm files";

    /// <summary>Closes the PostgreSQL pool and removes this process's staging folder (the host disposes the singleton at shutdown).</summary>
    public ValueTask DisposeAsync()
    {
        Staging.Dispose();
        return postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>
    /// Waits at start-up until the database answers, for at most <paramref name="timeout"/>: a database server and
    /// the instances often start together (compose, a rolling restart), and an instance that gave up at once would
    /// crash-loop. Each failed attempt is logged with the database's name (never its credentials).
    /// </summary>
    public void WaitUntilReachable(TimeSpan timeout, ILogger logger)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                command.ExecuteScalar();
                if (attempt > 1)
                {
                    logger.LogInformation("Database {Database} answered after {Attempts} attempts", Describe(), attempt);
                }

                return;
            }
            catch (DbException exception) when (DateTime.UtcNow < deadline)
            {
                logger.LogWarning(
                    "Waiting for the database {Database}: attempt {Attempt} failed ({Reason}); retrying for up to {Timeout}s in all",
                    Describe(), attempt, exception.Message, (int)timeout.TotalSeconds);
                Thread.Sleep(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
            catch (DbException exception)
            {
                throw new InvalidOperationException(
                    $"The database {Describe()} did not answer within {(int)timeout.TotalSeconds}s (Kano:Database:StartupTimeoutSeconds): {exception.Message}",
                    exception);
            }
        }
    }

    /// <summary>WAL is a property of the database file, so it is set once at start-up, not per connection (SQLite only).</summary>
    public void EnableWriteAheadLog()
    {
        if (Dialect.IsPostgres)
        {
            return;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    private static bool IsFile(SqliteConnectionStringBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory;

    private static void EnsureFolderExists(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (!IsFile(builder))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
