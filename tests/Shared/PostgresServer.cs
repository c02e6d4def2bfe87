using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace KanoApi.Testing;

/// <summary>
/// A throw-away PostgreSQL server for tests: Debian's <c>postgresql</c> binaries, <c>initdb</c> into a temporary folder
/// and <c>pg_ctl start</c> on a free loopback port, run as the non-root user <c>postgres</c> when the tests run as root
/// (PostgreSQL refuses to run as root). Durability is switched off (fsync, synchronous_commit): the data dies with the
/// server. <see cref="Dispose"/> stops it (immediate mode) and deletes the folder. No Docker, no network beyond loopback.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string SuperUser = "postgres";
    private readonly string binaries;
    private readonly string folder;
    private readonly bool runAsPostgres;
    private int disposed;

    private PostgresServer(string binaries, string folder, bool runAsPostgres, int port)
    {
        this.binaries = binaries;
        this.folder = folder;
        this.runAsPostgres = runAsPostgres;
        Port = port;
        ServerOptions = string.Join(' ',
            $"-p {port.ToString(CultureInfo.InvariantCulture)}",
            "-c listen_addresses=127.0.0.1",
            $"-k {folder}",
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "-c max_connections=400 -c shared_buffers=64MB");
    }

    /// <summary>The postgres options: this port on loopback, the socket in the temporary folder, no durability.</summary>
    private string ServerOptions { get; }

    public int Port { get; }

    public string DataFolder => Path.Combine(folder, "data");

    public string LogPath => Path.Combine(folder, "server.log");

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server (trust authentication).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15";

    /// <summary>The bin folder of the newest PostgreSQL installed by Debian's packages (or KANO_PG_BIN), or null.</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("KANO_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>initdb + pg_ctl start; throws with the server's log when it does not come up.</summary>
    public static PostgresServer Start()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: apt-get install -y postgresql (or set KANO_PG_BIN to a folder holding initdb and pg_ctl).");
        var runAsPostgres = geteuid() == 0;
        SweepLeftovers();
        var folder = Path.Combine(Path.GetTempPath(), $"kano-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var server = new PostgresServer(binaries, folder, runAsPostgres, port);
        try
        {
            if (runAsPostgres)
            {
                Run("chown", [$"{SuperUser}:{SuperUser}", folder], asPostgres: false, binaries: null);
            }

            server.Run("initdb", ["-D", server.DataFolder, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            server.Run("pg_ctl", ["-D", server.DataFolder, "-o", server.ServerOptions, "-l", server.LogPath, "-w", "-t", "60", "start"]);
            return server;
        }
        catch (Exception exception)
        {
            var log = File.Exists(server.LogPath) ? File.ReadAllText(server.LogPath) : "(no server log)";
            server.Dispose();
            throw new InvalidOperationException($"PostgreSQL did not start: {exception.Message}\n{log}", exception);
        }
    }

    /// <summary>Creates an empty database (createdb), e.g. one per test class.</summary>
    public void CreateDatabase(string name) =>
        Run("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, name]);

    /// <summary>Drops a database, closing what is still connected to it (dropdb --force).</summary>
    public void DropDatabase(string name) =>
        Run("dropdb", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, "--force", "--if-exists", name]);

    /// <summary>
    /// Stops the server as an outage would look to its clients (connections closed, the port gone), but keeps what it
    /// acknowledged for <see cref="Restart"/>: fast mode writes the WAL out and checkpoints first. An immediate stop
    /// lost the last commits — synchronous_commit is off, so a commit is acknowledged before its WAL is written — and
    /// a restarted server then lacked the newest migrations (ReadinessTests failed now and then).
    /// </summary>
    public void Stop() =>
        Run("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]);

    /// <summary>Stops the server without a shutdown checkpoint: for <see cref="Dispose"/>, whose data is thrown away.</summary>
    private void StopAndDiscard() =>
        Run("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts a stopped server again on the same port and folder (tests of the database going away and back).</summary>
    public void Restart() =>
        Run("pg_ctl", ["-D", DataFolder, "-o", ServerOptions, "-l", LogPath, "-w", "-t", "60", "start"]);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            {
                StopAndDiscard();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a file the stopping server still held; the folder is in the temporary directory
            }
        }
    }

    /// <summary>
    /// Deletes the folders of earlier servers that are no longer running. A server shared by a whole test run is
    /// stopped from the process-exit handler, which the test host may not let finish deleting the folder; the next
    /// start cleans up instead. Only folders older than ten minutes without a live postmaster are touched, so a server
    /// another process is still creating or running is left alone.
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "kano-pg-*"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10) || IsRunning(folder))
                {
                    continue;
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // another process's folder, or one being deleted: not ours to insist on
            }
        }
    }

    private static bool IsRunning(string folder)
    {
        var pidFile = Path.Combine(folder, "data", "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(firstLine, out var pid) && Directory.Exists($"/proc/{pid}");
    }

    private void Run(string program, IReadOnlyList<string> arguments) =>
        Run(program, arguments, runAsPostgres, binaries);

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgres, string? binaries)
    {
        var executable = binaries is null ? program : Path.Combine(binaries, program);
        var start = new ProcessStartInfo(asPostgres ? "runuser" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", SuperUser, "--", executable })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        // Read both pipes to the end before waiting: a full pipe would otherwise stall the child.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
