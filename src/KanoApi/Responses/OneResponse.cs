using System.Data.Common;
using KanoApi.Infrastructure;

namespace KanoApi.Responses;

/// <summary>
/// One respondent's answers, checked and stored in the caller's transaction with their aggregates: the one path of
/// <c>POST …/responses</c> and the hosted form's submission, so the two never check or store differently.
/// </summary>
internal static class OneResponse
{
    /// <summary>
    /// Answers the checked respondent (null when <paramref name="errors"/> got errors, and then nothing is written) and
    /// whether it was stored (false when the survey already has this respondent id).
    /// </summary>
    public static async Task<(RespondentAnswers? Respondent, bool Recorded)> CheckAndStoreAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, ResponseSubmission? body, ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
        var respondent = ResponseReading.Read(body, "", questionnaire, errors);
        if (respondent is null)
        {
            return (null, false);
        }

        using var recorder = new ResponseRecorder(connection, transaction, surveyId);
        if (!recorder.Record(respondent))
        {
            return (respondent, false);
        }

        recorder.Finish();
        return (respondent, true);
    }
}
