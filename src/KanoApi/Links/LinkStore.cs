using System.Data.Common;
using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Links;

/// <summary>The kinds of link, and where each one's public page lives.</summary>
public static class LinkKinds
{
    /// <summary>The hosted questionnaire: <c>/f/{token}</c>.</summary>
    public const string Form = "form";

    /// <summary>The read-only report: <c>/r/{token}</c>.</summary>
    public const string Report = "report";

    public static readonly string[] All = [Form, Report];

    /// <summary>The path of the link's public page, e.g. <c>/f/{token}</c>.</summary>
    public static string PathOf(string kind, string token) => (kind == Report ? "/r/" : "/f/") + token;
}

/// <summary>
/// Link tokens: 43 base62 characters (~256 bits), so a token cannot be guessed and a fast hash is the right way to
/// store it (as for API keys). The row is found by the token's hash, which an index serves; a timing difference in
/// that lookup tells an attacker only about hashes of tokens they chose, never about a stored token.
/// </summary>
public static class LinkTokens
{
    public const int Length = 43;
    public const int PrefixLength = 8;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether the text could be a token at all: anything else is unknown without a database lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z'));
}

/// <summary>A link that works right now: what its public page may reach (one survey of one workspace) and file under.</summary>
/// <remarks><paramref name="Audience"/>: customers, or staff for a form whose answers go to the survey's staff audience (decision 0024).</remarks>
public sealed record ActiveLink(long Id, long WorkspaceId, long SurveyId, string Kind, string? Wave, IReadOnlyDictionary<string, string> Segments, string Audience = Audiences.StaffAudience.Customers);

/// <summary>The SQL of survey links: make, list, revoke, resolve a token, count a response.</summary>
internal static class LinkStore
{
    private const string Columns = """
        id AS Id, kind AS Kind, name AS Name, prefix AS Prefix, expires_at AS ExpiresAt, max_responses AS MaxResponses,
        responses AS Responses, wave AS Wave, segments AS Segments, created_at AS CreatedAt, revoked_at AS RevokedAt,
        audience AS Audience
        """;

    public static Task<long> CreateAsync(
        DbConnection connection, long workspaceId, long surveyId, string kind, string token, string? name, DateTimeOffset? expiresAt,
        int? maxResponses, string? wave, IReadOnlyDictionary<string, string>? segments, string createdAt, string audience, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO survey_links (workspace_id, survey_id, kind, name, prefix, token_hash, expires_at, max_responses, wave, segments, created_at, audience)
            VALUES (@workspaceId, @surveyId, @kind, @name, @prefix, @hash, @expiresAt, @maxResponses, @wave, @segments, @createdAt, @audience)
            RETURNING id
            """,
            new
            {
                workspaceId,
                surveyId,
                kind,
                name,
                prefix = token[..LinkTokens.PrefixLength],
                hash = ApiKeys.Hash(token),
                expiresAt = expiresAt?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                maxResponses,
                wave,
                segments = segments is null ? null : JsonSerializer.Serialize(segments),
                createdAt,
                audience,
            },
            cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<LinkRow>> ListAsync(
        DbConnection connection, long workspaceId, long surveyId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LinkRow>(new CommandDefinition(
            $"SELECT {Columns} FROM survey_links WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND id > @after ORDER BY id LIMIT @take",
            new { workspaceId, surveyId, after, take },
            cancellationToken: cancellationToken))).AsList();

    public static Task<LinkRow?> FindAsync(DbConnection connection, long workspaceId, long surveyId, long id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<LinkRow?>(new CommandDefinition(
            $"SELECT {Columns} FROM survey_links WHERE id = @id AND workspace_id = @workspaceId AND survey_id = @surveyId",
            new { id, workspaceId, surveyId },
            cancellationToken: cancellationToken));

    /// <summary>Revokes the link (a revoked one stays as it was); false when there is no such link.</summary>
    public static async Task<bool> RevokeAsync(DbConnection connection, long workspaceId, long surveyId, long id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE survey_links SET revoked_at = coalesce(revoked_at, @now)
            WHERE id = @id AND workspace_id = @workspaceId AND survey_id = @surveyId
            """,
            new { id, workspaceId, surveyId, now = Clock.Now() },
            cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// The link this token opens, if it is of this kind and works now (not revoked, not expired, not full);
    /// null for every other case alike, so the public page cannot tell an unknown token from a dead one.
    /// Read on every request: a revocation takes effect on the next one.
    /// </summary>
    public static async Task<ActiveLink?> ResolveAsync(DbConnection connection, string? token, string kind, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormed(token))
        {
            return null;
        }

        var row = await connection.QuerySingleOrDefaultAsync<ResolvedRow?>(new CommandDefinition(
            $"SELECT workspace_id AS WorkspaceId, survey_id AS SurveyId, {Columns} FROM survey_links WHERE token_hash = @hash AND kind = @kind",
            new { hash = ApiKeys.Hash(token!), kind },
            cancellationToken: cancellationToken));
        return row is not null && row.StateAt(DateTimeOffset.UtcNow) == LinkStates.Active
            ? new ActiveLink(row.Id, row.WorkspaceId, row.SurveyId, row.Kind, row.Wave, row.SegmentsOrEmpty(), row.Audience)
            : null;
    }

    /// <summary>
    /// Counts one response against the link in the transaction that stores it; false when the link stopped
    /// accepting responses since it was resolved (revoked, expired or full), and then the caller stores nothing.
    /// </summary>
    public static async Task<bool> CountResponseAsync(DbConnection connection, IDbTransaction transaction, long linkId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE survey_links SET responses = responses + 1
            WHERE id = @linkId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
              AND (max_responses IS NULL OR responses < max_responses)
            """,
            new { linkId, now = Clock.Now() },
            transaction,
            cancellationToken: cancellationToken)) == 1;
}

public static class LinkStates
{
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Full = "full";
    public const string Revoked = "revoked";
}

/// <summary>A link as stored, without its hash; never sent to a client (see <see cref="LinkSummary"/>).</summary>
internal class LinkRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? Name { get; init; }
    public string Prefix { get; init; } = "";
    public string? ExpiresAt { get; init; }
    public long? MaxResponses { get; init; }
    public long Responses { get; init; }
    public string? Wave { get; init; }
    public string? Segments { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? RevokedAt { get; init; }
    public string Audience { get; init; } = Audiences.StaffAudience.Customers;

    public IReadOnlyDictionary<string, string> SegmentsOrEmpty() =>
        Segments is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(Segments) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public string StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? LinkStates.Revoked
        : ExpiresAt is not null && Clock.Parse(ExpiresAt) <= now ? LinkStates.Expired
        : MaxResponses is { } max && Responses >= max ? LinkStates.Full
        : LinkStates.Active;

    public LinkSummary ToSummary() => new(
        Id, Kind, Prefix, Name, StateAt(DateTimeOffset.UtcNow),
        ExpiresAt is null ? null : Clock.Parse(ExpiresAt),
        MaxResponses is null ? null : (int)MaxResponses,
        (int)Responses,
        Wave,
        Segments is null ? null : SegmentsOrEmpty(),
        Clock.Parse(CreatedAt),
        RevokedAt is null ? null : Clock.Parse(RevokedAt),
        Audience);
}

internal sealed class ResolvedRow : LinkRow
{
    public long WorkspaceId { get; init; }
    public long SurveyId { get; init; }
}
