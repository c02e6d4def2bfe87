using System.ComponentModel.DataAnnotations;

namespace KanoApi.Workspaces;

/// <summary>A new workspace (tenant).</summary>
/// <param name="Name">What the team calls it; 1-200 characters.</param>
public sealed record CreateWorkspace([property: Required] string? Name);

/// <summary>A new workspace and its first admin key, shown this once and never again.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Name">The workspace name.</param>
/// <param name="ApiKey">The workspace's first admin API key. Store it now: only its hash is kept.</param>
public sealed record CreatedWorkspace(long Id, string Name, string ApiKey);

/// <summary>The workspace an API key belongs to and what the key may do.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Name">The workspace name.</param>
/// <param name="Scope">The key's scope: admin, read or collect.</param>
/// <param name="SurveyId">For a collect key bound to one survey, that survey's id.</param>
public sealed record CurrentWorkspace(long Id, string Name, string Scope, long? SurveyId);
