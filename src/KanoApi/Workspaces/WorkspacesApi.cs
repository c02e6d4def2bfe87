using System.Security.Claims;
using Dapper;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KanoApi.Workspaces;

public static class WorkspacesApi
{
    /// <summary>Off (<c>false</c>) on a server whose operator hands out workspaces; on by default (self-service sign-up).</summary>
    public const string AllowCreationSetting = "Kano:AllowWorkspaceCreation";

    public static RouteGroupBuilder MapWorkspaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/workspaces").WithTags("Workspaces");

        group.MapPost("/", Create)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.WorkspaceCreation)
            .WithName("CreateWorkspace")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Create a workspace and its first admin key")
            .WithDescription("""
                Self-service sign-up: no API key needed. Answers the new workspace with its first admin API key,
                shown this once (only its hash is stored). Limited per client address
                (`Kano:RateLimits:WorkspaceCreationsPerHour`, default 10 an hour); an operator can turn it off
                with `Kano:AllowWorkspaceCreation=false` (then 403).
                """);

        group.MapGet("/current", GetCurrent)
            .RequireAuthorization()
            .WithName("GetCurrentWorkspace")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The workspace and scope of the calling API key")
            .WithDescription("Useful to check that a key works and what it may do. Admin and read keys may call it.");
        return group;
    }

    private static async Task<Results<Created<CreatedWorkspace>, ValidationProblem, ProblemHttpResult>> Create(
        CreateWorkspace request, Database database, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue(AllowCreationSetting, true))
        {
            return TypedResults.Problem(
                "This server does not create workspaces on request; ask its operator for one.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden");
        }

        var errors = new ValidationErrors();
        errors.CheckText("name", request.Name, Limits.NameLength, required: true, name: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var name = request.Name!.Trim();

        var key = ApiKeys.Generate();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var workspaceId = await WorkspaceStore.CreateAsync(connection, transaction, name, key, "first admin key", cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // No Location: GET /v1/workspaces/current, with the new key, is where the workspace is read.
        return TypedResults.Created((string?)null, new CreatedWorkspace(workspaceId, name, key));
    }

    private static async Task<Results<Ok<CurrentWorkspace>, ProblemHttpResult>> GetCurrent(
        ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var workspace = await WorkspaceStore.FindAsync(connection, user.WorkspaceIdOf(), cancellationToken);
        return workspace is { } found
            ? TypedResults.Ok(new CurrentWorkspace(found.Id, found.Name, user.ScopeOf()!, user.SurveyIdOf()))
            : Problems.NotFound("The key's workspace no longer exists.");
    }
}
