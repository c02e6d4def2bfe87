using System.Net;
using System.Text.Json;

namespace KanoApi.Tests;

/// <summary>Reads an answer that must be an RFC 9457 problem and checks what every problem carries.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        Assert.True(problem.TryGetProperty("type", out _), "a problem has a type");
        return problem;
    }

    /// <summary>A 400 validation problem; returns the messages for each field path in <c>errors</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> IsValidationProblem(HttpResponseMessage response)
    {
        var problem = await IsProblem(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
