using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// The document against the running service, as a front-end developer's generated types rely on it: a field a
/// response always carries is required, a field that is never null is not nullable, and a request field is
/// required exactly when the service refuses a body without it.
/// </summary>
public sealed class OpenApiContractTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task<JsonElement> Document()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    [Fact]
    public async Task EveryFieldOfASchemaOnlyResponsesUseIsDeclaredRequired()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = Operations(document).ToArray();
        var sent = Reachable(schemas, operations.Select(op => op.Operation).SelectMany(op =>
            op.TryGetProperty("requestBody", out var body) ? new[] { body } : []));
        var answered = Reachable(schemas, operations.Select(op => op.Operation).SelectMany(op =>
            op.TryGetProperty("responses", out var responses) ? new[] { responses } : []));

        var responseOnly = answered.Except(sent).Order(StringComparer.Ordinal).ToArray();
        Assert.True(responseOnly.Length > 40, $"only {responseOnly.Length} response schemas found");
        var omissions = responseOnly
            .Select(name => (Name: name, Schema: schemas.GetProperty(name)))
            .Where(entry => entry.Schema.TryGetProperty("properties", out _))
            .SelectMany(entry => entry.Schema.GetProperty("properties").EnumerateObject()
                .Select(property => property.Name)
                .Except(Required(entry.Schema))
                .Select(field => $"{entry.Name}.{field}"))
            .ToArray();
        Assert.True(omissions.Length == 0, "not declared required although every response carries it: " + string.Join(", ", omissions));
    }

    [Fact]
    public async Task RealResponsesCarryEveryRequiredFieldAndNullOnlyWhereTheSchemaSaysNullable()
    {
        var ids = await ASurveyWithEverything();
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var failures = new List<string>();
        var checkedOperations = new List<string>();

        foreach (var (path, method, operation) in Operations(document).Where(op => op.Method == "get"))
        {
            if (!operation.GetProperty("responses").TryGetProperty("200", out var ok)
                || !ok.TryGetProperty("content", out var content)
                || !content.TryGetProperty("application/json", out var json)
                || Fill(path, ids) is not { } address)
            {
                continue;
            }

            // A required query parameter (by=) gets its value from the same table as the path's.
            var query = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray()
                    .Where(parameter => parameter.GetProperty("in").GetString() == "query" && parameter.TryGetProperty("required", out var required) && required.GetBoolean())
                    .Select(parameter => parameter.GetProperty("name").GetString()!)
                    .Select(name => $"{name}={Uri.EscapeDataString(ids[name])}")
                : [];
            address += "?" + string.Join("&", query);
            var response = await admin.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Check(json.GetProperty("schema"), await response.Json(), $"GET {path}: $", schemas, failures);
            checkedOperations.Add(path);
        }

        Assert.True(checkedOperations.Count >= 15, "checked only: " + string.Join(", ", checkedOperations));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ARequestFieldIsRequiredExactlyWhenTheServiceRefusesABodyWithoutIt()
    {
        var ids = await ASurveyWithEverything();
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var mismatches = new List<string>();
        var tried = 0;

        foreach (var (path, method, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("requestBody", out var body)
                || !body.GetProperty("content").TryGetProperty("application/json", out var json)
                || Fill(path, ids) is not { } address)
            {
                continue;
            }

            var schema = Resolve(json.GetProperty("schema"), schemas);
            var declared = Required(schema).Order(StringComparer.Ordinal).ToArray();
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), address)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            });
            tried++;
            string[] demanded = [];
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var errors = await ProblemAssert.IsValidationProblem(response);
                demanded = errors.Keys.Where(key => !key.Contains('.') && !key.Contains('[')).Order(StringComparer.Ordinal).ToArray();
            }
            else
            {
                Assert.True((int)response.StatusCode < 300, $"{method} {address} with {{}}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            if (!declared.SequenceEqual(demanded))
            {
                mismatches.Add($"{method} {path}: declared [{string.Join(", ", declared)}], the service demands [{string.Join(", ", demanded)}]");
            }

            foreach (var field in declared)
            {
                if (schema.GetProperty("properties").TryGetProperty(field, out var property) && Nullable(property))
                {
                    mismatches.Add($"{method} {path}: required field {field} is declared nullable");
                }
            }
        }

        Assert.True(tried >= 8, $"only {tried} request bodies tried");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>A survey with features, answers (with scales, waves and segments), a link and a read key, for the ids the paths need.</summary>
    private async Task<Dictionary<string, string>> ASurveyWithEverything()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi", "parking", "checkout");
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askImportance = true, askSatisfaction = true, askServiceQuality = true } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        // Service quality too (issue 21), so the analysis's serviceQuality block and its parts are checked filled in.
        foreach (var (feature, dimension) in new[] { ("wifi", "tangibles"), ("parking", "reliability"), ("checkout", "responsiveness") })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/{feature}", new { dimension })).StatusCode);
        }

        string[] answers = ["like", "must-be", "neutral", "live-with", "dislike"];
        var responses = Enumerable.Range(0, 30).Select(index => new
        {
            respondentId = $"r-{index}",
            wave = index < 15 ? "2026-Q3" : "2026-Q4",
            segments = new Dictionary<string, string> { ["plan"] = index % 2 == 0 ? "free" : "pro" },
            answers = new[] { "wifi", "parking", "checkout" }.Select((feature, position) => new
            {
                feature,
                functional = answers[(index + position) % 5],
                dysfunctional = answers[(index * 3 + position) % 5],
                importance = 1 + (index + position) % 9,
                satisfaction = 1 + index % 5,
                expectation = 1 + (index + 2 * position) % 7,
                perception = 1 + (index * 2 + position) % 7,
            }).ToArray(),
        }).ToArray();
        var stored = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch", new { responses });
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());

        var link = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "form", name = "Newsletter" });
        Assert.True(link.StatusCode == HttpStatusCode.Created, await link.Content.ReadAsStringAsync());
        var key = await admin.PostAsJsonAsync("/v1/keys", new { scope = "read", name = "dashboard" });
        Assert.True(key.StatusCode == HttpStatusCode.Created, await key.Content.ReadAsStringAsync());

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["surveyId"] = surveyId.ToString(),
            ["featureIdOrKey"] = "wifi",
            ["respondentId"] = "r-3",
            ["linkId"] = (await link.Json()).GetProperty("id").GetInt64().ToString(),
            ["id"] = (await key.Json()).GetProperty("id").GetInt64().ToString(),
            ["by"] = "plan",
        };
    }

    /// <summary>The path with its parameters filled in, or null when one of them has no value here (a webhook's, say).</summary>
    private static string? Fill(string path, Dictionary<string, string> ids)
    {
        var filled = new StringBuilder();
        foreach (var part in path.Split('/'))
        {
            if (part.StartsWith('{'))
            {
                if (!ids.TryGetValue(part.Trim('{', '}'), out var value))
                {
                    return null;
                }

                filled.Append('/').Append(value);
            }
            else if (part.Length > 0)
            {
                filled.Append('/').Append(part);
            }
        }

        return filled.ToString();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("responses", out _))
            .Select(operation => (path.Name, operation.Name, operation.Value)));

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(field => field.GetString()!) : [];

    private static bool Nullable(JsonElement schema) =>
        (schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean())
        || (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null"));

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if (!schema.TryGetProperty("properties", out _) && !schema.TryGetProperty("items", out _)
                && schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1)
            {
                schema = all[0];
            }
            else
            {
                return schema;
            }
        }
    }

    private static void Check(JsonElement schema, JsonElement value, string at, JsonElement schemas, List<string> failures)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!Nullable(schema))
            {
                failures.Add($"{at} is null but its schema is not nullable");
            }

            return;
        }

        schema = Resolve(schema, schemas);
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
            foreach (var field in Required(schema).Where(field => !value.TryGetProperty(field, out _)))
            {
                failures.Add($"{at}.{field} is required but missing");
            }

            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Check(propertySchema, property.Value, $"{at}.{property.Name}", schemas, failures);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                {
                    Check(additional, property.Value, $"{at}.{property.Name}", schemas, failures);
                }
                else if (properties.ValueKind == JsonValueKind.Object)
                {
                    failures.Add($"{at}.{property.Name} is sent but not in the schema");
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                Check(items, element, $"{at}[{index++}]", schemas, failures);
            }
        }
    }

    /// <summary>The component schemas these parts of the document use, directly or through others.</summary>
    private static HashSet<string> Reachable(JsonElement schemas, IEnumerable<JsonElement> roots)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonElement>(roots);
        while (pending.TryPop(out var element))
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.GetString()!.Split('/')[^1] is var name && found.Add(name))
                    {
                        pending.Push(schemas.GetProperty(name));
                    }
                    else if (property.Name != "$ref")
                    {
                        pending.Push(property.Value);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    pending.Push(item);
                }
            }
        }

        return found;
    }
}
