using KanoApi.Testing;

namespace KanoApi.PostgresTests;

/// <summary>
/// One throw-away PostgreSQL server for the whole test run (started on first use, stopped and deleted when the test
/// process exits); each test class makes databases of its own on it.
/// </summary>
public static class Postgres
{
    private static readonly Lazy<PostgresServer> Shared = new(() =>
    {
        var server = PostgresServer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    public static PostgresServer Server => Shared.Value;

    /// <summary>A new empty database on the shared server; returns its connection string.</summary>
    public static string NewDatabase(out string name)
    {
        name = $"kano_{Guid.NewGuid():N}";
        Server.CreateDatabase(name);
        return Server.ConnectionString(name);
    }
}
