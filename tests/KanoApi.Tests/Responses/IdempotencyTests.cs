using System.Net;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Responses;

public sealed class IdempotencyTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private const string Body = """{ "answers": [ { "feature": "wifi", "functional": 1, "dysfunctional": 5 } ] }""";
    private readonly HttpClient client = factory.CreateAdminClient();

    private static HttpRequestMessage Post(long surveyId, string key, string json, string path = "responses") =>
        Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/{path}", json).WithHeader("Idempotency-Key", key);

    private static HttpRequestMessage Import(long surveyId, string key, string csv) =>
        new HttpRequestMessage(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses/import")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        }.WithHeader("Idempotency-Key", key);

    [Fact]
    public async Task ARetryWithTheSameKeyAndBodyReplaysTheFirstAnswerAndStoresNothingTwice()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var first = await client.SendAsync(Post(surveyId, "key-1", Body));
        var retry = await client.SendAsync(Post(surveyId, "key-1", Body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBodyIsUnprocessable()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await client.SendAsync(Post(surveyId, "key-2", Body));

        var response = await client.SendAsync(Post(surveyId, "key-2", Body.Replace("\"dysfunctional\": 5", "\"dysfunctional\": 4")));

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ARetryWhileTheFirstIsStillRunningIsAConflict()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await Claim("key-running", DateTimeOffset.UtcNow);

        var response = await client.SendAsync(Post(surveyId, "key-running", Body));

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AClaimAbandonedByACrashIsTakenOver()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await Claim("key-abandoned", DateTimeOffset.UtcNow.AddHours(-1));

        var response = await client.SendAsync(Post(surveyId, "key-abandoned", Body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AReplayWorksAfterARestart()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var first = await client.SendAsync(Post(surveyId, "key-restart", Body));

        // A second host over the same database file: nothing in memory survives, as after a restart.
        using var restarted = factory.WithWebHostBuilder(_ => { });
        var restartedClient = restarted.CreateClient();
        restartedClient.DefaultRequestHeaders.Add("X-Api-Key", KanoApiFactory.AdminKey);
        var retry = await restartedClient.SendAsync(Post(surveyId, "key-restart", Body));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ARejectedRequestGivesItsKeyBackForACorrectedRetry()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var bad = await client.SendAsync(Post(surveyId, "key-fix", Body.Replace("\"functional\": 1", "\"functional\": 9")));
        var corrected = await client.SendAsync(Post(surveyId, "key-fix", Body));

        await ProblemAssert.IsValidationProblem(bad);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.False(corrected.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task KeysAreScopedByWorkspace()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var other = factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));
        var otherSurvey = await Given.ASurveyWithFeatures(other, "wifi");

        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(surveyId, "shared-key", Body))).StatusCode);
        var response = await other.SendAsync(Post(otherSurvey, "shared-key", Body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task ABatchRetryIsReplayed()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var batch = $$"""{ "responses": [ {{Body}}, {{Body}} ] }""";

        var first = await client.SendAsync(Post(surveyId, "key-batch", batch, "responses/batch"));
        var retry = await client.SendAsync(Post(surveyId, "key-batch", batch, "responses/batch"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AnImportRetryIsReplayedAndADifferentFileIsUnprocessable()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        const string csv = "wifi.functional,wifi.dysfunctional\n1,5\n2,5\n";

        var first = await client.SendAsync(Import(surveyId, "key-import", csv));
        var retry = await client.SendAsync(Import(surveyId, "key-import", csv));
        var different = await client.SendAsync(Import(surveyId, "key-import", csv + "3,3\n"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await ProblemAssert.IsProblem(different, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task AMalformedKeyIsAValidationProblem()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");

        var response = await client.SendAsync(Post(surveyId, new string('k', 201), Body));

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("Idempotency-Key", errors.Keys);
    }

    /// <summary>A claim as a request that is still running (or crashed) would have left it.</summary>
    private async Task Claim(string key, DateTimeOffset createdAt)
    {
        await using var connection = factory.NewConnection();
        await connection.ExecuteAsync(
            """
            INSERT INTO idempotency_requests (api_key_id, idempotency_key, request_hash, state, created_at)
            VALUES ((SELECT id FROM api_keys WHERE prefix = @prefix), @key, '', 'running', @createdAt)
            """,
            new { key, createdAt = createdAt.ToString("O"), prefix = KanoApi.Infrastructure.ApiKeys.PrefixOf(KanoApiFactory.AdminKey) });
    }

    [Theory]
    [InlineData("surveys")]
    [InlineData("features")]
    public async Task CreatingASurveyOrFeatureWithTheSameKeyTwiceCreatesItOnceAndReplaysTheAnswer(string what)
    {
        var surveyId = await Given.ASurvey(client);
        var (path, body, other) = what == "surveys"
            ? ("/v1/surveys", """{ "name": "Once" }""", """{ "name": "Twice" }""")
            : ($"/v1/surveys/{surveyId}/features", """{ "key": "once", "name": "Once" }""", """{ "key": "twice", "name": "Twice" }""");
        HttpRequestMessage Create(string json) => Given.JsonRequest(HttpMethod.Post, path, json).WithHeader("Idempotency-Key", $"create-{what}");

        var first = await client.SendAsync(Create(body));
        var retry = await client.SendAsync(Create(body));
        var otherBody = await client.SendAsync(Create(other));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblem(otherBody, HttpStatusCode.UnprocessableEntity);
        await using var connection = factory.NewConnection();
        var table = what == "surveys" ? "surveys" : "features";
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE name = 'Once'"));
    }

    [Fact]
    public async Task ARequestWhoseClaimWasTakenOverCanNeitherCompleteNorReleaseTheNewClaim()
    {
        _ = factory.Server;
        var database = factory.Database;
        await using var connection = await database.OpenAsync();
        var apiKeyId = await AdminKeyIdAsync(connection);
        var first = await KanoApi.Infrastructure.Idempotency.ClaimAsync(connection, apiKeyId, "taken-over", "hash", CancellationToken.None);
        await connection.ExecuteAsync(
            "UPDATE idempotency_requests SET created_at = @old WHERE idempotency_key = 'taken-over'",
            new { old = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        var second = await KanoApi.Infrastructure.Idempotency.ClaimAsync(connection, apiKeyId, "taken-over", "hash", CancellationToken.None);

        await KanoApi.Infrastructure.Idempotency.ReleaseAsync(connection, apiKeyId, "taken-over", first.Token!);
        await using var transaction = connection.BeginTransaction();
        await Assert.ThrowsAsync<KanoApi.Infrastructure.IdempotencyClaimLostException>(() =>
            KanoApi.Infrastructure.Idempotency.CompleteAsync(connection, transaction, apiKeyId, "taken-over", first.Token!, "hash", 201, "{}", null, null, CancellationToken.None));
        await KanoApi.Infrastructure.Idempotency.CompleteAsync(connection, transaction, apiKeyId, "taken-over", second.Token!, "hash", 201, "{}", null, null, CancellationToken.None);
        await transaction.CommitAsync();

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal("done", await connection.ExecuteScalarAsync<string>("SELECT state FROM idempotency_requests WHERE idempotency_key = 'taken-over'"));
    }

    [Fact]
    public async Task KeysAreScopedByApiKeySoAnotherKeyOfTheWorkspaceCanNeitherSeeNorClaimThem()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var form = factory.CreateClientWithKey(await Given.AKey(factory, "collect", surveyId));
        const string Other = """{ "answers": [ { "feature": "wifi", "functional": 2, "dysfunctional": 5 } ] }""";

        // The admin's key is not the form's: the form is neither told it was used (422) nor replayed the admin's answer.
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(surveyId, "per-key", Body))).StatusCode);
        var fromForm = await form.SendAsync(Post(surveyId, "per-key", Other));
        Assert.Equal(HttpStatusCode.Created, fromForm.StatusCode);
        Assert.False(fromForm.Headers.Contains("Idempotent-Replayed"));

        // And a form that claims a key first does not take it from the admin.
        Assert.Equal(HttpStatusCode.Created, (await form.SendAsync(Post(surveyId, "claimed-first", Other))).StatusCode);
        var fromAdmin = await client.SendAsync(Post(surveyId, "claimed-first", Body));
        Assert.Equal(HttpStatusCode.Created, fromAdmin.StatusCode);
        Assert.False(fromAdmin.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(4, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task ARecordExpiresAfter24HoursAndIsThenAFreshKey()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(surveyId, "old-key", Body))).StatusCode);
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("UPDATE idempotency_requests SET created_at = @old WHERE idempotency_key = 'old-key'",
                new { old = DateTimeOffset.UtcNow.AddHours(-24).AddMinutes(-1).ToString("O") });
        }

        var reused = await client.SendAsync(Post(surveyId, "old-key", Body.Replace("\"functional\": 1", "\"functional\": 2", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.False(reused.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await factory.StoredRespondents(surveyId));
    }

    [Fact]
    public async Task TheSweepDeletesRecordsOlderThan24HoursAndKeepsTheRest()
    {
        _ = factory.Server;
        await using var connection = await factory.Database.OpenAsync();
        var apiKeyId = await AdminKeyIdAsync(connection);
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, age) in new[] { ("sweep-old", TimeSpan.FromHours(25)), ("sweep-young", TimeSpan.FromHours(23)) })
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO idempotency_requests (api_key_id, idempotency_key, request_hash, state, created_at)
                VALUES (@apiKeyId, @key, '', 'done', @createdAt)
                """,
                new { apiKeyId, key, createdAt = (now - age).ToString("O") });
        }

        var swept = await KanoApi.Infrastructure.Idempotency.SweepAsync(connection, now, CancellationToken.None);

        Assert.True(swept >= 1);
        var left = (await connection.QueryAsync<string>("SELECT idempotency_key FROM idempotency_requests WHERE idempotency_key LIKE 'sweep-%'")).ToArray();
        Assert.Equal(["sweep-young"], left);
    }

    private static Task<long> AdminKeyIdAsync(System.Data.Common.DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT id FROM api_keys WHERE prefix = @prefix", new { prefix = KanoApi.Infrastructure.ApiKeys.PrefixOf(KanoApiFactory.AdminKey) });
}
