using System.Globalization;
using KanoApi.Surveys;

namespace KanoApi.Infrastructure;

/// <summary>
/// What one instance tells the others sharing its database, so that what they keep for a bound (<see cref="SurveyHeads"/>,
/// <see cref="ApiKeyCache"/>, decision 0021) is forgotten as soon as the notice arrives rather than when the bound runs
/// out (decision 0028): a write to surveys (any request that may write and succeeded), a key revoked, the keys bound to a
/// deleted survey. On PostgreSQL, by NOTIFY after the commit and LISTEN on a connection of each instance's own; where
/// one process owns the database (SQLite) there is nobody to tell and nothing is sent.
/// </summary>
/// <remarks>
/// The bound stays the guarantee: a notice is sent after its commit and arrives asynchronously, and one sent while an
/// instance's listening connection was down is lost (that instance forgets everything when it listens again). So a
/// change is seen by the others when its notice arrives, and at the latest one bound after its commit whatever happens.
/// </remarks>
public sealed class PeerNotices(Database database, SurveyHeads heads, ApiKeyCache keys, ILogger<PeerNotices> logger) : BackgroundService
{
    private const string SurveysWritten = "surveys";
    private const string KeyRevoked = "key:";
    private const string SurveyKeysRevoked = "survey-keys:";

    /// <summary>Whether this instance has peers to tell (the database is shared: PostgreSQL).</summary>
    public bool Listened => database.HasPeers;

    /// <summary>Some survey may have changed: every instance forgets its survey heads.</summary>
    public Task SurveysWrittenAsync() => SendAsync(SurveysWritten);

    /// <summary>The key was revoked: every instance forgets it.</summary>
    public Task KeyRevokedAsync(long keyId) => SendAsync(KeyRevoked + keyId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The survey was deleted, and the keys bound to it revoked with it: every instance forgets them.</summary>
    public Task KeysOfSurveyRevokedAsync(long surveyId) => SendAsync(SurveyKeysRevoked + surveyId.ToString(CultureInfo.InvariantCulture));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Listened
            ? database.ListenToPeersAsync(Receive, ForgetEverything, LostConnection, stoppingToken)
            : Task.CompletedTask;

    /// <summary>A notice from any instance (this one's own included, which forgets nothing it had not forgotten already).</summary>
    private void Receive(string notice)
    {
        if (notice == SurveysWritten)
        {
            heads.ForgetAll();
        }
        else if (notice.StartsWith(KeyRevoked, StringComparison.Ordinal) && long.TryParse(notice.AsSpan(KeyRevoked.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var keyId))
        {
            keys.Forget(keyId);
        }
        else if (notice.StartsWith(SurveyKeysRevoked, StringComparison.Ordinal) && long.TryParse(notice.AsSpan(SurveyKeysRevoked.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var surveyId))
        {
            keys.ForgetBoundTo(surveyId);
        }
        else
        {
            // A notice of a newer version of the service: forget everything rather than miss what it meant.
            ForgetEverything();
        }
    }

    /// <summary>On (re)connecting: notices sent while not listening were missed, so nothing kept before can be trusted.</summary>
    private void ForgetEverything()
    {
        heads.ForgetAll();
        keys.ForgetAll();
    }

    private void LostConnection(Exception exception) =>
        logger.LogWarning(exception, "Stopped listening to the other instances' notices; changes they make are seen within {Bound} until listening resumes.", RecentReads.Bound);

    /// <summary>Sends a notice after its change committed; one that cannot be sent leaves the others to the bound.</summary>
    private async Task SendAsync(string notice)
    {
        if (!Listened)
        {
            return;
        }

        try
        {
            await database.NotifyPeersAsync(notice, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever went wrong, the change itself has committed: its answer must not turn into an error.
            logger.LogWarning(exception, "Could not tell the other instances of a change ({Notice}); they see it within {Bound}.", notice, RecentReads.Bound);
        }
    }
}
