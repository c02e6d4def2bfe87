using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KanoApi.Tests.Security;

public sealed class RateLimitTests(RateLimitTests.TinyLimitsFactory factory) : IClassFixture<RateLimitTests.TinyLimitsFactory>
{
    public sealed class TinyLimitsFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:RateLimits:PermitsPerMinute"] = "5",
            ["Kano:RateLimits:CollectPermitsPerMinute"] = "2",
            ["Kano:RateLimits:AnonymousPermitsPerMinute"] = "1000",
            ["Kano:RateLimits:WorkspaceCreationsPerHour"] = "2",
        };
    }

    private static async Task AssertTooManyRequests(HttpResponseMessage response)
    {
        await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, $"Retry-After: {retryAfter}");
    }

    [Fact]
    public async Task AKeyPastItsAllowanceGetsATooManyRequestsProblemWithRetryAfterAndOtherKeysAreUnaffected()
    {
        // The bootstrap admin key spends one permit per test of this class; the others spend their own.
        var created = await factory.CreateAdminClient().PostAsJsonAsync("/v1/keys", new { scope = "read" });
        var busy = factory.CreateClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/v1/workspaces/current")).StatusCode);
        }

        await AssertTooManyRequests(await busy.GetAsync("/v1/workspaces/current"));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateAdminClient().GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task CollectKeysHaveTheirOwnStricterAllowance()
    {
        var admin = factory.CreateAdminClient();
        var collectKey = (await (await admin.PostAsJsonAsync("/v1/keys", new { scope = "collect" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var collect = factory.CreateClientWithKey(collectKey);

        // 403s count too: the allowance is about load, not success.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await collect.GetAsync("/v1/workspaces/current")).StatusCode);
        }

        await AssertTooManyRequests(await collect.GetAsync("/v1/workspaces/current"));
    }

    [Fact]
    public async Task WorkspaceCreationHasItsOwnStrictAllowancePerAddress()
    {
        var client = factory.CreateClient();
        // Other tests of this class create workspaces from the same address too.
        HttpResponseMessage response;
        var created = 0;
        do
        {
            response = await client.PostAsJsonAsync("/v1/workspaces", new { name = "spam" });
        }
        while (response.StatusCode == HttpStatusCode.Created && ++created < 10);

        Assert.True(created <= 2, $"{created} workspaces created");
        await AssertTooManyRequests(response);
    }

    [Fact]
    public async Task HealthIsNeverRateLimited()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
    }
}

public sealed class BodyLimitTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public async Task AJsonBodyOverOneMegabyteIsAPayloadTooLargeProblem()
    {
        var body = "{\"scope\":\"read\",\"name\":\"" + new string('x', 1024 * 1024) + "\"}";

        var response = await factory.CreateAdminClient().PostAsync("/v1/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AChunkedBodyThatGrowsPastTheLimitIsAPayloadTooLargeProblem()
    {
        var body = Encoding.UTF8.GetBytes("{\"scope\":\"read\",\"name\":\"" + new string('x', 1024 * 1024) + "\"}");

        var response = await factory.CreateAdminClient().PostAsync("/v1/keys", new UnsizedContent(body));

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ABodyJustUnderTheLimitIsRead()
    {
        var name = new string('x', 1000);
        var response = await factory.CreateAdminClient().PostAsync("/v1/keys", new StringContent(
            "{\"scope\":\"read\",\"name\":\"" + name + "\"" + new string(' ', 1024 * 1024 - 1100) + "}", Encoding.UTF8, "application/json"));

        // Read, then refused for what it says (the name is too long), not for its size.
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("name", errors.Keys);
    }

    /// <summary>A body that does not say its length up front, as a chunked upload.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class CorsTests(CorsTests.OneOriginFactory factory) : IClassFixture<CorsTests.OneOriginFactory>
{
    public const string Allowed = "https://forms.example.com";

    public sealed class OneOriginFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:Cors:Origins:0"] = Allowed,
        };
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/v1/keys")
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "x-api-key,content-type,idempotency-key" },
        },
    };

    [Fact]
    public async Task AConfiguredOriginPassesThePreflightWithTheApiHeaders()
    {
        var response = await factory.CreateClient().SendAsync(Preflight(Allowed));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowedHeaders = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-api-key", allowedHeaders);
        Assert.Contains("idempotency-key", allowedHeaders);
    }

    [Fact]
    public async Task AConfiguredOriginCanReadAnAnswerAndItsExposedHeaders()
    {
        var client = factory.CreateAdminClient();
        client.DefaultRequestHeaders.Add("Origin", Allowed);

        var response = await client.GetAsync("/v1/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")).ToLowerInvariant();
        Assert.Contains("etag", exposed);
        Assert.Contains("retry-after", exposed);
        Assert.Contains("location", exposed);
    }

    [Fact]
    public async Task AnyOtherOriginGetsNoCorsHeadersOnPreflightOrRequest()
    {
        var preflight = await factory.CreateClient().SendAsync(Preflight("https://evil.example.net"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));

        var client = factory.CreateAdminClient();
        client.DefaultRequestHeaders.Add("Origin", "https://evil.example.net");
        var response = await client.GetAsync("/v1/keys");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

public sealed class ClosedCorsTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public async Task WithoutConfiguredOriginsNoOriginGetsCorsHeaders()
    {
        var client = factory.CreateAdminClient();
        client.DefaultRequestHeaders.Add("Origin", CorsTests.Allowed);

        var response = await client.GetAsync("/v1/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

public sealed class SecurityHeaderTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    public static TheoryData<string, bool, int> Answers => new()
    {
        { "/v1/keys", true, 200 },
        { "/v1/keys", false, 401 },
        { "/v1/no-such-thing", true, 404 },
        { "/health/live", false, 200 },
        { "/swagger/v1/swagger.json", false, 200 },
        { "/swagger/index.html", false, 200 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path, bool withKey, int status)
    {
        var client = withKey ? factory.CreateAdminClient() : factory.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        if (path.StartsWith("/swagger", StringComparison.Ordinal))
        {
            Assert.Contains("script-src 'self'", csp);
        }
        else
        {
            Assert.StartsWith("default-src 'none'", csp);
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing");
}
