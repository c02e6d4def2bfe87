using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace KanoApi.Storage.Sqlite;

/// <summary>
/// A SQLite database's connections, configured the same way every time: WAL so readers never block the writer (set
/// once per file, <see cref="PrepareAtStartup"/>), a busy timeout so a busy database is waited for rather than failed,
/// foreign keys enforced (cascades depend on them) and synchronous=NORMAL, which in WAL mode is still durable at every
/// commit boundary that matters for a crash of the process (only an OS crash can lose the last transactions).
/// </summary>
internal sealed class SqliteConnections : DatabaseConnections
{
    // busy_timeout is in milliseconds; writers queue behind each other instead of failing with SQLITE_BUSY.
    private const string ConnectionPragmas =
        "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // The pragmas are settings of the native connection, which the pool keeps open between uses: they are applied once
    // per native handle, not on every open (two opens per request otherwise re-run them).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private readonly SqliteConnectionStringBuilder builder;

    public SqliteConnections(string connectionString)
    {
        builder = new SqliteConnectionStringBuilder(connectionString);
        ConnectionString = builder.ToString();
        if (IsFile && Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }

    public override string ConnectionString { get; }

    public override string Describe() => $"sqlite {builder.DataSource}";

    /// <summary>The SQLite file's full path.</summary>
    public override string Location => Path.GetFullPath(builder.DataSource);

    public override string StartOverAdvice => $"stop the service and delete {Location} with its -wal and -shm files";

    /// <summary>Beside the file (one process owns it), or in the temporary folder for a database in memory.</summary>
    public override string StagingRoot => IsFile
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!, Path.GetFileName(builder.DataSource) + ".staging")
        : Path.Combine(Path.GetTempPath(), "kano-staging");

    public override DbConnection Open()
    {
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
    /// The same open as <see cref="Open"/>: Microsoft.Data.Sqlite opens and runs statements synchronously whichever
    /// method is called (SQLite is in-process), so an asynchronous copy of the opening would only be a second copy.
    /// </summary>
    public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open());
    }

    /// <summary>WAL is a property of the database file, so it is set once at start-up, not per connection.</summary>
    public override void PrepareAtStartup()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    private bool IsFile =>
        !string.IsNullOrWhiteSpace(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory;
}
