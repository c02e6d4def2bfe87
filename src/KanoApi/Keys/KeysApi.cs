using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dapper;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KanoApi.Keys;

/// <summary>
/// A workspace's API keys: made by admin keys, shown once, stored only as a hash, listed by prefix and name,
/// revoked with effect from the next request (the authentication handler reads the database every time).
/// Keys are not idempotent writes: replaying an answer would mean storing its secret.
/// </summary>
public static class KeysApi
{
    private const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);

        group.MapPost("/", Create)
            .WithName("CreateKey")
            .WithSummary("Create an API key")
            .WithDescription("""
                Answers the new key's secret this once; only its SHA-256 hash is stored. Scopes: `admin` (everything in
                this workspace), `read` (GET only), `collect` (posting responses only; with `surveyId`, to that survey
                only — the key a public survey form can carry). `surveyId` must name a survey of this workspace.
                """);

        group.MapGet("/", List)
            .WithName("ListKeys")
            .WithSummary("List the workspace's API keys")
            .WithDescription("Newest first, revoked keys included (with `revokedAt`). Shows each key's prefix and name, never its secret.");

        group.MapGet("/{id:long}", Get)
            .WithName("GetKey")
            .WithSummary("One API key")
            .WithDescription("The key's prefix, name, scope and state, never its secret.");

        group.MapDelete("/{id:long}", Revoke)
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key")
            .WithDescription("""
                From the next request on, the key answers 401. Revoking a revoked key changes nothing (204).
                The workspace's last working admin key cannot be revoked (409): make another admin key first.
                """);
        return group;
    }

    private static async Task<Results<Created<CreatedKey>, ValidationProblem>> Create(
        CreateKey request, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        var errors = new Dictionary<string, string[]>();
        var scope = request.Scope;
        if (scope is null || !Scopes.All.Contains(scope, StringComparer.Ordinal))
        {
            errors["scope"] = ["must be one of admin, read or collect"];
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        if (name?.Length > Limits.NameLength)
        {
            errors["name"] = [$"must be at most {Limits.NameLength} characters"];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (request.SurveyId is { } surveyId)
        {
            if (scope != Scopes.Collect)
            {
                errors["surveyId"] = ["only a collect key can be bound to a survey"];
            }
            else if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM surveys WHERE id = @surveyId AND workspace_id = @workspaceId",
                new { surveyId, workspaceId },
                cancellationToken: cancellationToken)) == 0)
            {
                // Another workspace's survey reads exactly as a missing one.
                errors["surveyId"] = ["no survey with this id in this workspace"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var key = ApiKeys.Generate();
        var prefix = ApiKeys.PrefixOf(key)!;
        var createdAt = DateTimeOffset.UtcNow;
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, scope, survey_id, created_at)
            VALUES (@workspaceId, @name, @prefix, @hash, @scope, @surveyId, @createdAt)
            RETURNING id
            """,
            new { workspaceId, name, prefix, hash = ApiKeys.Hash(key), scope, surveyId = request.SurveyId, createdAt = createdAt.ToString("O") },
            cancellationToken: cancellationToken));
        return TypedResults.Created($"/v1/keys/{id}", new CreatedKey(id, scope!, key, name, prefix, request.SurveyId, createdAt));
    }

    private static async Task<Results<Ok<KeyPage>, ValidationProblem>> List(
        [AsParameters] KeyListOptions options, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var limit = options.Limit ?? DefaultPageSize;
        if (limit < 1 || limit > Limits.PageSizeMax)
        {
            errors["limit"] = [$"must be 1-{Limits.PageSizeMax}"];
        }

        long? before = null;
        if (options.Cursor is { } cursor)
        {
            before = ReadCursor(cursor);
            if (before is null)
            {
                errors["cursor"] = ["is not a cursor this list gave out"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"""
            SELECT {KeyRow.Columns} FROM api_keys
            WHERE workspace_id = @workspaceId AND (@before IS NULL OR id < @before)
            ORDER BY id DESC
            LIMIT @take
            """,
            new { workspaceId = user.WorkspaceIdOf(), before, take = limit + 1 },
            cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(limit).Select(row => row.ToSummary()).ToList();
        var next = rows.Count > limit ? WriteCursor(page[^1].Id) : null;
        return TypedResults.Ok(new KeyPage(page, next));
    }

    private static async Task<Results<Ok<KeySummary>, ProblemHttpResult>> Get(
        long id, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyRow.Columns} FROM api_keys WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId = user.WorkspaceIdOf() },
            cancellationToken: cancellationToken));
        return row is null ? KeyNotFound() : TypedResults.Ok(row.ToSummary());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        long id, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        // One statement, so two admins revoking each other's keys at once cannot both win and lock the workspace out.
        var revoked = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE api_keys SET revoked_at = @now
            WHERE id = @id AND workspace_id = @workspaceId AND revoked_at IS NULL
              AND (scope <> 'admin'
                   OR (SELECT count(*) FROM api_keys
                       WHERE workspace_id = @workspaceId AND scope = 'admin' AND revoked_at IS NULL) > 1)
            """,
            new { id, workspaceId, now = DateTimeOffset.UtcNow.ToString("O") },
            cancellationToken: cancellationToken));
        if (revoked == 1)
        {
            return TypedResults.NoContent();
        }

        var state = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END FROM api_keys WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId },
            cancellationToken: cancellationToken));
        return state switch
        {
            null => KeyNotFound(),
            "revoked" => TypedResults.NoContent(),
            _ => Problems.Conflict("This is the workspace's last working admin key; create another admin key before revoking it."),
        };
    }

    private static ProblemHttpResult KeyNotFound() => Problems.NotFound("No API key with this id exists in this workspace.");

    private static string WriteCursor(long lastId) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("k" + lastId.ToString(CultureInfo.InvariantCulture)));

    private static long? ReadCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            return text.StartsWith('k') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed record KeyRow(long Id, string? Name, string Prefix, string Scope, long? SurveyId, string CreatedAt, string? RevokedAt)
    {
        public const string Columns =
            "id AS Id, name AS Name, prefix AS Prefix, scope AS Scope, survey_id AS SurveyId, created_at AS CreatedAt, revoked_at AS RevokedAt";

        public KeySummary ToSummary() => new(
            Id, Name, Prefix, Scope, SurveyId,
            DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture),
            RevokedAt is null ? null : DateTimeOffset.Parse(RevokedAt, CultureInfo.InvariantCulture));
    }
}
