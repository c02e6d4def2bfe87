using System.Data;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Workspaces;

/// <summary>
/// The SQL that makes workspaces and stores API keys (only as hash and prefix), shared by sign-up, the first-start
/// bootstrap and the key endpoints so that a key is always stored the same way.
/// </summary>
internal static class WorkspaceStore
{
    /// <summary>A workspace's id and name, or null when it no longer exists.</summary>
    public static Task<(long Id, string Name)?> FindAsync(IDbConnection connection, long workspaceId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<(long Id, string Name)?>(new CommandDefinition(
            "SELECT id, name FROM workspaces WHERE id = @workspaceId",
            new { workspaceId },
            cancellationToken: cancellationToken));

    /// <summary>Stores a key; returns its id.</summary>
    public static Task<long> AddKeyAsync(
        IDbConnection connection, IDbTransaction? transaction, long workspaceId, string key, string? name, string scope, long? surveyId,
        string createdAt, CancellationToken cancellationToken = default) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, scope, survey_id, created_at)
            VALUES (@workspaceId, @name, @prefix, @hash, @scope, @surveyId, @createdAt)
            RETURNING id
            """,
            new { workspaceId, name, prefix = ApiKeys.PrefixOf(key), hash = ApiKeys.Hash(key), scope, surveyId, createdAt },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Makes a workspace with its first admin key; returns the workspace's id.</summary>
    public static async Task<long> CreateAsync(
        IDbConnection connection, IDbTransaction transaction, string name, string firstAdminKey, string keyName, CancellationToken cancellationToken = default)
    {
        var now = Clock.Now();
        var workspaceId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO workspaces (name, created_at) VALUES (@name, @now) RETURNING id",
            new { name, now },
            transaction,
            cancellationToken: cancellationToken));
        await AddKeyAsync(connection, transaction, workspaceId, firstAdminKey, keyName, Scopes.Admin, null, now, cancellationToken);
        return workspaceId;
    }
}
