using System.Data.Common;

namespace KanoApi.Storage;

/// <summary>
/// The connections of one database, made by its provider (<see cref="StorageProvider.Connect"/>): opened and
/// configured in one place each, whatever the caller (a request, a background service, start-up).
/// </summary>
internal abstract class DatabaseConnections : IAsyncDisposable
{
    public abstract string ConnectionString { get; }

    /// <summary>The database's name for logs and health answers, never its credentials.</summary>
    public abstract string Describe();

    /// <summary>Where the data is, for an operator's log line.</summary>
    public abstract string Location { get; }

    /// <summary>How an operator empties this database to start over (for log lines that advise it).</summary>
    public abstract string StartOverAdvice { get; }

    /// <summary>Where this database's request bodies wait before their write transaction (<see cref="Infrastructure.StagingArea"/>).</summary>
    public abstract string StagingRoot { get; }

    public abstract DbConnection Open();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>What a database file needs once at start-up, before any request (nothing on a server).</summary>
    public virtual void PrepareAtStartup()
    {
    }

    /// <summary>
    /// Serialises work across instances sharing the database until disposed (start-up, migrations): none is needed
    /// where one process owns the database.
    /// </summary>
    public virtual IDisposable HoldLock(long key) => NoLock.Instance;

    /// <summary>Whether other instances may share the database, so that what one changes must be told to the others.</summary>
    public virtual bool HasPeers => false;

    /// <summary>
    /// Tells every instance listening (<see cref="ListenToPeersAsync"/>) that something changed, after its commit:
    /// nothing where one process owns the database.
    /// </summary>
    public virtual Task NotifyPeersAsync(string notice, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Hands every notice any instance sends to <paramref name="received"/> until cancelled, reconnecting when the
    /// connection drops: <paramref name="listening"/> runs each time listening (re)starts, as notices sent meanwhile
    /// were missed, and <paramref name="lost"/> each time it stops. Nothing to listen to where one process owns the database.
    /// </summary>
    public virtual Task ListenToPeersAsync(Action<string> received, Action listening, Action<Exception> lost, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}
