using System.Data.Common;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Workspaces;

namespace KanoApi.Keys;

/// <summary>
/// The SQL of the key endpoints (keys themselves are stored by <see cref="WorkspaceStore.AddKeyAsync"/>, as sign-up and
/// the bootstrap store them). Writes that check the workspace's other keys first hold the workspace row until commit
/// (<see cref="StorageProvider.LockRowForWrite"/>), so two instances cannot both act on the same count.
/// </summary>
internal static class KeyStore
{
    /// <summary>Holds the workspace row until the transaction ends (PostgreSQL; SQLite's write transaction holds the file).</summary>
    public static Task LockWorkspaceAsync(DbConnection connection, DbTransaction transaction, long workspaceId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM workspaces WHERE id = @workspaceId" + StorageProvider.Of(connection).LockRowForWrite,
            new { workspaceId }, transaction, cancellationToken: cancellationToken));

    public static Task<long> CountActiveAsync(DbConnection connection, DbTransaction transaction, long workspaceId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM api_keys WHERE workspace_id = @workspaceId AND revoked_at IS NULL",
            new { workspaceId }, transaction, cancellationToken: cancellationToken));

    public static async Task<List<KeyRow>> ListAsync(DbConnection connection, long workspaceId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"""
            SELECT {KeyRow.Columns} FROM api_keys
            WHERE workspace_id = @workspaceId AND id > @after
            ORDER BY id
            LIMIT @take
            """,
            new { workspaceId, after, take },
            cancellationToken: cancellationToken))).AsList();

    public static Task<KeyRow?> FindAsync(DbConnection connection, long workspaceId, long id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyRow.Columns} FROM api_keys WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId },
            cancellationToken: cancellationToken));

    /// <summary>
    /// Revokes a key unless it is the workspace's last working admin key. The count and the update run under the
    /// workspace row's lock: two admins revoking each other's keys at once on two instances cannot both win and
    /// lock the workspace out (one statement alone is not enough on PostgreSQL, where each sees the other's key).
    /// </summary>
    public static async Task<RevokeOutcome> RevokeAsync(DbConnection connection, long workspaceId, long id, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockWorkspaceAsync(connection, transaction, workspaceId, cancellationToken);
        var revoked = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE api_keys SET revoked_at = @now
            WHERE id = @id AND workspace_id = @workspaceId AND revoked_at IS NULL
              AND (scope <> 'admin'
                   OR (SELECT count(*) FROM api_keys
                       WHERE workspace_id = @workspaceId AND scope = 'admin' AND revoked_at IS NULL) > 1)
            """,
            new { id, workspaceId, now = Clock.Now() },
            transaction,
            cancellationToken: cancellationToken));
        if (revoked == 1)
        {
            await transaction.CommitAsync(cancellationToken);
            return RevokeOutcome.Revoked;
        }

        var state = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END FROM api_keys WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId },
            transaction,
            cancellationToken: cancellationToken));
        return state switch
        {
            null => RevokeOutcome.NotFound,
            "revoked" => RevokeOutcome.AlreadyRevoked,
            _ => RevokeOutcome.LastAdminKey,
        };
    }

    internal enum RevokeOutcome
    {
        Revoked,
        AlreadyRevoked,
        NotFound,
        LastAdminKey,
    }

    internal sealed record KeyRow(long Id, string? Name, string Prefix, string Scope, long? SurveyId, string CreatedAt, string? RevokedAt)
    {
        public const string Columns =
            "id AS Id, name AS Name, prefix AS Prefix, scope AS Scope, survey_id AS SurveyId, created_at AS CreatedAt, revoked_at AS RevokedAt";

        public KeySummary ToSummary() => new(
            Id, Name, Prefix, Scope, SurveyId,
            Clock.Parse(CreatedAt),
            RevokedAt is null ? null : Clock.Parse(RevokedAt));
    }
}
