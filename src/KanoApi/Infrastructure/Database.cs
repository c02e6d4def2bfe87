using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace KanoApi.Infrastructure;

/// <summary>
/// Opens SQLite connections configured the same way every time: WAL so readers never block the writer,
/// a busy timeout so a busy database is waited for rather than failed, foreign keys enforced (cascades
/// depend on them) and synchronous=NORMAL, which in WAL mode is still durable at every commit boundary
/// that matters for a crash of the process (only an OS crash can lose the last transactions).
/// </summary>
public sealed class Database
{
    // busy_timeout is in milliseconds; writers queue behind each other instead of failing with SQLITE_BUSY.
    private const string ConnectionPragmas =
        "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // The pragmas are settings of the native connection, which the pool keeps open between uses: they are applied once
    // per native handle, not on every open (two opens per request otherwise re-run them).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public Database(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        ConnectionString = builder.ToString();
        EnsureFolderExists(builder);
        StagingFolder = IsFile(builder)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!, Path.GetFileName(builder.DataSource) + ".staging")
            : Path.Combine(Path.GetTempPath(), "kano-staging");
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Where request bodies wait before their write transaction (CSV imports): beside the database file, because it
    /// belongs to this database alone and may be emptied at start-up.
    /// </summary>
    public string StagingFolder { get; }

    /// <summary>Deletes what a killed process left staged; nothing can be using it before the service starts.</summary>
    public void SweepStagingFolder()
    {
        if (Directory.Exists(StagingFolder))
        {
            foreach (var file in Directory.EnumerateFiles(StagingFolder))
            {
                File.Delete(file);
            }
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
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
    public async Task<SqliteConnection> ForRequestAsync(HttpContext http)
    {
        if (http.Items[typeof(Database)] is SqliteConnection open)
        {
            return open;
        }

        var connection = await OpenAsync(http.RequestAborted);
        http.Items[typeof(Database)] = connection;
        http.Response.RegisterForDisposeAsync(connection);
        return connection;
    }

    public SqliteConnection Open()
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

    /// <summary>WAL is a property of the database file, so it is set once at start-up, not per connection.</summary>
    public void EnableWriteAheadLog()
    {
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
