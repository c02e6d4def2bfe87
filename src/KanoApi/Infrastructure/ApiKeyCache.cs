namespace KanoApi.Infrastructure;

/// <summary>
/// The API keys this instance authenticated in the last second, by the SHA-256 hash of the key as presented (what
/// <c>api_keys.secret_hash</c> holds), so a request with a known key opens no database connection to be authenticated.
/// A key revoked here is forgotten before the revocation answers (<see cref="Forget"/>, <see cref="ForgetBoundTo"/>); one revoked by another instance
/// stops working here when its notice arrives (PostgreSQL, <see cref="PeerNotices"/>), and at the latest
/// <see cref="RecentReads.Bound"/> after that revocation committed should the notice be lost.
/// Keys that failed are never kept: each attempt with an unknown key still reads the database.
/// </summary>
public sealed class ApiKeyCache(IConfiguration configuration)
{
    private readonly RecentReads<string, AuthenticatedKey> recent = new(RecentReads.BoundFrom(configuration));

    public bool TryFind(string keyHash, out AuthenticatedKey key) => recent.TryFind(keyHash, out key!);

    public ReadTicket Begin() => recent.Begin();

    public void Keep(AuthenticatedKey key, ReadTicket ticket) => recent.Keep(key.SecretHash, key, ticket);

    /// <summary>Forgets a revoked key, and any lookup of it still under way.</summary>
    public void Forget(long keyId) => recent.Forget(key => key.Id == keyId);

    /// <summary>Forgets the keys bound to a deleted survey (which the database revoked with it).</summary>
    public void ForgetBoundTo(long surveyId) => recent.Forget(key => key.SurveyId == surveyId);

    /// <summary>Forgets every key: a revocation may have been missed (<see cref="PeerNotices"/> was not listening).</summary>
    public void ForgetAll() => recent.Clear();
}

/// <summary>An unrevoked API key as authentication reads it.</summary>
public sealed record AuthenticatedKey(long Id, long WorkspaceId, string Scope, long? SurveyId, string SecretHash);
