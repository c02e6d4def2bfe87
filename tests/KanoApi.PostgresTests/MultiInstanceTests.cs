using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Testing;
using Npgsql;

namespace KanoApi.PostgresTests;

/// <summary>
/// Real KanoApi processes (Kestrel on loopback, as deployed) sharing one PostgreSQL database: what one instance
/// writes the other reads, an Idempotency-Key sent to both at once stores once, and instances starting together on
/// an empty database all become ready with every migration applied once.
/// </summary>
public sealed class MultiInstanceTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"kano-instances-{Guid.NewGuid():N}");
    private readonly List<ServiceProcess> instances = [];

    public MultiInstanceTests() => Directory.CreateDirectory(folder);

    private ServiceProcess StartInstance(string connectionString, int number, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Kano__Database__Provider"] = "postgres",
            ["ConnectionStrings__Kano"] = connectionString,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        // The service's log file and temporary folder go here; the data is in PostgreSQL.
        return Track(ServiceProcess.Start(ServiceProcess.FindServiceDll(), Path.Combine(folder, $"instance-{number}"), environment));
    }

    private ServiceProcess Track(ServiceProcess instance)
    {
        lock (instances)
        {
            instances.Add(instance);
        }

        return instance;
    }

    [Fact]
    public async Task AWriteThroughOneInstanceIsSeenByTheNextReadThroughTheOther()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = StartInstance(connectionString, 1);
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var one = first.CreateClient(TimeSpan.FromSeconds(30));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));

        var survey = await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Shared" })).Content.ReadFromJsonAsync<JsonElement>();
        var surveyId = survey.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync($"/v1/surveys/{surveyId}")).StatusCode);

        var before = await two.GetAsync($"/v1/surveys/{surveyId}/analysis");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var etag = before.Headers.ETag!.Tag;
        Assert.Equal(0, (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("respondents").GetInt64());

        var posted = await one.PostAsync($"/v1/surveys/{surveyId}/responses", Json("""{ "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }"""));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        // The second instance's cached answer and the client's ETag are both stale now: the database decides.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var after = await two.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag!.Tag);
        Assert.Equal(1, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task TheSameIdempotencyKeySentToBothInstancesAtOnceStoresOnce()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = StartInstance(connectionString, 1);
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var one = first.CreateClient(TimeSpan.FromSeconds(30));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));
        var surveyId = (await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Keys" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" });

        const int rounds = 20;
        for (var round = 0; round < rounds; round++)
        {
            // No respondent id in the body: without the key, each request would store a respondent of its own.
            var body = """{ "answers": [ { "feature": "wifi", "functional": 2, "dysfunctional": 4 } ] }""";
            var key = $"same-key-{round}";
            var answers = await Task.WhenAll(
                one.SendAsync(Keyed(surveyId, key, body)),
                two.SendAsync(Keyed(surveyId, key, body)));

            // One stores (201); the other replays it (201) or is told the first is still running (409).
            Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.Created);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(rounds, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(rounds, await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task FiveInstancesStartingTogetherOnAnEmptyDatabaseAllBecomeReadyWithEachMigrationAppliedOnce()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var five = Enumerable.Range(1, 5).Select(number => StartInstance(connectionString, number)).ToArray();

        await Task.WhenAll(five.Select(instance => instance.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));

        await using var connection = new NpgsqlConnection(connectionString);
        var applied = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name")).ToArray();
        Assert.Equal(Migrations.KnownFor(Dialect.Postgres), applied);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM workspaces"));
        foreach (var instance in five)
        {
            using var client = instance.CreateClient(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/workspaces/current")).StatusCode);
        }
    }

    [Fact]
    public async Task AnInstanceKilledInTheMiddleOfACsvImportLeavesNothingOfItAndTheOtherKeepsServing()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = StartInstance(connectionString, 1);
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var one = first.CreateClient(TimeSpan.FromMinutes(5));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));
        var survey = new SyntheticSurvey(10);
        var surveyId = (await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Killed import" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var f = 0; f < survey.Features; f++)
        {
            await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = SyntheticSurvey.FeatureKey(f), name = $"Feature {f}" });
        }

        const int respondents = 20_000;
        var csv = new MemoryStream();
        await survey.WriteCsvAsync(csv, 0, respondents);
        var import = one.PostAsync($"/v1/surveys/{surveyId}/responses/import", new ByteArrayContent(csv.ToArray()) { Headers = { { "Content-Type", "text/csv" } } });

        // SIGKILL once the import's write transaction is copying answers into staging (seen from the server's side).
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await connection.ExecuteScalarAsync<long>(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY import_answers%'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the import never began storing answers");
            Assert.False(import.IsCompleted, "the import finished before it could be killed; make it larger");
            await Task.Delay(20);
        }

        await first.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => import);

        // The other instance serves on, and the killed transaction left nothing behind: no respondent, no aggregate.
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync($"/v1/surveys/{surveyId}/analysis")).StatusCode);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(c.answers), 0) FROM feature_cells c JOIN features f ON f.id = c.feature_id WHERE f.survey_id = @surveyId", new { surveyId }));

        // The same file through the surviving instance stores whole.
        using var retry = await two.PostAsync($"/v1/surveys/{surveyId}/responses/import", new ByteArrayContent(csv.ToArray()) { Headers = { { "Content-Type", "text/csv" } } });
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(respondents, await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task RateLimitsAreCountedPerInstance()
    {
        // The README's promise to operators: with N instances a client gets up to N times each allowance.
        var connectionString = Postgres.NewDatabase(out _);
        var limited = new Dictionary<string, string>
        {
            ["Kano__RateLimits__Enabled"] = "true",
            ["Kano__RateLimits__PermitsPerMinute"] = "5",
        };
        var first = StartInstance(connectionString, 1, limited);
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2, limited);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var one = first.CreateClient(TimeSpan.FromSeconds(30));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));

        var throughOne = new List<HttpStatusCode>();
        for (var request = 0; request < 6; request++)
        {
            throughOne.Add((await one.GetAsync("/v1/workspaces/current")).StatusCode);
        }

        var throughTwo = new List<HttpStatusCode>();
        for (var request = 0; request < 5; request++)
        {
            throughTwo.Add((await two.GetAsync("/v1/workspaces/current")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), throughOne);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), throughTwo);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Keyed(long surveyId, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses") { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    public void Dispose()
    {
        foreach (var instance in instances)
        {
            instance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Directory.Delete(folder, recursive: true);
    }
}
