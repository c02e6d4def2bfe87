using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KanoApi.Benchmarks;

/// <summary>
/// Throughput measured by <c>wrk</c> (Debian's package), a load generator in C that is not itself the bottleneck:
/// the in-process HttpClient saturated before the service did and flattered the ratios (issue 23). Loopback only.
/// </summary>
internal static partial class Wrk
{
    /// <summary>The path of wrk on PATH, or an error that says how to get it.</summary>
    public static string Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "wrk"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("The throughput figures need wrk on PATH (Debian: apt-get install wrk).");

    /// <summary>
    /// Requests per second of <paramref name="connections"/> keep-alive connections GETting <paramref name="url"/> for
    /// <paramref name="duration"/>, with the API key in its header; any answer that is not 2xx or 3xx stops the run.
    /// </summary>
    public static async Task<double> MeasureAsync(string wrk, Uri url, string apiKey, int connections, TimeSpan duration, string? ifNoneMatch = null)
    {
        if (!url.IsLoopback)
        {
            throw new ArgumentException($"wrk measures loopback addresses only, not {url}.", nameof(url));
        }

        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])
        [
            // Two threads for the machine's two cores; the connections are shared between them.
            "-t", Math.Min(Environment.ProcessorCount, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s",
            "-H", $"X-Api-Key: {apiKey}",
            .. ifNoneMatch is null ? Array.Empty<string>() : ["-H", $"If-None-Match: {ifNoneMatch}"],
            url.ToString(),
        ])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        if (process.ExitCode != 0 || RequestsPerSecond().Match(text) is not { Success: true } rate)
        {
            throw new InvalidOperationException($"wrk {url} failed ({process.ExitCode}): {text} {await errors}");
        }

        if (NotSuccessful().Match(text) is { Success: true } failed)
        {
            throw new InvalidOperationException($"wrk {url}: {failed.Groups[1].Value} answers were not 2xx or 3xx: {text}");
        }

        return double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NotSuccessful();
}
