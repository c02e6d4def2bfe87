using System.Data.Common;
using Dapper;
using Kano.Analysis;
using KanoApi.Surveys;
using KanoApi.Wordings;

namespace KanoApi.Questionnaire;

/// <summary>A feature as the questionnaire needs it: its names and own questions per language.</summary>
internal sealed record FeatureQuestions(
    long Id, string Key, string Name, string? Description,
    string? FunctionalQuestion, string? DysfunctionalQuestion, string? FunctionalQuestionVi, string? DysfunctionalQuestionVi);

/// <summary>What a questionnaire is built from: the survey with its settings, its features and its own answer wordings.</summary>
internal sealed record QuestionnaireSource(SurveyRow Survey, IReadOnlyList<FeatureQuestions> Features, IReadOnlyList<KeyValuePair<Answer, string>> Wordings);

internal static class QuestionnaireStore
{
    /// <summary>The survey's questionnaire source, or null when the workspace has no such survey.</summary>
    public static async Task<QuestionnaireSource?> LoadAsync(DbConnection connection, long workspaceId, long surveyId, CancellationToken cancellationToken)
    {
        var survey = await SurveyStore.FindAsync(connection, workspaceId, surveyId, null, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        var features = (await connection.QueryAsync<FeatureQuestions>(new CommandDefinition(
            """
            SELECT id AS Id, key AS Key, name AS Name, description AS Description,
                   functional_question AS FunctionalQuestion, dysfunctional_question AS DysfunctionalQuestion,
                   functional_question_vi AS FunctionalQuestionVi, dysfunctional_question_vi AS DysfunctionalQuestionVi
            FROM features WHERE survey_id = @surveyId ORDER BY id
            """,
            new { surveyId },
            cancellationToken: cancellationToken))).AsList();
        var wordings = await WordingStore.ReadAsync(connection, surveyId, null, cancellationToken);
        return new QuestionnaireSource(survey, features, wordings);
    }
}
