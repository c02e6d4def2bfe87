using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    private readonly List<IDisposable> disposables = [];

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

    private async Task<ServiceProcess> StartReadyInstanceAsync(string connectionString, int number, IReadOnlyDictionary<string, string>? settings = null)
    {
        var instance = StartInstance(connectionString, number, settings);
        await instance.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        return instance;
    }

    /// <summary>Two instances on a new database, and a client of each (disposed with the test).</summary>
    private async Task<(HttpClient One, HttpClient Two)> TwoReadyInstancesAsync()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1);
        var second = await StartReadyInstanceAsync(connectionString, 2);
        var clients = (first.CreateClient(TimeSpan.FromSeconds(30)), second.CreateClient(TimeSpan.FromSeconds(30)));
        disposables.Add(clients.Item1);
        disposables.Add(clients.Item2);
        return clients;
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
    public async Task AWriteThroughOneInstanceIsSeenThroughTheOtherOnceTheDocumentedBoundHasPassed()
    {
        var (one, two) = await TwoReadyInstancesAsync();

        var survey = await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Shared" })).Content.ReadFromJsonAsync<JsonElement>();
        var surveyId = survey.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync($"/v1/surveys/{surveyId}")).StatusCode);

        var before = await two.GetAsync($"/v1/surveys/{surveyId}/analysis");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var etag = before.Headers.ETag!.Tag;
        Assert.Equal(0, (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("respondents").GetInt64());

        // Several rounds, each read by the second instance right before the write, so its survey head is as recent as can be.
        for (var round = 1; round <= 3; round++)
        {
            Assert.Equal(HttpStatusCode.OK, (await two.GetAsync($"/v1/surveys/{surveyId}/analysis")).StatusCode);
            var posted = await one.PostAsync($"/v1/surveys/{surveyId}/responses", Json("""{ "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }"""));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            // The first instance sees its own write at once.
            Assert.Equal(round, (await one.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("respondents").GetInt64());

            // The second instance's cached answer and the client's ETag are both stale now: one bound after the
            // commit (decision 0021), the database decides.
            await Task.Delay(RecentReads.Bound);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/analysis");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
            var after = await two.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.NotEqual(etag, after.Headers.ETag!.Tag);
            Assert.Equal(round, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("respondents").GetInt64());
            etag = after.Headers.ETag!.Tag;
        }
    }

    [Fact]
    public async Task AKeyRevokedThroughOneInstanceIsRefusedThereAtOnceAndByTheOtherOnceTheDocumentedBoundHasPassed()
    {
        var (one, two) = await TwoReadyInstancesAsync();
        var created = await (await one.PostAsJsonAsync("/v1/keys", new { scope = "read" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("apiKey").GetString()!;

        // Both instances have just authenticated the key, so both know it.
        Assert.Equal(HttpStatusCode.OK, await ReadWithKeyAsync(one, key));
        Assert.Equal(HttpStatusCode.OK, await ReadWithKeyAsync(two, key));

        Assert.Equal(HttpStatusCode.NoContent, (await one.DeleteAsync($"/v1/keys/{created.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadWithKeyAsync(one, key));

        await Task.Delay(RecentReads.Bound);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadWithKeyAsync(two, key));
    }

    /// <summary>
    /// Both instances keep what they read for ten minutes instead of the documented second, so that only a notice can
    /// make one see what the other changed: what these tests show is the push, not the bound running out.
    /// </summary>
    private static readonly Dictionary<string, string> KeptLongerThanAnyTest = new()
    {
        [RecentReads.BoundSetting.Replace(":", "__", StringComparison.Ordinal)] = "600000",
    };

    /// <summary>How long a test waits for a notice: far beyond what one takes, so only a notice that never comes fails it.</summary>
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(30);

    private async Task<(HttpClient One, HttpClient Two, string ConnectionString)> TwoInstancesKeepingReadsLongAsync()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1, KeptLongerThanAnyTest);
        var second = await StartReadyInstanceAsync(connectionString, 2, KeptLongerThanAnyTest);
        var (one, two) = (first.CreateClient(TimeSpan.FromSeconds(30)), second.CreateClient(TimeSpan.FromSeconds(30)));
        disposables.Add(one);
        disposables.Add(two);
        return (one, two, connectionString);
    }

    /// <summary>Asks until <paramref name="seen"/> holds, for at most <see cref="NoticeWait"/>; whether it came to hold.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> seen)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < NoticeWait)
        {
            if (await seen())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await seen();
    }

    /// <summary>An authenticated read with <paramref name="key"/> through <paramref name="client"/>'s instance: its status.</summary>
    private static async Task<HttpStatusCode> ReadWithKeyAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/workspaces/current");
        request.Headers.Add(ApiKeys.HeaderName, key);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static async Task<long> RespondentsInAnalysisAsync(HttpClient client, long surveyId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis")).GetProperty("respondents").GetInt64();

    [Fact]
    public async Task AWriteThroughOneInstanceIsSeenThroughTheOtherWhenItsNoticeArrivesWithoutWaitingForTheBound()
    {
        var (one, two, _) = await TwoInstancesKeepingReadsLongAsync();
        var surveyId = (await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Pushed" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);

        for (var round = 1; round <= 3; round++)
        {
            // The second instance reads (and keeps the survey's head for ten minutes), then the first writes.
            Assert.Equal(round - 1, await RespondentsInAnalysisAsync(two, surveyId));
            var posted = await one.PostAsync($"/v1/surveys/{surveyId}/responses", Json("""{ "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }"""));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

            Assert.True(await EventuallyAsync(async () => await RespondentsInAnalysisAsync(two, surveyId) == round),
                $"round {round}: the second instance still answers from before the first instance's write");
        }
    }

    [Fact]
    public async Task AKeyRevokedThroughOneInstanceIsRefusedByTheOtherWhenItsNoticeArrivesWithoutWaitingForTheBound()
    {
        var (one, two, _) = await TwoInstancesKeepingReadsLongAsync();
        var created = await (await one.PostAsJsonAsync("/v1/keys", new { scope = "read" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("apiKey").GetString()!;

        // The second instance authenticates the key (and keeps it for ten minutes), then the first revokes it.
        Assert.Equal(HttpStatusCode.OK, await ReadWithKeyAsync(two, key));
        Assert.Equal(HttpStatusCode.NoContent, (await one.DeleteAsync($"/v1/keys/{created.GetProperty("id").GetInt64()}")).StatusCode);

        Assert.True(await EventuallyAsync(async () => await ReadWithKeyAsync(two, key) == HttpStatusCode.Unauthorized),
            "the second instance still accepts the key the first revoked");
    }

    [Fact]
    public async Task AnInstanceWhoseListeningConnectionIsCutListensAgainAndStillSeesTheOthersWrites()
    {
        var (one, two, connectionString) = await TwoInstancesKeepingReadsLongAsync();
        var surveyId = (await (await one.PostAsJsonAsync("/v1/surveys", new { name = "Cut" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = "wifi", name = "Wi-Fi" })).StatusCode);
        Assert.Equal(0, await RespondentsInAnalysisAsync(two, surveyId));

        // Every listening session is ended by the server, as a restart or a network cut would; the write follows at
        // once, most likely before the instances listen again (they wait a second first), so its notice is lost and
        // what makes the second instance see it is forgetting everything when it listens again.
        await using var connection = new NpgsqlConnection(connectionString);
        var listeners = await connection.QueryAsync<int>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kano peer notices'");
        Assert.Equal(2, listeners.Count());
        Assert.All(await connection.QueryAsync<bool>("SELECT pg_terminate_backend(pid) FROM unnest(@pids) AS pid", new { pids = listeners.ToArray() }), Assert.True);
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsync($"/v1/surveys/{surveyId}/responses", Json("""{ "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }"""))).StatusCode);

        Assert.True(await EventuallyAsync(async () => await RespondentsInAnalysisAsync(two, surveyId) == 1),
            "the second instance still answers from before the write made while it was not listening");
        Assert.True(await EventuallyAsync(async () =>
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kano peer notices'") == 2),
            "both instances listen again");
    }

    [Fact]
    public async Task TheSameIdempotencyKeySentToBothInstancesAtOnceStoresOnce()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1);
        var second = await StartReadyInstanceAsync(connectionString, 2);
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
        Assert.Equal(Migrations.KnownFor(StorageProvider.Postgres), applied);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM workspaces"));
        foreach (var instance in five)
        {
            using var client = instance.CreateClient(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/workspaces/current")).StatusCode);
        }
    }

    [Fact]
    public async Task AFormRenderedByOneInstanceIsStoredWhenItIsPostedToTheOther()
    {
        // Each instance has a home folder of its own, as each container of deploy/compose.yaml has: what they share
        // is the database, so the key ring that signs a form's antiforgery token must be there.
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1, OwnHome(1));
        var second = await StartReadyInstanceAsync(connectionString, 2, OwnHome(2));
        using var admin = first.CreateClient(TimeSpan.FromSeconds(30));
        var surveyId = await SurveyWithFeaturesAsync(admin, new SyntheticSurvey(2), "Round robin");
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "form" })).Content.ReadFromJsonAsync<JsonElement>();
        var path = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;

        // A round-robin proxy: the page from one instance, its submission to the other.
        using var browserOne = Anonymous(first);
        using var browserTwo = Anonymous(second);
        using var page = await browserOne.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(FilledIn(await page.Content.ReadAsStringAsync())) };
        post.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(cookie => cookie.Split(';')[0])));
        using var submitted = await browserTwo.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }));
        // One key for both: the first instance made it under the start-up lock, the second found it.
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM data_protection_keys"));
    }

    [Fact]
    public async Task AnInstanceKilledInTheMiddleOfACsvImportLeavesNothingOfItAndTheOtherKeepsServing()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1);
        var second = await StartReadyInstanceAsync(connectionString, 2);
        using var one = first.CreateClient(TimeSpan.FromMinutes(5));
        using var two = second.CreateClient(TimeSpan.FromSeconds(30));
        var survey = new SyntheticSurvey(10);
        var surveyId = await SurveyWithFeaturesAsync(one, survey, "Killed import");

        const int respondents = 20_000;
        var csv = new MemoryStream();
        await survey.WriteCsvAsync(csv, 0, respondents);
        await using var connection = new NpgsqlConnection(connectionString);
        await KillDuringImportAsync(first, one, surveyId, csv.ToArray(), connection, "query LIKE 'COPY import_answers%'");

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
    public async Task AnInstanceKilledWhileItsImportWaitsReleasesTheSurveyToTheOtherInstanceWithinSeconds()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1);
        var second = await StartReadyInstanceAsync(connectionString, 2);
        using var one = first.CreateClient(TimeSpan.FromMinutes(5));
        using var two = second.CreateClient(TimeSpan.FromMinutes(2));
        var survey = new SyntheticSurvey(3);
        var surveyId = await SurveyWithFeaturesAsync(one, survey, "Orphaned import");
        var csv = new MemoryStream();
        await survey.WriteCsvAsync(csv, 0, 50);

        // The import's statement is made to wait (this connection holds the answers table against inserts) while its
        // transaction already holds the survey's row: a long statement, whatever the machine's speed. Its process is
        // then killed, so nobody will ever read the statement's result.
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        await using var held = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE answers IN SHARE MODE", transaction: held);
        await using var connection = new NpgsqlConnection(connectionString);
        await KillDuringImportAsync(first, one, surveyId, csv.ToArray(), connection, "wait_event_type = 'Lock'");

        // Another instance's write to the same survey needs that row. A dead client's session ended only when its
        // statement did (in the probe, long after the kill; here never, while the table is held): now the server checks the
        // connection while a statement runs, so the write goes through within a few seconds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var renamed = await two.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { name = "Renamed while the import was orphaned" });
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the write waited {clock.Elapsed.TotalSeconds:0.0} s for the killed instance's session");

        await held.RollbackAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM respondents WHERE survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task TheFileAKilledInstanceWasImportingIsRemovedWhenTheNextInstanceStarts()
    {
        var connectionString = Postgres.NewDatabase(out _);
        var first = await StartReadyInstanceAsync(connectionString, 1);
        using var one = first.CreateClient(TimeSpan.FromMinutes(5));
        var survey = new SyntheticSurvey(10);
        var surveyId = await SurveyWithFeaturesAsync(one, survey, "Killed import's file");
        var csv = new MemoryStream();
        await survey.WriteCsvAsync(csv, 0, 20_000);
        await using var connection = new NpgsqlConnection(connectionString);
        await KillDuringImportAsync(first, one, surveyId, csv.ToArray(), connection, "query LIKE 'COPY import_answers%'");

        // The instances share a temporary folder (ServiceProcess puts TMPDIR beside their logs): respondents' answers
        // were staged there and a SIGKILL runs no clean-up.
        var temporary = Path.Combine(folder, "tmp");
        Assert.NotEmpty(StagedImports(temporary));

        var next = await StartReadyInstanceAsync(connectionString, 2);
        Assert.Empty(StagedImports(temporary));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(temporary, "kano-staging")), staging => !OwnedBy(staging, next));
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
        var first = await StartReadyInstanceAsync(connectionString, 1, limited);
        var second = await StartReadyInstanceAsync(connectionString, 2, limited);
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

    private static async Task<long> SurveyWithFeaturesAsync(HttpClient client, SyntheticSurvey survey, string name)
    {
        var surveyId = (await (await client.PostAsJsonAsync("/v1/surveys", new { name })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var f = 0; f < survey.Features; f++)
        {
            await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new { key = SyntheticSurvey.FeatureKey(f), name = $"Feature {f}" });
        }

        return surveyId;
    }

    /// <summary>
    /// Posts <paramref name="csv"/> to the import of <paramref name="instance"/> and SIGKILLs the instance once the
    /// server shows one of its sessions in the state <paramref name="activity"/> (a condition on pg_stat_activity).
    /// </summary>
    private static async Task KillDuringImportAsync(
        ServiceProcess instance, HttpClient client, long surveyId, byte[] csv, NpgsqlConnection connection, string activity)
    {
        var import = client.PostAsync($"/v1/surveys/{surveyId}/responses/import", new ByteArrayContent(csv) { Headers = { { "Content-Type", "text/csv" } } });
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await connection.ExecuteScalarAsync<long>(
                   $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ({activity})") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the import never reached {activity}");
            Assert.False(import.IsCompleted, "the import finished before it could be killed; make it larger");
            await Task.Delay(20);
        }

        await instance.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => import);
    }

    /// <summary>
    /// A home folder of the instance's own. It must exist: for a missing one .NET answers an empty user profile, and
    /// data protection then keeps its keys in the working folder, which instances started from one build share.
    /// </summary>
    private Dictionary<string, string> OwnHome(int number)
    {
        var home = Directory.CreateDirectory(Path.Combine(folder, $"home-{number}", ".local", "share")).Parent!.Parent!.FullName;
        return new() { ["HOME"] = home };
    }

    /// <summary>A client without an API key or a cookie jar: cookies are passed by hand, from one instance to another.</summary>
    private static HttpClient Anonymous(ServiceProcess instance) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// What a person's browser would send from a form page, whatever fields it carries: every hidden field as it came,
    /// and for each question (a group of radio buttons) its first option.
    /// </summary>
    private static Dictionary<string, string> FilledIn(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match input in Regex.Matches(html, "<input\\b[^>]*>", RegexOptions.IgnoreCase))
        {
            var attributes = Regex.Matches(input.Value, "([a-zA-Z-]+)=\"([^\"]*)\"")
                .ToDictionary(attribute => attribute.Groups[1].Value.ToLowerInvariant(), attribute => WebUtility.HtmlDecode(attribute.Groups[2].Value));
            if (!attributes.TryGetValue("name", out var name))
            {
                continue;
            }

            switch (attributes.GetValueOrDefault("type"))
            {
                case "hidden":
                    fields[name] = attributes.GetValueOrDefault("value", "");
                    break;
                case "radio":
                    fields.TryAdd(name, attributes.GetValueOrDefault("value", ""));
                    break;
            }
        }

        return fields;
    }

    private static IEnumerable<string> StagedImports(string temporary) =>
        Directory.Exists(temporary) ? Directory.EnumerateFiles(temporary, "import-*.csv", SearchOption.AllDirectories) : [];

    /// <summary>Whether a staging folder is the live instance's own (its folder's name begins with its process id).</summary>
    private static bool OwnedBy(string staging, ServiceProcess instance) =>
        Path.GetFileName(staging).StartsWith($"{instance.Id}-", StringComparison.Ordinal);

    private static HttpRequestMessage Keyed(long surveyId, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses") { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    public void Dispose()
    {
        disposables.ForEach(disposable => disposable.Dispose());
        foreach (var instance in instances)
        {
            instance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Directory.Delete(folder, recursive: true);
    }
}
