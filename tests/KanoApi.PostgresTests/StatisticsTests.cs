using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using KanoApi.Testing;
using Npgsql;

namespace KanoApi.PostgresTests;

/// <summary>
/// A survey imported in one transaction must not look empty to PostgreSQL's planner: without statistics an analysis
/// filtered by two segments chose nested loops over every pair of segment rows (seconds instead of milliseconds).
/// </summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("kano-statistics-").FullName;
    private ServiceProcess? instance;

    [Fact]
    public async Task ALargeImportLeavesFreshPlannerStatisticsAndASmallOneLeavesThemToAutovacuum()
    {
        var connectionString = Postgres.NewDatabase(out _);
        instance = ServiceProcess.Start(ServiceProcess.FindServiceDll(), Path.Combine(folder, "instance"), new Dictionary<string, string>
        {
            ["Kano__Database__Provider"] = "postgres",
            ["ConnectionStrings__Kano"] = connectionString,
        });
        await instance.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var client = instance.CreateClient(TimeSpan.FromMinutes(1));
        await using var database = new NpgsqlConnection(connectionString);
        await database.ExecuteAsync("ALTER TABLE answers SET (autovacuum_enabled = false); ALTER TABLE respondents SET (autovacuum_enabled = false)");

        var survey = (await (await client.PostAsJsonAsync("/v1/surveys", new { name = "Imported" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v1/surveys/{survey}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Import(client, survey, "small", 10)).StatusCode);
        Assert.Null(await LastAnalyzeAsync(database));

        Assert.Equal(HttpStatusCode.Created, (await Import(client, survey, "large", 1_000)).StatusCode);
        Assert.NotNull(await LastAnalyzeAsync(database));
        Assert.Equal(1_010, await database.ExecuteScalarAsync<double>("SELECT reltuples FROM pg_class WHERE relname = 'answers'"));
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, long survey, string prefix, int respondents)
    {
        var csv = new StringBuilder("respondentId,segment.plan,segment.region,wifi.functional,wifi.dysfunctional\n");
        for (var i = 0; i < respondents; i++)
        {
            csv.Append(prefix).Append(i).Append(i % 3 == 0 ? ",pro," : ",free,").Append(i % 2 == 0 ? "north" : "south").Append(",1,5\n");
        }

        return client.PostAsync($"/v1/surveys/{survey}/responses/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
    }

    private static Task<DateTime?> LastAnalyzeAsync(NpgsqlConnection database) =>
        database.ExecuteScalarAsync<DateTime?>("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'answers'");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }
}
