using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Security;

/// <summary>
/// Access control, generated from the OpenAPI document itself (OWASP API1 and API5:2023): every operation the
/// document lists is called without a key, with another workspace's admin key, with a read key and with a
/// collect key bound to one survey. A new endpoint is covered the moment it appears in the document.
/// </summary>
public sealed partial class IsolationTests(IsolationTests.TwoWorkspaces world) : IClassFixture<IsolationTests.TwoWorkspaces>
{
    /// <summary>Operations anyone may call, each with the reason. Every other operation must require a key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Anonymous = new Dictionary<string, string>
    {
        ["GET /health/live"] = "probes by orchestrators carry no key",
        ["GET /health/ready"] = "probes by orchestrators carry no key",
        ["POST /v1/workspaces"] = "self-service sign-up: there is no key yet (limited per address instead)",
    };

    /// <summary>The operations a collect key exists for; bound to a survey, only for that survey.</summary>
    private static readonly string[] ResponsePosts =
    [
        "POST /v1/surveys/{surveyId}/responses",
        "POST /v1/surveys/{surveyId}/responses/batch",
        "POST /v1/surveys/{surveyId}/responses/import",
        "POST /v1/surveys/{surveyId}/responses/import/preview",
        // the saved mappings a front-end with a collect key offers for its import (?mapping=<name>)
        "GET /v1/surveys/{surveyId}/import-mappings",
        "GET /v1/surveys/{surveyId}/import-mappings/{name}",
        // what a front-end with a collect key renders before it posts
        "GET /v1/surveys/{surveyId}/questionnaire",
    ];

    private const string Missing = "999999999";

    [Fact]
    public void EveryOperationNeedsAKeyUnlessListedAsAnonymousByDesign()
    {
        var failures = new List<string>();
        foreach (var operation in world.Operations)
        {
            var secured = operation.Node["security"] is JsonArray { Count: > 0 } security
                && security.Any(requirement => requirement?.AsObject().ContainsKey("ApiKey") == true);
            if (!secured && !Anonymous.ContainsKey(operation.Name))
            {
                failures.Add($"{operation.Name} declares no ApiKey security and is not a listed anonymous operation");
            }

            if (secured && operation.Node["x-required-scope"]?.GetValue<string>() is not { Length: > 0 })
            {
                failures.Add($"{operation.Name} does not declare x-required-scope");
            }
        }

        failures.AddRange(Anonymous.Keys.Where(name => world.Operations.All(operation => operation.Name != name))
            .Select(name => $"{name} is listed as anonymous but the document has no such operation"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(world.Operations.Count >= 6, $"only {world.Operations.Count} operations found");
    }

    [Fact]
    public async Task WithoutAKeyEverySecuredOperationIsAnUnauthorizedProblem()
    {
        await ForEverySecuredOperation(async operation =>
        {
            var response = await world.Send(world.CreateClient(), operation, world.ValuesOfA);
            return await ExpectProblem(response, HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task WithARevokedKeyEverySecuredOperationIsAnUnauthorizedProblem()
    {
        await ForEverySecuredOperation(async operation =>
        {
            var response = await world.Send(world.CreateClientWithKey(world.RevokedKeyOfA), operation, world.ValuesOfA);
            return await ExpectProblem(response, HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task AnotherWorkspacesAdminKeySeesWorkspaceAsResourcesExactlyAsMissingOnes()
    {
        var otherAdmin = world.CreateClientWithKey(world.AdminKeyOfB);
        await ForEverySecuredOperation(async operation =>
        {
            var foreign = await Describe(await world.Send(otherAdmin, operation, world.ValuesOfA));
            var missing = await Describe(await world.Send(otherAdmin, operation, world.MissingValues));
            if (foreign.StartsWith("5", StringComparison.Ordinal))
            {
                return $"answers {foreign}";
            }

            return foreign == missing ? null : $"for workspace A's resource answers\n      {foreign}\n    but for a missing one\n      {missing}";
        });
    }

    [Fact]
    public async Task AReadKeyIsForbiddenEveryWriteAndMayCallEveryReadItIsDeclaredFor()
    {
        var reader = world.CreateClientWithKey(world.ReadKeyOfA);
        await ForEverySecuredOperation(async operation =>
        {
            var response = await world.Send(reader, operation, world.ValuesOfA);
            if (operation.Method != "GET" || !operation.Admits("read"))
            {
                return await ExpectProblem(response, HttpStatusCode.Forbidden);
            }

            return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500
                ? $"declares scope read but answers a read key {(int)response.StatusCode}"
                : null;
        });
    }

    [Fact]
    public async Task ACollectKeyBoundToASurveyIsForbiddenEverythingButPostingResponsesToThatSurvey()
    {
        var collector = world.CreateClientWithKey(world.CollectKeyOfA);
        await ForEverySecuredOperation(async operation =>
        {
            if (!ResponsePosts.Contains(operation.Name))
            {
                return await ExpectProblem(await world.Send(collector, operation, world.ValuesOfA), HttpStatusCode.Forbidden);
            }

            var otherSurvey = new Dictionary<string, string>(world.ValuesOfA) { ["surveyId"] = world.OtherSurveyOfA };
            var elsewhere = await ExpectProblem(await world.Send(collector, operation, otherSurvey), HttpStatusCode.Forbidden);
            if (elsewhere is not null)
            {
                return $"to another survey of its workspace: {elsewhere}";
            }

            var own = await world.Send(collector, operation, world.ValuesOfA);
            return own.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)own.StatusCode >= 500
                ? $"to its own survey answers {(int)own.StatusCode}: {await own.Content.ReadAsStringAsync()}"
                : null;
        });
    }

    private async Task ForEverySecuredOperation(Func<ApiOperation, Task<string?>> check)
    {
        var failures = new List<string>();
        var secured = world.Operations.Where(operation => !Anonymous.ContainsKey(operation.Name)).ToArray();
        foreach (var operation in secured)
        {
            if (await check(operation) is { } failure)
            {
                failures.Add($"{operation.Name}: {failure}");
            }
        }

        Assert.NotEmpty(secured);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<string?> ExpectProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            return $"expected {(int)status}, got {(int)response.StatusCode}: {body}";
        }

        return response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? null
            : $"{(int)status} is not application/problem+json but {response.Content.Headers.ContentType}";
    }

    /// <summary>
    /// What a caller can learn from an answer: its status and media type, and for a problem its type, title,
    /// detail and errors, for other JSON its top-level field names. Numbers are masked, so a detail may quote
    /// the id it was asked for; instance and traceId differ on every request and are left out.
    /// </summary>
    private static async Task<string> Describe(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var media = response.Content.Headers.ContentType?.MediaType ?? "none";
        var shape = "";
        try
        {
            shape = JsonNode.Parse(text) switch
            {
                JsonObject problem when media == "application/problem+json" =>
                    string.Join(" | ", new[] { "type", "title", "detail", "errors" }.Select(field => $"{field}={problem[field]?.ToJsonString()}")),
                JsonObject other => "{" + string.Join(",", other.Select(property => property.Key).Order(StringComparer.Ordinal)) + "}",
                JsonArray => "[...]",
                _ => "scalar",
            };
        }
        catch (JsonException)
        {
            shape = $"{text.Length} characters of {media}";
        }

        return Digits().Replace($"{(int)response.StatusCode} {media} {shape}", "#")
            .Replace(TwoWorkspaces.RespondentOfA, "<respondent>", StringComparison.Ordinal)
            .Replace(TwoWorkspaces.MissingRespondent, "<respondent>", StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    /// <summary>One operation of the OpenAPI document.</summary>
    public sealed record ApiOperation(string Method, string Path, JsonObject Node)
    {
        public string Name => $"{Method} {Path}";

        public bool Admits(string scope) =>
            Node["x-required-scope"]?.GetValue<string>().Split(" or ").Contains(scope) == true;
    }

    /// <summary>
    /// Workspace A with a survey (and, where the API offers them, a feature and a respondent), a read key, a
    /// collect key bound to the survey and a revoked key; workspace B with its admin key; the document.
    /// </summary>
    public sealed class TwoWorkspaces : KanoApiFactory, IAsyncLifetime
    {
        public const string RespondentOfA = "isolation-respondent";
        public const string MissingRespondent = "missing-respondent";

        public IReadOnlyList<ApiOperation> Operations { get; private set; } = [];

        public IReadOnlyDictionary<string, string> ValuesOfA { get; private set; } = new Dictionary<string, string>();

        /// <summary>Every path parameter this suite knows, as ids that exist nowhere.</summary>
        public IReadOnlyDictionary<string, string> MissingValues { get; } = new Dictionary<string, string>
        {
            ["surveyId"] = Missing,
            ["featureIdOrKey"] = Missing,
            ["respondentId"] = MissingRespondent,
            ["id"] = Missing,
            ["linkId"] = Missing,
            ["webhookId"] = Missing,
            ["deliveryId"] = Missing,
            ["name"] = "no-such-mapping",
        };

        public string OtherSurveyOfA { get; private set; } = "";
        public string AdminKeyOfA { get; private set; } = "";
        public string AdminKeyOfB { get; private set; } = "";
        public string ReadKeyOfA { get; private set; } = "";
        public string CollectKeyOfA { get; private set; } = "";
        public string RevokedKeyOfA { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var document = JsonNode.Parse(await CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
            Operations = document["paths"]!.AsObject()
                .SelectMany(path => path.Value!.AsObject()
                    .Where(operation => operation.Key is "get" or "post" or "put" or "patch" or "delete")
                    .Select(operation => new ApiOperation(operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject())))
                .ToArray();
            Schemas = document["components"]?["schemas"]?.AsObject() ?? [];
            bool Offers(string name) => Operations.Any(operation => operation.Name == name);

            var (workspaceA, adminKeyOfA) = await CreateWorkspace("A");
            AdminKeyOfA = adminKeyOfA;
            (_, AdminKeyOfB) = await CreateWorkspace("B");
            var adminA = CreateClientWithKey(adminKeyOfA);

            var survey = Offers("POST /v1/surveys")
                ? await CreateId(adminA, "/v1/surveys", new { name = "isolation" })
                : await InsertSurvey(workspaceA, "isolation");
            OtherSurveyOfA = Offers("POST /v1/surveys")
                ? await CreateId(adminA, "/v1/surveys", new { name = "another" })
                : await InsertSurvey(workspaceA, "another");
            var values = new Dictionary<string, string> { ["surveyId"] = survey };
            if (Offers("POST /v1/surveys/{surveyId}/features"))
            {
                values["featureIdOrKey"] = await CreateId(adminA, $"/v1/surveys/{survey}/features", new { key = "f1", name = "Feature one" });
            }

            if (Offers("POST /v1/surveys/{surveyId}/responses"))
            {
                var response = await adminA.PostAsJsonAsync($"/v1/surveys/{survey}/responses", new
                {
                    respondentId = RespondentOfA,
                    answers = new[] { new { feature = "f1", functional = "like", dysfunctional = "dislike" } },
                });
                Assert.True(response.IsSuccessStatusCode, $"creating a respondent: {await response.Content.ReadAsStringAsync()}");
                values["respondentId"] = RespondentOfA;
            }

            if (Offers("POST /v1/surveys/{surveyId}/links"))
            {
                values["linkId"] = await CreateId(adminA, $"/v1/surveys/{survey}/links", new { name = "isolation link" });
            }

            if (Offers("PUT /v1/surveys/{surveyId}/import-mappings/{name}"))
            {
                var saved = await adminA.PutAsJsonAsync($"/v1/surveys/{survey}/import-mappings/isolation", new
                {
                    columns = new[] { new { index = 1, to = "functional", feature = "f1" }, new { index = 2, to = "dysfunctional", feature = "f1" } },
                });
                Assert.True(saved.IsSuccessStatusCode, $"saving an import mapping: {await saved.Content.ReadAsStringAsync()}");
                values["name"] = "isolation";
            }

            if (Offers("POST /v1/webhooks"))
            {
                // A public address literal: accepted without a DNS lookup, and never contacted (test hosts deliver no webhooks).
                values["webhookId"] = await CreateId(adminA, "/v1/webhooks", new { url = "https://93.184.215.14/isolation", events = new[] { "responses.stored.v1" } });
                values["deliveryId"] = Missing;
            }

            var readKey = await CreateKey(adminA, new { scope = "read", name = "isolation reader" });
            ReadKeyOfA = readKey.Secret;
            values["id"] = readKey.Id;
            CollectKeyOfA = (await CreateKey(adminA, new { scope = "collect", surveyId = long.Parse(survey), name = "isolation form" })).Secret;
            var revoked = await CreateKey(adminA, new { scope = "admin", name = "revoked" });
            Assert.Equal(HttpStatusCode.NoContent, (await adminA.DeleteAsync($"/v1/keys/{revoked.Id}")).StatusCode);
            RevokedKeyOfA = revoked.Secret;
            ValuesOfA = values;
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        private JsonObject Schemas { get; set; } = [];

        /// <summary>
        /// Calls the operation with the given path values and a plausible body built from its schema, so that
        /// a handler is reached wherever authorization lets the call through.
        /// </summary>
        public async Task<HttpResponseMessage> Send(HttpClient client, ApiOperation operation, IReadOnlyDictionary<string, string> values)
        {
            var path = PathParameter().Replace(operation.Path, match =>
                values.TryGetValue(match.Groups[1].Value, out var value)
                    ? Uri.EscapeDataString(value)
                    : throw new Xunit.Sdk.XunitException(
                        $"{operation.Name}: no value for path parameter {{{match.Groups[1].Value}}}; teach IsolationTests.TwoWorkspaces about it"));
            var query = (operation.Node["parameters"] as JsonArray ?? [])
                .Select(parameter => parameter!.AsObject())
                .Where(parameter => parameter["in"]?.GetValue<string>() == "query" && parameter["required"]?.GetValue<bool>() == true)
                .Select(parameter => $"{parameter["name"]}={Uri.EscapeDataString(SampleText(parameter["name"]!.GetValue<string>(), parameter["schema"]))}");
            var request = new HttpRequestMessage(new HttpMethod(operation.Method), path + (query.Any() ? "?" + string.Join("&", query) : ""));
            if (operation.Node["requestBody"]?["content"] is JsonObject content)
            {
                request.Content = content.ContainsKey("application/json")
                    ? new StringContent(Sample(content["application/json"]!["schema"], "", values, 0)?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json")
                    : content.ContainsKey("text/csv")
                        ? new StringContent($"respondentId,f1.functional,f1.dysfunctional\n{RespondentOfA}-csv,like,dislike\n", Encoding.UTF8, "text/csv")
                        : new StringContent("", Encoding.UTF8, content.First().Key);
            }

            return await client.SendAsync(request);
        }

        /// <summary>A JSON value for a schema: known fields get meaningful values (ids from the values under test).</summary>
        internal JsonNode? Sample(JsonNode? schema, string field, IReadOnlyDictionary<string, string> values, int depth)
        {
            if (depth > 6 || schema is not JsonObject node)
            {
                return null;
            }

            if (node["$ref"]?.GetValue<string>() is { } reference)
            {
                return Sample(Schemas[reference.Split('/')[^1]], field, values, depth + 1);
            }

            foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            {
                if (node[combinator] is JsonArray { Count: > 0 } choices)
                {
                    return Sample(choices[0], field, values, depth + 1);
                }
            }

            if (field == "surveyId" && values.TryGetValue("surveyId", out var survey))
            {
                return long.TryParse(survey, out var id) ? JsonValue.Create(id) : JsonValue.Create(survey);
            }

            var type = node["type"] switch
            {
                JsonArray types => types.Select(item => item!.GetValue<string>()).First(item => item != "null"),
                { } one => one.GetValue<string>(),
                null => node.ContainsKey("properties") ? "object" : "string",
            };
            return type switch
            {
                "object" => new JsonObject((node["properties"] as JsonObject ?? [])
                    .Select(property => KeyValuePair.Create(property.Key, Sample(property.Value, property.Key, values, depth + 1)))),
                "array" => new JsonArray(Sample(node["items"], field.TrimEnd('s'), values, depth + 1)),
                "integer" or "number" => JsonValue.Create(field switch { "importance" => 5, "satisfaction" => 3, _ => 1 }),
                "boolean" => JsonValue.Create(true),
                _ => JsonValue.Create(node["enum"] is JsonArray { Count: > 0 } choices ? choices[0]!.ToString() : SampleText(field, node)),
            };
        }

        private static string SampleText(string field, JsonNode? schema) => field switch
        {
            "scope" => "collect",
            "feature" => "f1",
            "functional" => "like",
            "dysfunctional" => "dislike",
            "language" => "en",
            "respondentId" => RespondentOfA + "-new",
            "key" => "isolation-feature",
            "by" => "plan",
            _ when schema?["format"]?.GetValue<string>() is "int32" or "int64" => "1",
            _ => "isolation",
        };

        private async Task<(long Id, string Key)> CreateWorkspace(string name)
        {
            var response = await CreateClient().PostAsJsonAsync("/v1/workspaces", new { name });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (body.GetProperty("id").GetInt64(), body.GetProperty("apiKey").GetString()!);
        }

        private static async Task<string> CreateId(HttpClient admin, string path, object body)
        {
            var response = await admin.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static async Task<(string Id, string Secret)> CreateKey(HttpClient admin, object body)
        {
            var response = await admin.PostAsJsonAsync("/v1/keys", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /v1/keys: {(int)response.StatusCode} {text}");
            var created = JsonDocument.Parse(text).RootElement;
            return (created.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), created.GetProperty("apiKey").GetString()!);
        }

        /// <summary>Where the branch has no survey endpoints yet, the survey is made in the database directly.</summary>
        private async Task<string> InsertSurvey(long workspaceId, string name)
        {
            await using var connection = NewConnection();
            var now = DateTimeOffset.UtcNow.ToString("O");
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO surveys (workspace_id, name, created_at, updated_at) VALUES (@workspaceId, @name, @now, @now) RETURNING id",
                new { workspaceId, name, now });
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]*)?\}")]
    private static partial Regex PathParameter();
}
