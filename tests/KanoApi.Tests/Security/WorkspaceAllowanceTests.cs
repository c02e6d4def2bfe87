using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KanoApi.Tests.Security;

/// <summary>A tenant cannot multiply its allowance by making keys: a workspace-wide bucket and a cap on active keys.</summary>
public sealed class WorkspaceAllowanceTests(WorkspaceAllowanceTests.SmallWorkspaceFactory factory) : IClassFixture<WorkspaceAllowanceTests.SmallWorkspaceFactory>
{
    public sealed class SmallWorkspaceFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:RateLimits:PermitsPerMinute"] = "5",
            ["Kano:RateLimits:WorkspacePermitsPerMinute"] = "8",
            ["Kano:RateLimits:AnonymousPermitsPerMinute"] = "3",
        };
    }

    // Written straight into the database: sign-up is an anonymous request, and this class keeps that allowance tiny.
    private async Task<HttpClient> NewWorkspaceAdminAsync() =>
        factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));

    private static async Task<HttpClient> ReadKeyAsync(KanoApiFactory factory, HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return factory.CreateClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }

    [Fact]
    public async Task KeysOfOneWorkspaceShareTheWorkspaceAllowance()
    {
        var admin = await NewWorkspaceAdminAsync();
        var first = await ReadKeyAsync(factory, admin);   // the workspace has spent 1 of its 8
        var second = await ReadKeyAsync(factory, admin);  // 2
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/v1/workspaces/current")).StatusCode); // 3-7
        }

        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/v1/workspaces/current")).StatusCode); // 8
        var limited = await second.GetAsync("/v1/workspaces/current");

        var problem = await ProblemAssert.IsProblem(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("workspace", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter is not null);
        // Another workspace is untouched.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateAdminClient().GetAsync("/v1/workspaces/current")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("kano_NotAKeyNotAKeyNotAKeyNotAKeyNotAKeyNotA")]
    public async Task ARequestWithoutAValidKeyPastItsAllowanceIsNotToldAboutAnApiKey(string? key)
    {
        var client = key is null ? factory.CreateClient() : factory.CreateClientWithKey(key);
        HttpResponseMessage response;
        var tries = 0;
        do
        {
            response = await client.GetAsync("/v1/surveys");
        }
        while (response.StatusCode == HttpStatusCode.Unauthorized && ++tries < 10);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("API key and", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("This API key", detail, StringComparison.Ordinal);
        Assert.Contains("address", detail, StringComparison.Ordinal);
    }
}

public sealed class ActiveKeyCapTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public async Task AWorkspaceHoldsAtMostFiftyActiveKeysAndRevokingOneMakesRoom()
    {
        var admin = factory.CreateAdminClient();
        HttpResponseMessage response;
        var made = new List<long>();
        do
        {
            response = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read", name = "k" });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                made.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
            }
        }
        while (response.StatusCode == HttpStatusCode.Created && made.Count < 60);

        // The bootstrap admin key is the 50th active key.
        Assert.Equal(49, made.Count);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
        Assert.Contains("50", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{made[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/keys", new { scope = "read" })).StatusCode);
    }
}
