using System.Data;
using System.Data.Common;
using Dapper;
using Kano.Analysis;

namespace KanoApi.Wordings;

/// <summary>The SQL of a survey's own answer wordings (the caller has checked the survey and holds its row when writing).</summary>
internal static class WordingStore
{
    /// <summary>Replaces the survey's wordings with <paramref name="rows"/>.</summary>
    public static async Task ReplaceAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, IEnumerable<(Answer Answer, string Wording)> rows, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM survey_wordings WHERE survey_id = @surveyId", new { surveyId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO survey_wordings (survey_id, answer, wording) VALUES (@surveyId, @answer, @wording)",
            rows.Select(row => new { surveyId, answer = (long)row.Answer, wording = row.Wording }),
            transaction,
            cancellationToken: cancellationToken));
    }

    public static async Task<IReadOnlyList<KeyValuePair<Answer, string>>> ReadAsync(
        DbConnection connection, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long Answer, string Wording)>(new CommandDefinition(
            "SELECT answer, wording FROM survey_wordings WHERE survey_id = " + Audiences.StaffAudience.CustomerSurveyOf("@surveyId") + " ORDER BY answer, wording",
            new { surveyId },
            transaction,
            cancellationToken: cancellationToken)))
        .Select(row => KeyValuePair.Create((Answer)row.Answer, row.Wording))
        .ToArray();
}
