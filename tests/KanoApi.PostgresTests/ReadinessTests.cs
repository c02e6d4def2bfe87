using System.Net;
using KanoApi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KanoApi.PostgresTests;

/// <summary>Readiness follows the database: 503 while the server is gone, 200 again when it is back, no restart.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadinessIs503WhileThePostgresServerIsDownAndRecoversWithoutARestart()
    {
        // A server of its own: stopping the shared one would fail the other classes' tests.
        using var server = PostgresServer.Start();
        server.CreateDatabase("kano");
        await using var factory = new PostgresApiFactory(server.ConnectionString("kano"));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        server.Stop();
        var down = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("unreachable", await down.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        server.Restart();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        do
        {
            // The pool's broken connections are replaced on the next open; a few probes may still see them.
            status = (await client.GetAsync("/health/ready")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }
}

/// <summary>The real web host with the PostgreSQL provider on a given database.</summary>
public sealed class PostgresApiFactory(string connectionString) : WebApplicationFactory<Program>
{
    public const string AdminKey = "kano_TestAdminKey0123456789abcdefghijklmnopqrstuv";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Kano:Database:Provider", "postgres");
        builder.UseSetting("ConnectionStrings:Kano", connectionString);
        builder.UseSetting("Kano:BootstrapApiKey", AdminKey);
        builder.UseSetting("Kano:RateLimits:Enabled", "false");
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }
}
