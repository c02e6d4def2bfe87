using System.Data.Common;
using Dapper;

namespace KanoApi.RespondentQuality;

/// <summary>The respondent-quality report's one read: every answer of a survey, respondent by respondent.</summary>
internal static class RespondentQualityStore
{
    /// <summary>
    /// The survey's answer pairs in respondent order, streamed (unbuffered), so the report holds one respondent at a
    /// time whatever the survey's size. Plain SQL both providers read alike.
    /// </summary>
    public static IAsyncEnumerable<(string RespondentKey, long Functional, long Dysfunctional)> AnswersInRespondentOrder(
        DbConnection connection, DbTransaction? transaction, long surveyId) =>
        connection.QueryUnbufferedAsync<(string RespondentKey, long Functional, long Dysfunctional)>(
            """
            SELECT r.respondent_key, a.functional, a.dysfunctional
            FROM respondents r JOIN answers a ON a.respondent_id = r.id
            WHERE r.survey_id = @surveyId
            ORDER BY r.id
            """,
            new { surveyId },
            transaction);
}
