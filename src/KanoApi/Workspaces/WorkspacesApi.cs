using System.Security.Claims;
using Dapper;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Workspaces;

public static class WorkspacesApi
{
    public static RouteGroupBuilder MapWorkspaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/workspaces").WithTags("Workspaces");

        group.MapGet("/current", GetCurrent)
            .RequireAuthorization()
            .WithName("GetCurrentWorkspace")
            .WithSummary("The workspace and scope of the calling API key")
            .WithDescription("Useful to check that a key works and what it may do. Any valid key may call it.");
        return group;
    }

    private static async Task<Results<Ok<CurrentWorkspace>, ProblemHttpResult>> GetCurrent(
        ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var workspace = await connection.QuerySingleOrDefaultAsync<(long Id, string Name)?>(new CommandDefinition(
            "SELECT id, name FROM workspaces WHERE id = @id",
            new { id = user.WorkspaceIdOf() },
            cancellationToken: cancellationToken));
        return workspace is { } found
            ? TypedResults.Ok(new CurrentWorkspace(found.Id, found.Name, user.ScopeOf()!, user.SurveyIdOf()))
            : Problems.NotFound("The key's workspace no longer exists.");
    }
}

/// <summary>The workspace an API key belongs to and what the key may do.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Name">The workspace name.</param>
/// <param name="Scope">The key's scope: admin, read or collect.</param>
/// <param name="SurveyId">For a collect key bound to one survey, that survey's id.</param>
public sealed record CurrentWorkspace(long Id, string Name, string Scope, long? SurveyId);
