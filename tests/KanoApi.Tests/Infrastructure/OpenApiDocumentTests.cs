using System.Net;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace KanoApi.Tests.Infrastructure;

public sealed class OpenApiDocumentTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private async Task<string> Document()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task TheOpenApiDocumentMatchesTheReviewedSnapshot()
    {
        // Every change to the contract shows up as a diff of __snapshots__/ in review.
        Snapshot.Match(JToken.Parse(await Document()));
    }

    [Fact]
    public async Task EveryOperationHasAnOperationIdASummaryAndATag()
    {
        using var document = JsonDocument.Parse(await Document());
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Method: operation.Name, Operation: operation.Value)))
            .ToArray();

        Assert.NotEmpty(operations);
        Assert.All(operations, op =>
        {
            Assert.True(op.Operation.TryGetProperty("operationId", out var id) && id.GetString() is { Length: > 0 }, $"{op.Method} {op.Path} has no operationId");
            Assert.True(op.Operation.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 }, $"{op.Method} {op.Path} has no summary");
            Assert.True(op.Operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{op.Method} {op.Path} has no tag");
        });
    }

    [Fact]
    public async Task TheDocumentDeclaresTheApiKeySchemeAndOperationsThatNeedItUseIt()
    {
        using var document = JsonDocument.Parse(await Document());
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        var current = document.RootElement.GetProperty("paths").GetProperty("/v1/workspaces/current").GetProperty("get");
        Assert.True(current.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        var live = document.RootElement.GetProperty("paths").GetProperty("/health/live").GetProperty("get");
        Assert.False(live.TryGetProperty("security", out _));
    }

    /// <summary>.ci/spectral.sh lints the served document: it runs this test with KANO_OPENAPI_OUT set.</summary>
    [Fact]
    public async Task TheServedDocumentIsWrittenWhereKanoOpenApiOutSays()
    {
        var document = await Document();
        Assert.NotNull(JsonDocument.Parse(document));
        if (Environment.GetEnvironmentVariable("KANO_OPENAPI_OUT") is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, document);
        }
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }
}
