using System.Data.Common;
using KanoApi.Infrastructure;

namespace KanoApi.Storage;

/// <summary>
/// The database the service runs on, as handlers and stores see it: connections as <see cref="DbConnection"/> (never a
/// provider's own types), a snapshot for reads that must agree with themselves, the start-up lock and the staging
/// folder. What differs between SQLite and PostgreSQL is its <see cref="Provider"/>'s (<see cref="StorageProvider"/>).
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly DatabaseConnections connections;

    /// <summary>A SQLite database (the default provider).</summary>
    public Database(string connectionString)
        : this(StorageProvider.Sqlite, connectionString)
    {
    }

    public Database(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        connections = provider.Connect(connectionString);
        Staging = new StagingArea(connections.StagingRoot);
    }

    /// <summary>Which provider this database is, and so which migrations and which differences apply.</summary>
    public StorageProvider Provider { get; }

    public string ConnectionString => connections.ConnectionString;

    /// <summary>The database's name for logs and health answers, never its credentials.</summary>
    public string Describe() => connections.Describe();

    /// <summary>
    /// Where request bodies wait before their write transaction (CSV imports): a folder of this process's own, beside
    /// the SQLite file or in the temporary folder (<see cref="StagingArea"/>).
    /// </summary>
    public StagingArea Staging { get; }

    public string StagingFolder => Staging.Folder;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => connections.OpenAsync(cancellationToken);

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

    public DbConnection Open() => connections.Open();

    /// <summary>Whether other instances may share this database (PostgreSQL): see <see cref="PeerNotices"/>.</summary>
    public bool HasPeers => connections.HasPeers;

    /// <inheritdoc cref="DatabaseConnections.NotifyPeersAsync"/>
    public Task NotifyPeersAsync(string notice, CancellationToken cancellationToken) => connections.NotifyPeersAsync(notice, cancellationToken);

    /// <inheritdoc cref="DatabaseConnections.ListenToPeersAsync"/>
    public Task ListenToPeersAsync(Action<string> received, Action listening, Action<Exception> lost, CancellationToken cancellationToken) =>
        connections.ListenToPeersAsync(received, listening, lost, cancellationToken);

    /// <summary>A read-only snapshot for reads that must agree with themselves (<see cref="StorageProvider.BeginSnapshotAsync"/>).</summary>
    public Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Provider.BeginSnapshotAsync(connection, cancellationToken);

    /// <summary>
    /// Serialises start-up work across instances sharing one database (bootstrap workspace, demo seeding: each reads
    /// "is it there yet?" and then writes, which two instances starting together would both do), until disposed.
    /// PostgreSQL holds an advisory lock; SQLite needs none: one process owns its file, and its write transactions
    /// are serialised anyway.
    /// </summary>
    public IDisposable HoldStartupLock() => connections.HoldLock(StartupLockKey);

    /// <summary>Holds the lock <paramref name="key"/> across instances until disposed (<see cref="HoldStartupLock"/>).</summary>
    internal IDisposable HoldLock(long key) => connections.HoldLock(key);

    /// <summary>The start-up advisory lock key: "KANS" in ASCII (migrations take their own, "KANO").</summary>
    private const long StartupLockKey = 0x4B414E53;

    /// <summary>Where the data is, for an operator's log line: the SQLite file's full path, or PostgreSQL's host, port and database.</summary>
    public string Location => connections.Location;

    /// <summary>How an operator empties this database to start over (for log lines that advise it).</summary>
    public string StartOverAdvice => connections.StartOverAdvice;

    /// <summary>Closes the PostgreSQL pool and removes this process's staging folder (the host disposes the singleton at shutdown).</summary>
    public ValueTask DisposeAsync()
    {
        Staging.Dispose();
        return connections.DisposeAsync();
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

    /// <summary>What the database needs once at start-up before any request: SQLite's write-ahead log, set on the file.</summary>
    public void EnableWriteAheadLog() => connections.PrepareAtStartup();
}
