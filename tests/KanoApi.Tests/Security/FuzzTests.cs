using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace KanoApi.Tests.Security;

/// <summary>
/// An API fuzz run generated from the OpenAPI document (OWASP API8:2023): every operation the document lists is
/// called with random and malformed bodies, path and query values, headers and keys. Whatever comes in, no
/// answer is a 5xx and every 4xx is a problem+json. The number of requests is bounded and printed; no timing
/// is asserted, so a slow machine is only slower.
/// </summary>
public sealed partial class FuzzTests(IsolationTests.TwoWorkspaces world, ITestOutputHelper output) : IClassFixture<IsolationTests.TwoWorkspaces>
{
    /// <summary>
    /// Requests per operation in the default run; the run makes this many times the number of operations. Every run
    /// draws new requests, so runs add up; the Slow category (CI's own step) sends <see cref="RequestsPerOperationWhenSlow"/>.
    /// </summary>
    private const int RequestsPerOperation = 50;

    private const int RequestsPerOperationWhenSlow = 300;

    private static readonly Gen<string> Text = Gen.Char.Array[0, 40].Select(chars => new string(chars));

    private static readonly Gen<string> Ascii = Gen.Char[' ', '~'].Array[0, 60].Select(chars => new string(chars));

    /// <summary>Path and query values: valid ones, boundary numbers, traversal, SQL, format strings, unicode.</summary>
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.OneOf("0", "-1", "1", "full", "rounded", "FULL", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
            "1e3", "0x10", "NaN", "null", "true", "6.0000001", "1e-320", "100.001", "", " ", "../../etc/passwd", "..%2F..%2F", "' OR 1=1 --", "1; DROP TABLE surveys",
            "%00", "{surveyId}", "%s%s%n", "<script>alert(1)</script>", "f1", "İstanbul", "ñ", "😀", "\u202e", new string('a', 5000)),
        Gen.Long.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Text);

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("null", "true", "false", "0", "-1", "1e308", "1.7e308", "1e-320", "0.01", "1000000", "6.0000001", "-0.0", "1.5", "99999999999999999999999", "\"admin\"", "\"read\"",
            "\"collect\"", "\"like\"", "\"must-be\"", "\"f1\"", "\"\"", "[]", "{}"),
        Gen.Long.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(value => double.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0"),
        Text.Select(value => System.Text.Json.JsonSerializer.Serialize(value)));

    /// <summary>JSON text of every shape: the point is wrong types in right places and right types in wrong ones.</summary>
    private static readonly Gen<string> Junk = Gen.Recursive<string>((depth, inner) => depth > 3
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Gen.OneOf("name", "scope", "surveyId", "answers", "responses", "key", "functional", "effort", "limit", "x", "").Array[0, 4], inner.Array[4],
                (keys, values) => "{" + string.Join(",", keys.Distinct().Select((key, i) => $"\"{key}\":{values[i]}")) + "}"))));

    /// <summary>Raw bodies that are not JSON at all, or JSON a reader must refuse.</summary>
    private static readonly Gen<byte[]> Malformed = Gen.OneOf(
        Gen.Byte.Array[0, 64],
        Gen.OneOf("", "{", "}", "[", "null", "\"x\"", "{\"name\":}", "{\"surveyId\":1e400}", "{\"surveyId\":99999999999999999999999}",
                "{\"name\":\"\\ud800\"}", "{\"a\":1,\"a\":2}", "{'name':'x'}", "{\"name\":\"x\"} trailing", "\uFEFF{}",
                new string('[', 5000) + new string(']', 5000), "{\"x\":" + new string('[', 100) + new string(']', 100) + "}",
                // CSV files as spreadsheets write them, and multipart uploads whole, truncated or with two files.
                "respondentId;f1.functional;f1.dysfunctional;f1.importance\r\nr1;like;dislike;3 - Somewhat important\r\nr2;I'm neutral;x;12 - Big\r\n",
                "respondentId\tf1.functional\tf1.dysfunctional\nr1\t\"a\tb\"\tdislike\n", "a|b|c\n1|2|3\n", "sep=;\nx;y\n",
                MultipartFile("respondentId,f1.functional,f1.dysfunctional\r\nr1,like,dislike\r\n") + "------kano--\r\n",
                MultipartFile("respondentId;f1.functional\r\n") + MultipartFile("x") + "------kano--\r\n",
                MultipartFile("respondentId,f1.functional,f1.dysfunctional\r\nr1,like"),
                "------kano\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n------kano--\r\n",
                "------kano\r\n" + new string('X', 20_000) + "\r\n\r\n------kano--\r\n")
            .Select(Encoding.UTF8.GetBytes),
        Gen.Const(new byte[] { 0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d })); // {"n":"<invalid UTF-8>"}

    private static string MultipartFile(string content) =>
        $"------kano\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n";

    private static readonly Gen<string?> ContentType = Gen.OneOf<string?>(
        "application/json", "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "text/plain",
        "text/csv", "application/xml", "multipart/form-data; boundary=x", "multipart/form-data; boundary=----kano",
        "multipart/form-data", "multipart/form-data; boundary=\"\"", "application/x-www-form-urlencoded", "*/*", "application/", null);

    private enum Caller { AdminOfA, ReadOfA, CollectOfA, AdminOfB, None, Junk }

    private sealed record Call(int Operation, Dictionary<string, string> PathValues, string Query, Caller Caller, string? KeyJunk,
        int BodyKind, string JsonBody, byte[] RawBody, string? ContentType, string? IfMatch, string? IdempotencyKey);

    [Fact]
    public Task NoRequestGeneratedFromTheDocumentGetsA5xxAndEvery4xxIsAProblem() => FuzzAsync(RequestsPerOperation);

    [Fact]
    [Trait("Category", "Slow")]
    public Task ASixTimesLongerRunOfGeneratedRequestsStillGetsNo5xxAndOnlyProblemsAs4xx() => FuzzAsync(RequestsPerOperationWhenSlow);

    private async Task FuzzAsync(int requestsPerOperation)
    {
        var operations = world.Operations;
        var requests = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var parameterNames = new[] { "surveyId", "featureIdOrKey", "respondentId", "id" };

        var calls = Gen.Select(
            Gen.Int[0, operations.Count - 1],
            Gen.Select(Gen.Frequency((2, Gen.Const((string?)null)), (1, Hostile.Select(value => (string?)value))).Array[parameterNames.Length], values => values),
            Gen.Select(Gen.OneOf("", "limit", "cursor", "table", "rule", "threshold", "lang", "wave", "by", "maxQuestionable", "segment.plan", "precision"), Hostile,
                (name, value) => name.Length == 0 ? "" : $"{name}={Uri.EscapeDataString(value)}").Array[0, 3],
            Gen.Frequency((6, Gen.Const(Caller.AdminOfA)), (1, Gen.Const(Caller.ReadOfA)), (1, Gen.Const(Caller.CollectOfA)),
                (1, Gen.Const(Caller.AdminOfB)), (1, Gen.Const(Caller.None)), (1, Gen.Const(Caller.Junk))),
            Ascii,
            Gen.Int[0, 4],
            Junk,
            Malformed,
            ContentType,
            Gen.OneOf(Gen.Const((string?)null), Gen.OneOf<string?>("\"1\"", "*", "W/\"x\"", "\"\"", "garbage"), Ascii.Select(value => (string?)value)),
            Gen.OneOf(Gen.Const((string?)null), Ascii.Select(value => (string?)value), Gen.Const((string?)new string('k', 10_000))),
            (operation, overrides, query, caller, keyJunk, bodyKind, json, raw, contentType, ifMatch, idempotencyKey) =>
            {
                var values = new Dictionary<string, string>(world.ValuesOfA);
                for (var i = 0; i < parameterNames.Length; i++)
                {
                    if (overrides[i] is { } value)
                    {
                        values[parameterNames[i]] = value;
                    }
                }

                return new Call(operation, values, string.Join("&", query.Where(part => part.Length > 0)), caller, keyJunk,
                    bodyKind, json, raw, contentType, ifMatch, idempotencyKey);
            });

        await calls.SampleAsync(async call =>
        {
            Interlocked.Increment(ref requests);
            var operation = operations[call.Operation];
            using var request = Build(operation, call);
            using var response = await world.CreateClient().SendAsync(request);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{operation.Name} → {request.RequestUri} answered {status}: {body}");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"{operation.Name} → {request.RequestUri} answered {status} as {response.Content.Headers.ContentType}: {body}");
            }
        }, iter: requestsPerOperation * operations.Count, threads: 1);

        output.WriteLine($"Fuzz: {requests} requests over {operations.Count} operations; answers by status: " +
            string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value}")));
        Assert.True(requests >= requestsPerOperation * operations.Count);
    }

    private HttpRequestMessage Build(IsolationTests.ApiOperation operation, Call call)
    {
        var path = PathParameter().Replace(operation.Path, match =>
            Uri.EscapeDataString(call.PathValues.TryGetValue(match.Groups[1].Value, out var value) ? value : "1"));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), call.Query.Length > 0 ? $"{path}?{call.Query}" : path);

        var key = call.Caller switch
        {
            Caller.AdminOfA => world.AdminKeyOfA,
            Caller.ReadOfA => world.ReadKeyOfA,
            Caller.CollectOfA => world.CollectKeyOfA,
            Caller.AdminOfB => world.AdminKeyOfB,
            Caller.Junk => call.KeyJunk,
            _ => null,
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (call.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", call.IfMatch);
        }

        if (call.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", call.IdempotencyKey);
        }

        byte[]? body = call.BodyKind switch
        {
            0 => null,
            1 => call.RawBody,
            2 => Encoding.UTF8.GetBytes(call.JsonBody),
            // The schema's own body with one field replaced by junk: reaches the handler's validation.
            _ => Encoding.UTF8.GetBytes(Mutate(operation, call.JsonBody)),
        };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (call.ContentType is not null && MediaTypeHeaderValue.TryParse(call.ContentType, out var mediaType))
            {
                request.Content.Headers.ContentType = mediaType;
            }
            else if (call.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
            }
        }

        return request;
    }

    private string Mutate(IsolationTests.ApiOperation operation, string junkText)
    {
        var schema = operation.Node["requestBody"]?["content"]?["application/json"]?["schema"];
        var sample = world.Sample(schema, "", world.ValuesOfA, 0);
        if (sample is JsonObject fields && fields.Count > 0)
        {
            var victim = fields.ElementAt(junkText.Length % fields.Count).Key;
            fields[victim] = JsonNode.Parse(junkText);
        }

        return sample?.ToJsonString() ?? "{}";
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]*)?\}")]
    private static partial Regex PathParameter();
}
