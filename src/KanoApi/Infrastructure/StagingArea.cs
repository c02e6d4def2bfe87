namespace KanoApi.Infrastructure;

/// <summary>
/// Where request bodies wait on disk before their write transaction (CSV imports: respondents' answers). Every process
/// stages into a folder of its own under one root and holds an exclusive lock on the folder's <c>owner.lock</c> while it
/// lives; the operating system drops the lock when the process ends, however it ends. So any process can tell a live
/// process's folder from a dead one's without trusting process ids (which are reused, and are 1 in every container):
/// a lock it can take belongs to nobody. Folders of dead processes are removed at start-up and by
/// <see cref="StagingSweep"/>; a clean shutdown removes its own (<see cref="Dispose"/>).
/// </summary>
public sealed partial class StagingArea : IDisposable
{
    public const string LockFileName = "owner.lock";

    private readonly object gate = new();
    private FileStream? ownerLock;

    /// <param name="root">The folder every process of this database stages under (<see cref="Root"/>).</param>
    public StagingArea(string root)
    {
        Root = root;
        Folder = Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Beside the SQLite file, or the temporary folder's <c>kano-staging</c>, which several instances on one machine
    /// (or test processes) may share.
    /// </summary>
    public string Root { get; }

    /// <summary>This process's own folder: its name begins with the process id, for an operator reading the disk.</summary>
    public string Folder { get; }

    /// <summary>
    /// Creates this process's folder and takes its lock, then removes what no live process owns: the folders of dead
    /// processes, and the files a version before the lock files staged straight into the root. Called once, at start-up.
    /// </summary>
    public void ClaimAndSweep(ILogger logger)
    {
        lock (gate)
        {
            if (ownerLock is null)
            {
                Directory.CreateDirectory(Folder);
                ownerLock = new FileStream(Path.Combine(Folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
        }

        foreach (var file in Directory.EnumerateFiles(Root))
        {
            // Loose files were staged by versions before this one, straight into the root, and are never written now.
            TryDelete(() => File.Delete(file), file, logger);
        }

        SweepDead(logger);
    }

    /// <summary>
    /// A folder without a lock file is an earlier version's (which never cleaned up after a kill), or one a starting
    /// process has just made and not yet locked: only the first kind is this old.
    /// </summary>
    private static readonly TimeSpan UnlockedFolderAge = TimeSpan.FromMinutes(10);

    /// <summary>Removes the folders whose owner has died (their lock can be taken); returns how many.</summary>
    public int SweepDead(ILogger logger)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var lockFile = Path.Combine(folder, LockFileName);
            if (IsOwn(folder))
            {
                continue;
            }

            if (!File.Exists(lockFile))
            {
                if (Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow - UnlockedFolderAge)
                {
                    TryDelete(() => Directory.Delete(folder, recursive: true), folder, logger);
                }

                continue;
            }

            try
            {
                // Taking the lock proves the owner is gone, and holding it while deleting keeps a process that somehow
                // reuses the name from claiming the folder under us.
                using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    Directory.Delete(folder, recursive: true);
                }

                removed++;
                LogRemoved(logger, folder);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Locked: its owner lives. Or another process's sweep got there first, or the folder is not ours to delete.
            }
        }

        return removed;
    }

    private bool IsOwn(string folder) => string.Equals(Path.GetFullPath(folder), Path.GetFullPath(Folder), StringComparison.Ordinal);

    private static void TryDelete(Action delete, string path, ILogger logger)
    {
        try
        {
            delete();
            LogRemoved(logger, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogNotRemoved(logger, path, exception.Message);
        }
    }

    /// <summary>At a clean shutdown: lets go of the lock and removes this process's folder (every upload in it is finished).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (ownerLock is null)
            {
                return;
            }

            ownerLock.Dispose();
            ownerLock = null;
            // A request that answered just before shutdown may still be removing its staged file while the folder is
            // emptied: the recursive delete then meets a file that vanished under it and stops with the folder left.
            // Tried again a few times; what still fails (unreadable) the next start-up's sweep finds unlocked and removes.
            for (var attempt = 1; attempt <= 5 && Directory.Exists(Folder); attempt++)
            {
                try
                {
                    Directory.Delete(Folder, recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Thread.Sleep(20 * attempt);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Path}, staged by a process that is no longer running")]
    private static partial void LogRemoved(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Path}, staged by a process that is no longer running: {Reason}")]
    private static partial void LogNotRemoved(ILogger logger, string path, string reason);
}

/// <summary>
/// Removes the staging folders of processes that died while this one runs (another instance on this machine, killed
/// mid-import), every <c>Kano:Staging:SweepIntervalSeconds</c> (10 minutes unless set): their staged uploads hold
/// respondents' answers and would otherwise stay until some instance restarts.
/// </summary>
public sealed partial class StagingSweep(Database database, IConfiguration configuration, ILogger<StagingSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Kano:Staging:SweepIntervalSeconds", 600)));
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                database.Staging.SweepDead(logger);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping the staging folders of dead processes failed; the next sweep retries")]
    private partial void LogSweepFailed(Exception exception);
}
