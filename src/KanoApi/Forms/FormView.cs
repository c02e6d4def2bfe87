using Kano.Analysis;
using KanoApi.Pages;
using KanoApi.Questionnaire;

namespace KanoApi.Forms;

/// <summary>What the form page shows: the questionnaire, what was already chosen, and the message next to each question that needs one.</summary>
/// <param name="Language">The language of every text on the page.</param>
/// <param name="Questionnaire">The whole questionnaire of this respondent, in the order asked.</param>
/// <param name="Action">Where the form posts to: the page's own address with its language.</param>
/// <param name="RespondentTicket">The sealed respondent this render may store (<see cref="FormRespondents"/>).</param>
/// <param name="AntiforgeryToken">The antiforgery request token.</param>
/// <param name="Values">The answers chosen so far, by field.</param>
/// <param name="Errors">The message next to each question of this step that needs one, by field.</param>
/// <param name="Summary">The message above the form; null for none.</param>
/// <param name="Languages">The languages the page can be switched to.</param>
/// <param name="Step">The step shown: its features and where it stands (the whole questionnaire when it is not asked in steps).</param>
/// <param name="StepState">The sealed answers of the other steps (<see cref="FormSteps"/>); null when the form is not asked in steps.</param>
public sealed record FormView(
    Language Language,
    QuestionnaireDefinition Questionnaire,
    string Action,
    string RespondentTicket,
    string AntiforgeryToken,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Summary,
    IReadOnlyList<LanguageChoice> Languages,
    FormStep Step,
    string? StepState)
{
    /// <summary>The form field of one question of one feature, e.g. <c>wifi.functional</c>.</summary>
    public static string Field(string featureKey, string question) => $"{featureKey}.{question}";

    /// <summary>An element id derived from a field name (ids and fragment links must not hold dots for CSS selectors).</summary>
    public static string Id(string field) => "q-" + field.Replace('.', '-');

    /// <summary>The rating scales asked of every feature after its two Kano questions, in the order asked.</summary>
    public static IReadOnlyList<QuestionnaireScale> ScalesOf(QuestionnaireDefinition questionnaire) =>
        new[] { questionnaire.Importance, questionnaire.Satisfaction }.OfType<QuestionnaireScale>().ToArray();

    /// <summary>
    /// Every form field of one feature: its two Kano questions, its scales and, when the survey asks them, SERVQUAL's
    /// expectation and perception (so a form in steps carries them from step to step like the rest).
    /// </summary>
    public static IEnumerable<string> FieldsOf(QuestionnaireDefinition questionnaire, QuestionnaireFeature feature) =>
        new[] { "functional", "dysfunctional" }.Concat(ScalesOf(questionnaire).Select(scale => scale.Field))
            .Concat(feature.ServiceQuality is { } items ? [items.Expectation.Field, items.Perception.Field] : [])
            .Select(question => Field(feature.Key, question));

    public IReadOnlyList<QuestionnaireScale> Scales => ScalesOf(Questionnaire);

    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
