using System.Security.Claims;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using KanoApi.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Keys;

/// <summary>
/// A workspace's API keys: made by admin keys, shown once, stored only as a hash, listed by prefix and name,
/// revoked with effect from the next request (the authentication handler reads the database every time).
/// Keys are not idempotent writes: replaying an answer would mean storing its secret.
/// </summary>
public static class KeysApi
{

    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);

        group.MapPost("/", Create)
            .WithName("CreateKey")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create an API key")
            .WithDescription("""
                Answers the new key's secret this once; only its SHA-256 hash is stored. Scopes: `admin` (everything in
                this workspace), `read` (GET only), `collect` (posting responses only; with `surveyId`, to that survey
                only — the key a public survey form can carry). `surveyId` must name a survey of this workspace.
                A workspace holds at most 50 active keys (409 past that: revoke one first).
                """);

        group.MapGet("/", List)
            .WithName("ListKeys")
            .WithSummary("List the workspace's API keys")
            .WithDescription("Oldest first, revoked keys included (with `revokedAt`). Shows each key's prefix and name, never its secret.");

        group.MapGet("/{id:long}", Get)
            .WithName("GetKey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One API key")
            .WithDescription("The key's prefix, name, scope and state, never its secret.");

        group.MapDelete("/{id:long}", Revoke)
            .WithName("RevokeKey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Revoke an API key")
            .WithDescription("""
                From the next request on, the key answers 401 (on other instances of the same database: within one second).
                Revoking a revoked key changes nothing (204).
                The workspace's last working admin key cannot be revoked (409): make another admin key first.
                """);
        return group;
    }

    private static async Task<Results<Created<CreatedKey>, ValidationProblem, ProblemHttpResult>> Create(
        CreateKey request, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        var errors = new ValidationErrors();
        var scope = request.Scope;
        if (scope is null || !Scopes.All.Contains(scope, StringComparer.Ordinal))
        {
            errors.Add("scope", "must be one of admin, read or collect");
        }

        var name = Text.NullIfBlank(request.Name);
        errors.CheckText("name", name, Limits.NameLength, name: true);

        await using var connection = await database.OpenAsync(cancellationToken);
        // The survey check and the insert are one (immediate) transaction: a survey deleted between the two would
        // otherwise leave a working key bound to a survey that no longer exists.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The workspace row is held until commit, so two keys made at once on two instances count each other.
        await KeyStore.LockWorkspaceAsync(connection, transaction, workspaceId, cancellationToken);
        if (request.SurveyId is { } surveyId)
        {
            if (scope != Scopes.Collect)
            {
                errors.Add("surveyId", "only a collect key can be bound to a survey");
            }
            else if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken))
            {
                // Another workspace's survey reads exactly as a missing one.
                errors.Add("surveyId", "no survey with this id in this workspace");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var active = await KeyStore.CountActiveAsync(connection, transaction, workspaceId, cancellationToken);
        if (active >= Limits.ActiveKeysPerWorkspace)
        {
            return Problems.Conflict($"The workspace already has {Limits.ActiveKeysPerWorkspace} active API keys, the most it may hold; revoke one it no longer needs first.");
        }

        var key = ApiKeys.Generate();
        var prefix = ApiKeys.PrefixOf(key)!;
        var createdAt = Clock.Now();
        var id = await WorkspaceStore.AddKeyAsync(connection, transaction, workspaceId, key, name, scope!, request.SurveyId, createdAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/v1/keys/{id}", new CreatedKey(id, scope!, key, name, prefix, request.SurveyId, Clock.Parse(createdAt)));
    }

    private static async Task<Results<Ok<Page<KeySummary>>, ValidationProblem>> List(
        [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await KeyStore.ListAsync(connection, user.WorkspaceIdOf(), after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.ToSummary()));
    }

    private static async Task<Results<Ok<KeySummary>, ProblemHttpResult>> Get(
        long id, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await KeyStore.FindAsync(connection, user.WorkspaceIdOf(), id, cancellationToken);
        return row is null ? KeyNotFound() : TypedResults.Ok(row.ToSummary());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        long id, ClaimsPrincipal user, Database database, ApiKeyCache knownKeys, PeerNotices peers, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        var outcome = await KeyStore.RevokeAsync(connection, workspaceId, id, cancellationToken);
        if (outcome is KeyStore.RevokeOutcome.Revoked or KeyStore.RevokeOutcome.AlreadyRevoked)
        {
            // Before the answer: the key's next request to this instance reads the database, which says revoked; the
            // other instances forget it when the notice arrives.
            knownKeys.Forget(id);
            await peers.KeyRevokedAsync(id);
        }

        return outcome switch
        {
            KeyStore.RevokeOutcome.NotFound => KeyNotFound(),
            KeyStore.RevokeOutcome.LastAdminKey => Problems.Conflict("This is the workspace's last working admin key; create another admin key before revoking it."),
            _ => TypedResults.NoContent(),
        };
    }

    private static ProblemHttpResult KeyNotFound() => Problems.NotFound("No API key with this id exists in this workspace.");
}
