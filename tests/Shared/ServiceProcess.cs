using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace KanoApi.Testing;

/// <summary>
/// The real service as a separate process on loopback (Kestrel, not the test server), over a database file the
/// caller chooses: what the benchmark measures and what the crash test kills. Its output goes to a log file
/// beside the database, so a full pipe can never stall it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>A bootstrap admin key: 40+ characters starting with kano_, as the service expects.</summary>
    public const string AdminKey = "kano_BenchAdminKey0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly Process process;
    private readonly StreamWriter log;

    private ServiceProcess(Process process, StreamWriter log, Uri baseAddress, DateTime startedAt)
    {
        this.process = process;
        this.log = log;
        BaseAddress = baseAddress;
        StartedAt = startedAt;
    }

    public Uri BaseAddress { get; }

    public DateTime StartedAt { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>dotnet KanoApi.dll</c> on a free loopback port over <paramref name="databasePath"/>.</summary>
    public static ServiceProcess Start(string serviceDll, string databasePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!,
        };
        start.ArgumentList.Add(serviceDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Kano"] = $"Data Source={databasePath}";
        start.Environment["Kano__BootstrapApiKey"] = AdminKey;
        // The harness and the tests measure the service, not the rate limiter (security's Kano:RateLimits).
        start.Environment["Kano__RateLimits__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The service's temporary files (CSV imports are staged on disk) beside the database, so that what a SIGKILL
        // leaves behind is deleted with the run's folder instead of piling up in /tmp.
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "tmp");
        Directory.CreateDirectory(temporary);
        start.Environment["TMPDIR"] = temporary;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(databasePath + ".service.log", append: true) { AutoFlush = true };
        var startedAt = DateTime.UtcNow;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, log, new Uri($"http://127.0.0.1:{port}/"), startedAt);
    }

    /// <summary>Polls /health/ready until it answers 200; returns the time from process start to ready.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {process.ExitCode} before it was ready; see {LogPath}.");
            }

            try
            {
                using var response = await client.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return DateTime.UtcNow - StartedAt;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // a slow machine: ask again
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"The service was not ready within {timeout}; see {LogPath}.");
    }

    public string LogPath => ((FileStream)log.BaseStream).Name;

    /// <summary>An HTTP client for this service with the admin key, and enough connections for concurrent clients.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = timeout ?? TimeSpan.FromMinutes(10),
        DefaultRequestHeaders = { { "X-Api-Key", AdminKey } },
    };

    /// <summary>The peak resident set of the service so far (VmHWM), in bytes, or null where /proc is missing.</summary>
    public long? PeakResidentBytes() => ReadStatusKilobytes("VmHWM:") * 1024;

    public long? ResidentBytes() => ReadStatusKilobytes("VmRSS:") * 1024;

    /// <summary>Resets VmHWM to the current RSS (Linux clear_refs 5), so the next peak belongs to what follows.</summary>
    public bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: the graceful stop a service manager gives.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, 15);
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private long? ReadStatusKilobytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var digits = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>The service built beside this program (same configuration), found from the repository root.</summary>
    public static string FindServiceDll(string? overridePath = null)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            return Path.GetFullPath(overridePath);
        }

#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(RepositoryRoot(), "src", "KanoApi", "bin", configuration, "net10.0", "KanoApi.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/KanoApi in {configuration} first.", dll);
    }

    /// <summary>The folder holding KanoApi.sln, searched upwards from this program.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KanoApi.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("KanoApi.sln not found above " + AppContext.BaseDirectory);
    }
}
