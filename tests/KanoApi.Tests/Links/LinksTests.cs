using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Links;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Links;

public sealed class LinksTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task<JsonElement> CreateLink(long surveyId, object body)
    {
        var response = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static string TokenOf(JsonElement link) => link.GetProperty("url").GetString()!.Split('/')[^1];

    private async Task<ActiveLink?> Resolve(string token, string kind)
    {
        await using var connection = factory.NewConnection();
        await connection.OpenAsync();
        return await LinkStore.ResolveAsync(connection, token, kind, CancellationToken.None);
    }

    [Fact]
    public async Task ACreatedFormLinkAnswersAPublicUrlWithAnUnguessableTokenStoredOnlyAsItsHash()
    {
        var surveyId = await Given.ASurvey(admin);
        var link = await CreateLink(surveyId, new { name = "Newsletter", maxResponses = 100, wave = "2026-Q4", segments = new { channel = "newsletter" } });

        Assert.Equal("form", link.GetProperty("kind").GetString());
        var url = link.GetProperty("url").GetString()!;
        Assert.StartsWith("http://localhost/f/", url);
        var token = TokenOf(link);
        Assert.True(LinkTokens.IsWellFormed(token));
        Assert.Equal(token[..8], link.GetProperty("prefix").GetString());
        Assert.Equal(100, link.GetProperty("maxResponses").GetInt32());
        Assert.Equal("newsletter", link.GetProperty("segments").GetProperty("channel").GetString());

        await using var connection = factory.NewConnection();
        var stored = await connection.QuerySingleAsync<(string Prefix, string TokenHash)>(
            "SELECT prefix, token_hash FROM survey_links WHERE id = @id", new { id = link.GetProperty("id").GetInt64() });
        Assert.Equal(ApiKeys.Hash(token), stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash + stored.Prefix);

        var resolved = await Resolve(token, LinkKinds.Form);
        Assert.NotNull(resolved);
        Assert.Equal(surveyId, resolved.SurveyId);
        Assert.Equal("2026-Q4", resolved.Wave);
        Assert.Null(await Resolve(token, LinkKinds.Report));
    }

    [Fact]
    public async Task TwoLinksNeverShareAToken()
    {
        var surveyId = await Given.ASurvey(admin);
        var first = TokenOf(await CreateLink(surveyId, new { }));
        var second = TokenOf(await CreateLink(surveyId, new { }));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task AReportLinkPointsAtTheReportPageAndRefusesResponseSettings()
    {
        var surveyId = await Given.ASurvey(admin);
        var link = await CreateLink(surveyId, new { kind = "report", name = "For the board" });
        Assert.Contains("/r/", link.GetProperty("url").GetString());
        Assert.NotNull(await Resolve(TokenOf(link), LinkKinds.Report));

        var refused = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report", maxResponses = 5, wave = "w" });
        var errors = await ProblemAssert.IsValidationProblem(refused);
        Assert.Contains("maxResponses", errors.Keys);
        Assert.Contains("wave", errors.Keys);
    }

    [Fact]
    public async Task InvalidLinkSettingsAreListedByFieldAndNothingIsStored()
    {
        var surveyId = await Given.ASurvey(admin);
        var response = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new
        {
            kind = "poll",
            name = new string('n', 201),
            expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            maxResponses = 0,
            segments = new Dictionary<string, string> { ["plan"] = " " },
        });
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal(["expiresAt", "kind", "maxResponses", "name", "segments.plan"], errors.Keys.Order(StringComparer.Ordinal));

        var list = await (await admin.GetAsync($"/v1/surveys/{surveyId}/links")).Json();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ListsShowEachLinksStateButNeverItsTokenOrUrl()
    {
        var surveyId = await Given.ASurvey(admin);
        var link = await CreateLink(surveyId, new { name = "Shop counter" });
        var token = TokenOf(link);

        var body = await (await admin.GetAsync($"/v1/surveys/{surveyId}/links")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, body);
        Assert.DoesNotContain("url", body);
        var item = JsonDocument.Parse(body).RootElement.GetProperty("items")[0];
        Assert.Equal("active", item.GetProperty("state").GetString());
        Assert.Equal("Shop counter", item.GetProperty("name").GetString());
        Assert.Equal(0, item.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task ARevokedLinkStopsResolvingAtOnceAndRevokingTwiceChangesNothing()
    {
        var surveyId = await Given.ASurvey(admin);
        var link = await CreateLink(surveyId, new { });
        var id = link.GetProperty("id").GetInt64();
        Assert.NotNull(await Resolve(TokenOf(link), LinkKinds.Form));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}/links/{id}")).StatusCode);
        Assert.Null(await Resolve(TokenOf(link), LinkKinds.Form));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}/links/{id}")).StatusCode);

        var summary = await (await admin.GetAsync($"/v1/surveys/{surveyId}/links/{id}")).Json();
        Assert.Equal("revoked", summary.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, summary.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task AnExpiredOrFullLinkResolvesLikeAnUnknownOne()
    {
        var surveyId = await Given.ASurvey(admin);
        var expiring = await CreateLink(surveyId, new { expiresAt = DateTimeOffset.UtcNow.AddHours(1) });
        var capped = await CreateLink(surveyId, new { maxResponses = 1 });
        await using var connection = factory.NewConnection();
        await connection.ExecuteAsync("UPDATE survey_links SET expires_at = @past WHERE id = @id",
            new { past = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"), id = expiring.GetProperty("id").GetInt64() });
        await connection.ExecuteAsync("UPDATE survey_links SET responses = 1 WHERE id = @id", new { id = capped.GetProperty("id").GetInt64() });

        Assert.Null(await Resolve(TokenOf(expiring), LinkKinds.Form));
        Assert.Null(await Resolve(TokenOf(capped), LinkKinds.Form));
        Assert.Null(await Resolve("not-a-token", LinkKinds.Form));
        Assert.Null(await Resolve(LinkTokens.Generate(), LinkKinds.Form));
        var states = (await (await admin.GetAsync($"/v1/surveys/{surveyId}/links")).Json()).GetProperty("items")
            .EnumerateArray().Select(item => item.GetProperty("state").GetString());
        Assert.Equal(["expired", "full"], states);
    }

    [Fact]
    public async Task AnotherWorkspacesSurveyHasNoLinksForThisKey()
    {
        var surveyId = await Given.ASurvey(admin);
        var link = await CreateLink(surveyId, new { });
        var stranger = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Admin, inNewWorkspace: true));

        await ProblemAssert.IsProblem(await stranger.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/v1/surveys/{surveyId}/links"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await stranger.DeleteAsync($"/v1/surveys/{surveyId}/links/{link.GetProperty("id")}"), HttpStatusCode.NotFound);
        Assert.NotNull(await Resolve(TokenOf(link), LinkKinds.Form));
    }

    [Fact]
    public async Task OnlyAdminKeysManageLinks()
    {
        var surveyId = await Given.ASurvey(admin);
        var reader = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Read));
        var collector = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Collect, surveyId));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.GetAsync($"/v1/surveys/{surveyId}/links")).StatusCode);
    }
}

public sealed class PublicBaseUrlTests(PublicBaseUrlTests.Factory factory) : IClassFixture<PublicBaseUrlTests.Factory>
{
    public sealed class Factory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            [PublicAddress.Setting] = "https://kano.example.com/survey/",
        };
    }

    [Fact]
    public async Task LinksAreBuiltOnTheConfiguredPublicAddress()
    {
        var admin = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(admin);
        var response = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { });
        var url = (await response.Json()).GetProperty("url").GetString()!;
        Assert.Matches("^https://kano\\.example\\.com/survey/f/[0-9A-Za-z]{43}$", url);
    }
}
