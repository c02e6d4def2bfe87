using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using KanoApi.Testing;
using Npgsql;

namespace KanoApi.PostgresTests;

/// <summary>
/// Webhooks with real KanoApi processes on one PostgreSQL database and a real receiver on loopback: two instances
/// deliver each event once, under one id; an instance killed with SIGKILL after acknowledging a write, or in the middle
/// of an attempt, loses no event — another instance delivers it, with the same webhook-id. The instances are ended in
/// <see cref="IAsyncLifetime.DisposeAsync"/>: xUnit v2 never calls <see cref="IAsyncDisposable.DisposeAsync"/> on a test
/// class, so with that alone every instance outlived the run.
/// </summary>
public sealed class WebhookInstanceTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("kano-webhook-instances-").FullName;
    private readonly List<ServiceProcess> instances = [];

    /// <summary>Webhooks to loopback over http, polled every 50 ms, retried after 100–300 ms, a one-second attempt timeout.</summary>
    private ServiceProcess StartInstance(string connectionString, int number, bool delivers = true, string timeout = "00:00:01")
    {
        var instance = ServiceProcess.Start(ServiceProcess.FindServiceDll(), Path.Combine(folder, $"instance-{number}"), new Dictionary<string, string>
        {
            ["Kano__Database__Provider"] = "postgres",
            ["ConnectionStrings__Kano"] = connectionString,
            ["Kano__Webhooks__Enabled"] = delivers ? "true" : "false",
            ["Kano__Webhooks__AllowLoopback"] = "true",
            ["Kano__Webhooks__AllowHttp"] = "true",
            ["Kano__Webhooks__PollInterval"] = "00:00:00.050",
            ["Kano__Webhooks__RetryBaseDelay"] = "00:00:00.100",
            ["Kano__Webhooks__RetryMaxDelay"] = "00:00:00.300",
            ["Kano__Webhooks__Timeout"] = timeout,
            ["Kano__Webhooks__WatchInterval"] = "00:00:00.100",
        });
        instances.Add(instance);
        return instance;
    }

    private static StringContent Response(string respondentId) => new(
        $$"""{ "respondentId": "{{respondentId}}", "answers": [ { "feature": "wifi", "functional": "like", "dysfunctional": "dislike" } ] }""",
        Encoding.UTF8, "application/json");

    private static async Task<long> ASurveyWithAnEndpoint(HttpClient client, string url)
    {
        var survey = await (await client.PostAsJsonAsync("/v1/surveys", new { name = "Webhooks" })).Content.ReadFromJsonAsync<JsonElement>();
        var surveyId = survey.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);
        var endpoint = await client.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "responses.stored.v1" } });
        Assert.True(endpoint.StatusCode == HttpStatusCode.Created, await endpoint.Content.ReadAsStringAsync());
        return surveyId;
    }

    private static string RespondentOf(ReceivedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("respondentIds")[0].GetString()!;

    [Fact]
    public async Task TwoInstancesDeliverEachEventToTheReceiverOnceUnderOneId()
    {
        var connectionString = Postgres.NewDatabase(out _);
        await using var receiver = await WebhookReceiver.StartAsync();
        // A generous timeout per attempt: a slow answer on a busy machine is not retried, so duplicates stay rare.
        var first = StartInstance(connectionString, 1, timeout: "00:00:10");
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2, timeout: "00:00:10");
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var one = first.CreateClient(TimeSpan.FromSeconds(30));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));
        var surveyId = await ASurveyWithAnEndpoint(one, receiver.Url);

        const int writes = 40;
        await Task.WhenAll(Enumerable.Range(0, writes).Select(async i =>
        {
            var posted = await (i % 2 == 0 ? one : two).PostAsync($"/v1/surveys/{surveyId}/responses", Response($"r-{i}"));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }));

        await receiver.WaitForAsync(writes);
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'") < writes)
        {
            Assert.True(DateTime.UtcNow < deadline, "not every delivery was recorded as delivered");
            await Task.Delay(50);
        }

        // Every event arrived, each under one id of its own: no event under two ids, no two events under one.
        var received = receiver.Received;
        var idsByRespondent = received.GroupBy(RespondentOf).ToDictionary(group => group.Key, group => group.Select(request => request.Id).Distinct().ToArray());
        Assert.Equal(Enumerable.Range(0, writes).Select(i => $"r-{i}").Order(StringComparer.Ordinal), idsByRespondent.Keys.Order(StringComparer.Ordinal));
        Assert.All(idsByRespondent.Values, ids => Assert.Single(ids));
        Assert.Equal(writes, received.Select(request => request.Id).Distinct().Count());

        // At least once may mean twice (an attempt that timed out on a busy machine is made again), but never by two
        // instances at once: each request the receiver got is an attempt one instance recorded, and a delivery's
        // attempts follow each other without overlapping.
        var attempts = (await connection.QueryAsync<(long DeliveryId, string StartedAt, long DurationMs)>(
            "SELECT delivery_id, started_at, duration_ms FROM webhook_attempts ORDER BY delivery_id, started_at")).AsList();
        Assert.Equal(received.Count, attempts.Count);
        foreach (var delivery in attempts.GroupBy(attempt => attempt.DeliveryId))
        {
            var ordered = delivery.ToArray();
            for (var i = 1; i < ordered.Length; i++)
            {
                Assert.True(
                    DateTimeOffset.Parse(ordered[i - 1].StartedAt, System.Globalization.CultureInfo.InvariantCulture).AddMilliseconds(ordered[i - 1].DurationMs)
                        <= DateTimeOffset.Parse(ordered[i].StartedAt, System.Globalization.CultureInfo.InvariantCulture),
                    $"delivery {delivery.Key} had two attempts at once");
            }
        }
    }

    [Fact]
    public async Task TwoInstancesWatchingTheSameSurveyReportEachFeatureThatSettledOnce()
    {
        var connectionString = Postgres.NewDatabase(out _);
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = StartInstance(connectionString, 1);
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var second = StartInstance(connectionString, 2);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var client = first.CreateClient(TimeSpan.FromSeconds(30));
        var survey = await (await client.PostAsJsonAsync("/v1/surveys", new { name = "Watched" })).Content.ReadFromJsonAsync<JsonElement>();
        var surveyId = survey.GetProperty("id").GetInt64();
        foreach (var key in new[] { "wifi", "speed", "parking" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key, name = key })).StatusCode);
        }

        var endpoint = await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "feature.settled.v1", "survey.settled.v1" } });
        Assert.Equal(HttpStatusCode.Created, endpoint.StatusCode);
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_survey_states WHERE state IS NOT NULL") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no instance recorded the survey's first state");
            await Task.Delay(50);
        }

        var rows = string.Concat(Enumerable.Range(1, 40).Select(i => $"r{i},like,neutral,neutral,dislike,like,dislike\n"));
        var import = new StringContent("respondentId,wifi.functional,wifi.dysfunctional,speed.functional,speed.dysfunctional,parking.functional,parking.dysfunctional\n" + rows, Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", import)).StatusCode);

        await receiver.WaitForAsync(4);
        // Both instances analyse every 100 ms: give a second report time to arrive before counting.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(
            ["feature.settled.v1", "feature.settled.v1", "feature.settled.v1", "survey.settled.v1"],
            receiver.Received.Select(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE type <> 'responses.stored.v1'"));
    }

    [Fact]
    public async Task AnInstanceKilledAfterAcknowledgingWritesLosesNoEventAnotherDeliversThem()
    {
        var connectionString = Postgres.NewDatabase(out _);
        await using var receiver = await WebhookReceiver.StartAsync();
        // This instance stores and acknowledges but delivers nothing: its events are in the outbox when it dies.
        var writer = StartInstance(connectionString, 1, delivers: false);
        await writer.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using (var client = writer.CreateClient(TimeSpan.FromSeconds(30)))
        {
            var surveyId = await ASurveyWithAnEndpoint(client, receiver.Url);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response($"r-{i}"))).StatusCode);
            }
        }

        await writer.KillAsync();
        Assert.Empty(receiver.Received);

        var survivor = StartInstance(connectionString, 2);
        await survivor.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var received = await receiver.WaitForAsync(5);
        Assert.Equal(["r-0", "r-1", "r-2", "r-3", "r-4"], received.Select(RespondentOf).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnInstanceKilledInTheMiddleOfAnAttemptLeavesItsClaimToAnotherWhichSendsTheSameId()
    {
        var connectionString = Postgres.NewDatabase(out _);
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first attempt is held open: the instance making it is killed before it can learn or record the outcome.
        receiver.Answer = number => (200, number == 1 ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);
        var doomed = StartInstance(connectionString, 1);
        await doomed.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using (var client = doomed.CreateClient(TimeSpan.FromSeconds(30)))
        {
            var surveyId = await ASurveyWithAnEndpoint(client, receiver.Url);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"))).StatusCode);
        }

        var held = (await receiver.WaitForAsync(1))[0];
        await doomed.KillAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            // The dead instance's lease is still on the row: nobody else may take it until it runs out.
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE claim_token IS NOT NULL AND state = 'pending'"));
        }

        var heir = StartInstance(connectionString, 2);
        await heir.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        var again = (await receiver.WaitForAsync(2))[1];
        Assert.Equal(held.Id, again.Id);
        Assert.Equal(held.Body, again.Body);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await connection.ExecuteScalarAsync<string>("SELECT state FROM webhook_deliveries") != "delivered")
            {
                Assert.True(DateTime.UtcNow < deadline, "the heir's delivery was never recorded");
                await Task.Delay(50);
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held by a dying process: the temporary folder is cleaned by the system later.
        }
    }
}
