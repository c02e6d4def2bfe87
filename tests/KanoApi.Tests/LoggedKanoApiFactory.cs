using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace KanoApi.Tests;

/// <summary>The host of <see cref="KanoApiFactory"/> whose log is kept, for tests that check what a request logged (no error for a bad request).</summary>
public sealed class LoggedKanoApiFactory : KanoApiFactory
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>Whether anything was logged at Error or above.</summary>
    public bool LoggedAnError => Logs.Entries.Any(entry => entry.Level >= LogLevel.Error);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
