using System.ComponentModel.DataAnnotations;

namespace KanoApi.Keys;

/// <summary>A new API key.</summary>
/// <param name="Scope">admin (everything in the workspace), read (GET only) or collect (posting responses only).</param>
/// <param name="SurveyId">Only with scope collect: the one survey this key may post responses to.</param>
/// <param name="Name">What the key is for, e.g. "checkout survey form"; up to 200 characters.</param>
public sealed record CreateKey([property: Required] string? Scope, long? SurveyId, string? Name);

/// <summary>A new API key with its secret, shown this once and never again.</summary>
/// <param name="Id">The key's id, for revoking it.</param>
/// <param name="Scope">admin, read or collect.</param>
/// <param name="ApiKey">The secret to send in X-Api-Key. Store it now: only its hash is kept.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Prefix">The key's first characters, which lists show to tell keys apart.</param>
/// <param name="SurveyId">For a collect key bound to one survey, that survey.</param>
/// <param name="CreatedAt">When the key was made (UTC).</param>
public sealed record CreatedKey(long Id, string Scope, string ApiKey, string? Name, string Prefix, long? SurveyId, DateTimeOffset CreatedAt);

/// <summary>An API key as lists show it: never its secret or hash.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Prefix">The key's first characters.</param>
/// <param name="Scope">admin, read or collect.</param>
/// <param name="SurveyId">For a collect key bound to one survey, that survey.</param>
/// <param name="CreatedAt">When the key was made (UTC).</param>
/// <param name="RevokedAt">When the key was revoked (UTC); null while it works.</param>
public sealed record KeySummary(long Id, string? Name, string Prefix, string Scope, long? SurveyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);


