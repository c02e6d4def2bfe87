using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace KanoApi.Tests.Security;

public sealed class KeysTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private async Task<JsonElement> CreateWorkspace(string name = "team")
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/v1/workspaces", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> CreateKey(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/v1/keys", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<long> InsertSurvey(long workspaceId, string name = "s")
    {
        await using var connection = factory.NewConnection();
        var now = DateTimeOffset.UtcNow.ToString("O");
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO surveys (workspace_id, name, created_at, updated_at) VALUES (@workspaceId, @name, @now, @now) RETURNING id",
            new { workspaceId, name, now });
    }

    [Fact]
    public async Task CreatingAWorkspaceNeedsNoKeyAndAnswersItsFirstAdminKeyOnce()
    {
        var workspace = await CreateWorkspace("acme");

        Assert.Equal("acme", workspace.GetProperty("name").GetString());
        var key = workspace.GetProperty("apiKey").GetString()!;
        Assert.StartsWith("kano_", key);
        var current = await factory.CreateClientWithKey(key).GetFromJsonAsync<JsonElement>("/v1/workspaces/current");
        Assert.Equal(workspace.GetProperty("id").GetInt64(), current.GetProperty("id").GetInt64());
        Assert.Equal("admin", current.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"   \"}")]
    public async Task AWorkspaceWithoutANameIsAValidationProblem(string body)
    {
        var response = await factory.CreateClient().PostAsync("/v1/workspaces", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("name", errors.Keys);
    }

    [Fact]
    public async Task AnAdminKeyCreatesAReadKeyWhoseSecretIsShownOnceAndStoredOnlyAsAHash()
    {
        var admin = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);

        var created = await CreateKey(admin, new { scope = "read", name = "dashboard" });

        var secret = created.GetProperty("apiKey").GetString()!;
        Assert.Equal("read", created.GetProperty("scope").GetString());
        Assert.Equal("dashboard", created.GetProperty("name").GetString());
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, secret);
        await using var connection = factory.NewConnection();
        var stored = await connection.QuerySingleAsync<(string Prefix, string SecretHash)>(
            "SELECT prefix, secret_hash FROM api_keys WHERE id = @id", new { id = created.GetProperty("id").GetInt64() });
        Assert.Equal(ApiKeys.Hash(secret), stored.SecretHash);
        var everyColumn = string.Join("|", await connection.QueryAsync<string>(
            "SELECT coalesce(name,'') || prefix || secret_hash || scope || created_at FROM api_keys"));
        Assert.DoesNotContain(secret, everyColumn);

        var list = await admin.GetStringAsync("/v1/keys");
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain(stored.SecretHash, list);
        Assert.Contains("dashboard", list);
    }

    [Fact]
    public async Task TheListIsPaginatedOldestFirstLikeEveryListAndNeverShowsASecret()
    {
        var admin = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);
        for (var i = 0; i < 4; i++)
        {
            await CreateKey(admin, new { scope = "read", name = $"k{i}" });
        }

        var first = await admin.GetFromJsonAsync<JsonElement>("/v1/keys?limit=3");
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/v1/keys?limit=3&cursor={cursor}");
        Assert.Equal(2, second.GetProperty("items").GetArrayLength()); // 4 + the first admin key
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var names = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(new[] { "first admin key", "k0", "k1", "k2", "k3" }, names!);
        Assert.All(first.GetProperty("items").EnumerateArray(), item =>
        {
            Assert.False(item.TryGetProperty("apiKey", out _));
            Assert.False(item.TryGetProperty("secretHash", out _));
        });
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task BadListOptionsAreValidationProblems(string query, string field)
    {
        var response = await factory.CreateAdminClient().GetAsync($"/v1/keys{query}");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains(field, errors.Keys);
    }

    [Theory]
    [InlineData("{\"scope\":\"owner\"}", "scope")]
    [InlineData("{}", "scope")]
    [InlineData("{\"scope\":\"read\",\"surveyId\":1}", "surveyId")]
    public async Task AnInvalidKeyRequestIsAValidationProblem(string body, string field)
    {
        var response = await factory.CreateAdminClient().PostAsync("/v1/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public async Task ACollectKeyCanBeBoundToItsOwnWorkspacesSurveyButAnotherWorkspacesSurveyReadsAsMissing()
    {
        var mine = await CreateWorkspace("mine");
        var theirs = await CreateWorkspace("theirs");
        var admin = factory.CreateClientWithKey(mine.GetProperty("apiKey").GetString()!);
        var ownSurvey = await InsertSurvey(mine.GetProperty("id").GetInt64());
        var foreignSurvey = await InsertSurvey(theirs.GetProperty("id").GetInt64());

        var bound = await CreateKey(admin, new { scope = "collect", surveyId = ownSurvey });
        Assert.Equal(ownSurvey, bound.GetProperty("surveyId").GetInt64());

        var foreign = await admin.PostAsJsonAsync("/v1/keys", new { scope = "collect", surveyId = foreignSurvey });
        var missing = await admin.PostAsJsonAsync("/v1/keys", new { scope = "collect", surveyId = 999_999_999 });
        var foreignErrors = await ProblemAssert.IsValidationProblem(foreign);
        var missingErrors = await ProblemAssert.IsValidationProblem(missing);
        Assert.Equal(missingErrors["surveyId"], foreignErrors["surveyId"]);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedOnTheVeryNextRequest()
    {
        var admin = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);
        var created = await CreateKey(admin, new { scope = "read" });
        var reader = factory.CreateClientWithKey(created.GetProperty("apiKey").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/workspaces/current")).StatusCode);

        var revoke = await admin.DeleteAsync($"/v1/keys/{created.GetProperty("id").GetInt64()}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblem(await reader.GetAsync("/v1/workspaces/current"), HttpStatusCode.Unauthorized);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/v1/keys/{created.GetProperty("id").GetInt64()}");
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{created.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspacesKeyCannotBeRevokedAndAnswersAsAMissingOne()
    {
        var mine = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);
        var theirs = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);
        var theirKey = await CreateKey(theirs, new { scope = "read" });

        var foreign = await ProblemAssert.IsProblem(await mine.DeleteAsync($"/v1/keys/{theirKey.GetProperty("id").GetInt64()}"), HttpStatusCode.NotFound);
        var missing = await ProblemAssert.IsProblem(await mine.DeleteAsync("/v1/keys/999999999"), HttpStatusCode.NotFound);

        Assert.Equal(missing.GetProperty("detail").GetString(), foreign.GetProperty("detail").GetString());
        var stillWorks = factory.CreateClientWithKey(theirKey.GetProperty("apiKey").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await stillWorks.GetAsync("/v1/workspaces/current")).StatusCode);
    }

    [Fact]
    public async Task TheLastWorkingAdminKeyCannotBeRevoked()
    {
        var workspace = await CreateWorkspace();
        var admin = factory.CreateClientWithKey(workspace.GetProperty("apiKey").GetString()!);
        var keys = await admin.GetFromJsonAsync<JsonElement>("/v1/keys");
        var firstId = keys.GetProperty("items")[0].GetProperty("id").GetInt64();

        await ProblemAssert.IsProblem(await admin.DeleteAsync($"/v1/keys/{firstId}"), HttpStatusCode.Conflict);

        var second = await CreateKey(admin, new { scope = "admin" });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{firstId}")).StatusCode);
        await ProblemAssert.IsProblem(await admin.GetAsync("/v1/keys"), HttpStatusCode.Unauthorized);
        var secondAdmin = factory.CreateClientWithKey(second.GetProperty("apiKey").GetString()!);
        await ProblemAssert.IsProblem(await secondAdmin.DeleteAsync($"/v1/keys/{second.GetProperty("id").GetInt64()}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TwoAdminsRevokingEachOthersKeysAtOnceLeaveOneWorkingAdminKey()
    {
        for (var round = 0; round < 15; round++)
        {
            var workspace = await CreateWorkspace();
            var first = factory.CreateClientWithKey(workspace.GetProperty("apiKey").GetString()!);
            var firstId = (await first.GetFromJsonAsync<JsonElement>("/v1/keys")).GetProperty("items")[0].GetProperty("id").GetInt64();
            var secondKey = await CreateKey(first, new { scope = "admin" });
            var second = factory.CreateClientWithKey(secondKey.GetProperty("apiKey").GetString()!);

            var answers = await Task.WhenAll(
                first.DeleteAsync($"/v1/keys/{secondKey.GetProperty("id").GetInt64()}"),
                second.DeleteAsync($"/v1/keys/{firstId}"));

            // One revocation wins; the other finds its own key revoked (401) or the other key the last one (409).
            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.NoContent);
            var working = 0;
            foreach (var client in new[] { first, second })
            {
                working += (await client.GetAsync("/v1/keys")).StatusCode == HttpStatusCode.OK ? 1 : 0;
            }

            Assert.Equal(1, working);
        }
    }

    [Theory]
    [InlineData("read")]
    [InlineData("collect")]
    public async Task OnlyAdminKeysManageKeys(string scope)
    {
        var admin = factory.CreateClientWithKey((await CreateWorkspace()).GetProperty("apiKey").GetString()!);
        var other = factory.CreateClientWithKey((await CreateKey(admin, new { scope })).GetProperty("apiKey").GetString()!);

        await ProblemAssert.IsProblem(await other.GetAsync("/v1/keys"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await other.PostAsJsonAsync("/v1/keys", new { scope = "admin" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NoSecretEverReachesTheLogs()
    {
        var logs = new CapturedLogs();
        using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(logs);
        }));
        var workspace = await logged.CreateClient().PostAsJsonAsync("/v1/workspaces", new { name = "logged" });
        var adminKey = (await workspace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var admin = logged.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        var read = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read" });
        var readKey = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var wrong = logged.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", readKey + "x");
        await wrong.GetAsync("/v1/workspaces/current");
        await admin.GetAsync("/v1/keys");

        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, entry =>
        {
            Assert.DoesNotContain(adminKey, entry.Message);
            Assert.DoesNotContain(readKey, entry.Message);
            Assert.DoesNotContain(KanoApiFactory.AdminKey, entry.Message);
        });
    }
}
