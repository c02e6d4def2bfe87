using System.Data.Common;
using Npgsql;

namespace KanoApi.Storage.Postgres;

/// <summary>A PostgreSQL database's connections: one <see cref="NpgsqlDataSource"/> (its pool), every session bounded by <see cref="OrphanedWorkBounds"/>.</summary>
internal sealed class PostgresConnections : DatabaseConnections
{
    /// <summary>
    /// Session settings sent with every connection, bounding what a session does for a client that is gone. A killed
    /// instance's socket closes, but the server notices only when it next reads from it: a statement still running or
    /// waiting for a lock kept its transaction's locks (the survey's row, for an import) until it finished. So the
    /// server checks the connection every 2 s while a statement runs; keepalives find a peer whose machine vanished
    /// without closing anything; and a transaction left idle by a live but stuck process is ended after two minutes
    /// (no request of this service keeps one idle nearly that long). Options of the connection string come after
    /// these and win.
    /// </summary>
    public const string OrphanedWorkBounds =
        "-c client_connection_check_interval=2000 -c idle_in_transaction_session_timeout=120000 " +
        "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3";

    private readonly NpgsqlDataSource source;

    public PostgresConnections(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = string.Join(' ', new[] { OrphanedWorkBounds, builder.ConnectionStringBuilder.Options }
            .Where(options => !string.IsNullOrWhiteSpace(options)));
        source = builder.Build();
        ConnectionString = connectionString;
    }

    public override string ConnectionString { get; }

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>The server's host, port and database.</summary>
    public override string Location => Describe();

    public override string StartOverAdvice =>
        $"stop every instance and drop and re-create the database {Describe()} (or point ConnectionStrings:Kano at an empty one)";

    /// <summary>Several instances may share a machine and its temporary folder: each stages into a folder of its own below it.</summary>
    public override string StagingRoot => Path.Combine(Path.GetTempPath(), "kano-staging");

    public override DbConnection Open() => source.OpenConnection();

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await source.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A session advisory lock on a connection of its own until disposed; the server releases it if the process dies.
    /// </summary>
    public override IDisposable HoldLock(long key)
    {
        var connection = source.OpenConnection();
        try
        {
            Execute(connection, $"SELECT pg_advisory_lock({key})");
            return new HeldLock(connection, key);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The channel instances tell each other what changed on (decision 0028).</summary>
    public const string PeerChannel = "kano_changes";

    /// <summary>The listening session's application_name, by which an operator (or a test) finds it in pg_stat_activity.</summary>
    public const string ListenerName = "kano peer notices";

    /// <summary>How long the listening connection waits after losing the server before it connects again.</summary>
    private static readonly TimeSpan ListenRetry = TimeSpan.FromSeconds(1);

    public override bool HasPeers => true;

    /// <summary>NOTIFY on a pooled connection: delivered to every listening session, this instance's own included.</summary>
    public override async Task NotifyPeersAsync(string notice, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @notice)", connection);
        command.Parameters.AddWithValue("channel", PeerChannel);
        command.Parameters.AddWithValue("notice", notice);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// LISTEN on a connection of its own, outside the pool (a pooled session would carry the LISTEN back into the
    /// pool), with keepalive queries so that a server that vanished without closing the socket is noticed within
    /// seconds rather than when the operating system gives up on it.
    /// </summary>
    public override async Task ListenToPeersAsync(Action<string> received, Action listening, Action<Exception> lost, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, KeepAlive = 5, ApplicationName = ListenerName };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, notification) => received(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PeerChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                listening();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                lost(exception);
                try
                {
                    await Task.Delay(ListenRetry, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Closes the pool (the host disposes the <see cref="Database"/> at shutdown).</summary>
    public override ValueTask DisposeAsync() => source.DisposeAsync();

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Unlocks explicitly: a pooled connection keeps its session (and its locks) until it is next used.</summary>
    private sealed class HeldLock(DbConnection connection, long key) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Execute(connection, $"SELECT pg_advisory_unlock({key})");
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
