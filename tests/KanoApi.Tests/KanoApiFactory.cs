using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace KanoApi.Tests;

/// <summary>
/// The real web host over a real SQLite file of its own: one fresh database per test class (xunit creates one
/// factory per class fixture), deleted when the class is done.
/// </summary>
public class KanoApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "kano_TestAdminKey0123456789abcdefghijklmnopqrstuv";

    public KanoApiFactory()
        : this(Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db"))
    {
        ownsDatabase = true;
    }

    /// <summary>A host over a given database file, e.g. to start a second time on the same data; the caller deletes the file.</summary>
    protected KanoApiFactory(string databasePath)
    {
        DatabasePath = databasePath;
    }

    private readonly bool ownsDatabase;

    /// <summary>The hosting environment the host runs in (Testing unless a test class needs another).</summary>
    protected virtual string EnvironmentName => "Testing";

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    /// <summary>Extra configuration for one test class (e.g. no bootstrap key).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kano:BootstrapApiKey"] = AdminKey,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Kano", ConnectionString);
        // The limiter stays on in every test (its code path runs), with allowances no test class reaches;
        // RateLimitTests sets small ones. A subclass's Settings override these.
        builder.UseSetting("Kano:RateLimits:PermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:CollectPermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:AnonymousPermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:WorkspaceCreationsPerHour", "1000000");
        builder.UseSetting("Kano:RateLimits:PagePermitsPerMinute", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the bootstrap admin key.</summary>
    public HttpClient CreateAdminClient() => CreateClientWithKey(AdminKey);

    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }
    }

    /// <summary>
    /// Deletes a test database with its WAL, shared memory and staging folder. Only this database's connection pool
    /// is cleared: ClearAllPools would also dispose connections other test classes, running in parallel, just opened.
    /// </summary>
    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearPool(new SqliteConnection(new KanoApi.Infrastructure.Database($"Data Source={path}").ConnectionString));
        SqliteConnection.ClearPool(new SqliteConnection($"Data Source={path}"));
        if (Directory.Exists(path + ".staging"))
        {
            Directory.Delete(path + ".staging", recursive: true);
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
