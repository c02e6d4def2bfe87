using Kano.Analysis;
using KanoApi.Pages;
using KanoApi.Questionnaire;

namespace KanoApi.Forms;

/// <summary>What the form page shows: the questionnaire, what was already chosen, and the message next to each question that needs one.</summary>
public sealed record FormView(
    Language Language,
    QuestionnaireDefinition Questionnaire,
    string Action,
    string RespondentTicket,
    string AntiforgeryToken,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Summary,
    IReadOnlyList<LanguageChoice> Languages)
{
    /// <summary>The form field of one question of one feature, e.g. <c>wifi.functional</c>.</summary>
    public static string Field(string featureKey, string question) => $"{featureKey}.{question}";

    /// <summary>An element id derived from a field name (ids and fragment links must not hold dots for CSS selectors).</summary>
    public static string Id(string field) => "q-" + field.Replace('.', '-');

    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
