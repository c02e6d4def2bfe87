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

    [Theory]
    [InlineData("/v1/surveys/{surveyId}/analysis")]
    [InlineData("/v1/surveys/{surveyId}/analysis/segments")]
    [InlineData("/v1/surveys/{surveyId}/analysis/chart.svg")]
    [InlineData("/v1/surveys/{surveyId}/backlog")]
    public async Task SegmentFiltersAreAParameterSwaggerUiCanFillIn(string path)
    {
        var document = JsonDocument.Parse(await Document()).RootElement;

        var parameters = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray();
        var segment = Assert.Single(parameters, parameter => parameter.GetProperty("name").GetString() == "segment");
        Assert.Equal("query", segment.GetProperty("in").GetString());
        Assert.Equal("deepObject", segment.GetProperty("style").GetString());
        Assert.True(segment.GetProperty("explode").GetBoolean());
        var schema = segment.GetProperty("schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("string", schema.GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("enterprise", segment.GetProperty("example").GetProperty("plan").GetString());
        Assert.Contains("segment.<name>", segment.GetProperty("description").GetString());
    }

    [Fact]
    public async Task EveryMapInTheDocumentShowsARealisticExample()
    {
        // A map without an example is shown by Swagger UI as {"additionalProp1": "string", …}.
        var document = JsonDocument.Parse(await Document()).RootElement;
        var maps = new List<string>();
        var bare = new List<string>();
        Walk(document.GetProperty("components"), "components");
        Walk(document.GetProperty("paths"), "paths");

        Assert.NotEmpty(maps);
        Assert.True(bare.Count == 0, "maps without an example: " + string.Join(", ", bare));

        void Walk(JsonElement element, string at)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
                {
                    maps.Add(at);
                    if (!element.TryGetProperty("example", out var example) || example.EnumerateObject().Any(pair => pair.Name.StartsWith("additionalProp", StringComparison.Ordinal)))
                    {
                        bare.Add(at);
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, at + "/" + property.Name);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{at}[{i++}]");
                }
            }
        }
    }

    [Theory]
    [InlineData("ProblemDetails")]
    [InlineData("HttpValidationProblemDetails")]
    public async Task ProblemSchemasShowARealisticExampleWithATraceId(string name)
    {
        var schema = JsonDocument.Parse(await Document()).RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

        Assert.True(schema.GetProperty("properties").TryGetProperty("traceId", out _), "a problem's traceId is declared");
        var example = schema.GetProperty("example");
        Assert.StartsWith("00-", example.GetProperty("traceId").GetString());
        Assert.StartsWith("https://", example.GetProperty("type").GetString());
        if (name == "HttpValidationProblemDetails")
        {
            Assert.Equal(400, example.GetProperty("status").GetInt32());
            Assert.Contains(example.GetProperty("errors").EnumerateObject(), error => error.Name.Contains('.') || error.Name.Contains('['));
            Assert.True(example.TryGetProperty("totalErrors", out _));
        }
    }

    [Fact]
    public async Task SwaggerUiLinksDeepToOperations()
    {
        var client = factory.CreateClient();
        var page = await client.GetStringAsync("/swagger/index.html");
        var script = await client.GetAsync("/swagger/index.js");
        var configuration = page + (script.IsSuccessStatusCode ? await script.Content.ReadAsStringAsync() : "");

        Assert.Matches("\"deepLinking\"\\s*:\\s*true", configuration);
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }
}
