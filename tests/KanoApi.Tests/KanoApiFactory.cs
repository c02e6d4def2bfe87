using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using KanoApi.Infrastructure;
using KanoApi.Testing;
using KanoApi.Tests.Webhooks;
using KanoApi.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KanoApi.Tests;

/// <summary>
/// The real web host over a real database of its own: one fresh database per test class (xunit creates one factory
/// per class fixture), deleted when the class is done. SQLite files by default; with KANO_TEST_PROVIDER=postgres, a
/// database per class on one throw-away PostgreSQL server (tests/Shared/PostgresServer.cs) started for the run and
/// stopped when the test process exits: the same suite then proves the same guarantees on PostgreSQL.
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

    /// <summary>The SQLite file; on PostgreSQL the key its database's name is derived from (a second host on the same path shares it).</summary>
    public string DatabasePath { get; }

    /// <summary>The provider every host of this test run uses (KANO_TEST_PROVIDER: sqlite, the default, or postgres).</summary>
    public static StorageProvider Provider { get; } = StorageProvider.FromName(Environment.GetEnvironmentVariable("KANO_TEST_PROVIDER"));

    public string ConnectionString => Provider == StorageProvider.Postgres ? Postgres.ConnectionStringFor(DatabasePath) : $"Data Source={DatabasePath}";

    /// <summary>How the service names the database at <paramref name="path"/> in its logs: the file's name, or PostgreSQL's database name.</summary>
    public static string DatabaseNameFor(string path) => Provider == StorageProvider.Postgres ? Postgres.NameFor(path) : Path.GetFileName(path);

    /// <summary>An unopened connection to this host's database, of the provider in use (for checks the API cannot make).</summary>
    public DbConnection NewConnection() => Provider == StorageProvider.Postgres
        ? new Npgsql.NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    /// <summary>This host's database as the service sees it (its provider, its pragmas).</summary>
    public Database Database => new(Provider, ConnectionString);

    /// <summary>Extra configuration for one test class (e.g. no bootstrap key).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kano:BootstrapApiKey"] = AdminKey,
    };

    /// <summary>
    /// The guard in front of every webhook connection this host makes: anything but loopback is refused and recorded,
    /// so that no test reaches off the machine, whether or not its class turned delivery on.
    /// </summary>
    public LoopbackOnlyConnector Connector { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<WebhookConnector>();
            services.AddSingleton<WebhookConnector>(Connector);
        });
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Kano", ConnectionString);
        builder.UseSetting("Kano:Database:Provider", Provider.Name);
        // The limiter stays on in every test (its code path runs), with allowances no test class reaches;
        // RateLimitTests sets small ones. A subclass's Settings override these.
        builder.UseSetting("Kano:RateLimits:PermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:CollectPermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:AnonymousPermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:WorkspacePermitsPerMinute", "1000000");
        builder.UseSetting("Kano:RateLimits:WorkspaceCreationsPerHour", "1000000");
        builder.UseSetting("Kano:RateLimits:PagePermitsPerMinute", "1000000");
        // No test host delivers webhooks unless its class turns them on (WebhookFactory); each is guarded (Connector).
        builder.UseSetting("Kano:Webhooks:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the bootstrap admin key.</summary>
    public HttpClient CreateAdminClient() => CreateClientWithKey(AdminKey);

    /// <summary>
    /// An admin client that sends a request body as it is written, as a real client does: the clients above pass through
    /// the factory's redirect handler, which reads the whole body before it sends anything.
    /// </summary>
    public HttpClient CreateStreamingAdminClient()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

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
        if (Provider == StorageProvider.Postgres)
        {
            Postgres.Drop(path);
            return;
        }

        SqliteConnection.ClearPool(new SqliteConnection(new Database($"Data Source={path}").ConnectionString));
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

    /// <summary>
    /// The run's PostgreSQL server (started on first use; stopped and deleted when the test process exits) and a
    /// database per test-class path, created on first use.
    /// </summary>
    private static class Postgres
    {
        private static readonly Lazy<PostgresServer> Server = new(() =>
        {
            var server = PostgresServer.Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            return server;
        });

        private static readonly ConcurrentDictionary<string, string> Created = new(StringComparer.Ordinal);

        public static string ConnectionStringFor(string path)
        {
            var name = Created.GetOrAdd(path, key =>
            {
                var database = NameFor(key);
                Server.Value.CreateDatabase(database);
                return database;
            });
            return Server.Value.ConnectionString(name);
        }

        public static string NameFor(string path) =>
            "kano_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..24];

        public static void Drop(string path)
        {
            if (Created.TryRemove(path, out var name))
            {
                Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(Server.Value.ConnectionString(name)));
                Server.Value.DropDatabase(name);
            }
        }
    }
}
