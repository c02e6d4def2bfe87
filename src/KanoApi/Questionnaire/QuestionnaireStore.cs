using System.Data.Common;
using Kano.Analysis;
using KanoApi.Features;
using KanoApi.Surveys;
using KanoApi.Wordings;

namespace KanoApi.Questionnaire;

/// <summary>What a questionnaire is built from: the survey with its settings, its features and its own answer wordings.</summary>
internal sealed record QuestionnaireSource(SurveyRow Survey, IReadOnlyList<FeatureRow> Features, IReadOnlyList<KeyValuePair<Answer, string>> Wordings);

/// <summary>Gathers a questionnaire's source from the stores of the tables it reads (surveys, features, wordings).</summary>
internal static class QuestionnaireStore
{
    /// <summary>The survey's questionnaire source, or null when the workspace has no such survey (a link's survey, deleted since).</summary>
    public static async Task<QuestionnaireSource?> LoadAsync(DbConnection connection, long workspaceId, long surveyId, CancellationToken cancellationToken)
    {
        var survey = await SurveyStore.FindAsync(connection, workspaceId, surveyId, null, cancellationToken);
        return survey is null ? null : await LoadAsync(connection, survey, cancellationToken);
    }

    /// <summary>The questionnaire source of a survey already opened (<see cref="SurveyScope"/>).</summary>
    public static async Task<QuestionnaireSource> LoadAsync(DbConnection connection, SurveyRow survey, CancellationToken cancellationToken)
    {
        var features = await FeatureStore.AllAsync(connection, survey.Id, null, cancellationToken);
        var wordings = await WordingStore.ReadAsync(connection, survey.Id, null, cancellationToken);
        return new QuestionnaireSource(survey, features, wordings);
    }
}
