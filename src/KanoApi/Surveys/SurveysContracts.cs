using System.ComponentModel.DataAnnotations;

namespace KanoApi.Surveys;

/// <summary>A Kano survey: the features it asks about and the respondents who answered.</summary>
/// <param name="Id" example="17">The survey id.</param>
/// <param name="Name" example="Checkout 2026">The survey's name.</param>
/// <param name="Description" example="Which checkout improvements do shoppers care about?">What the survey is for.</param>
/// <param name="Language" example="en">The questionnaire language, en or vi: the default language of its labels.</param>
/// <param name="Features" example="12">How many features the survey asks about.</param>
/// <param name="Respondents" example="607">How many respondents answered.</param>
/// <param name="Questionnaire">What respondents see: answer wording, feature order, optional scales, intro and thank-you texts.</param>
/// <param name="CreatedAt">When the survey was created (UTC).</param>
/// <param name="UpdatedAt">When the survey itself was last changed (UTC).</param>
public sealed record Survey(
    long Id,
    string Name,
    string? Description,
    string Language,
    long Features,
    long Respondents,
    QuestionnaireSettings Questionnaire,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>How the survey's questionnaire is shown to respondents (the hosted form and GET …/questionnaire).</summary>
/// <param name="AnswerWording" example="modern">The five answers' wording: modern (default: I like it / I expect it / I am neutral / I can tolerate it / I dislike it), kano-1984, berger, blauth, vietnamese, or survey (the survey's own wordings, PUT …/wordings: the first of each answer). An English set is used for English and Vietnamese respondents see the Vietnamese wording; vietnamese is used for Vietnamese and English respondents see the modern wording; survey is used for both.</param>
/// <param name="RandomizeOrder" example="true">Whether each respondent sees the features in an order of their own (default true, as the method advises); false keeps the features' creation order.</param>
/// <param name="AskImportance" example="false">Whether each feature also asks self-stated importance, 1-9 (default false).</param>
/// <param name="AskSatisfaction" example="false">Whether each feature also asks satisfaction with today's service, 1-5 (default false).</param>
/// <param name="AskServiceQuality" example="false">Whether each feature also asks SERVQUAL's pair on the 7-point scale (1 = strongly disagree … 7 = strongly agree): expectation, how a service like this should perform on it, and perception, how this one does (default false).</param>
/// <param name="Intro">The text above the questions, per language; null for none.</param>
/// <param name="ThankYou">The text after a submission, per language; null for the standard "Your answers have been recorded.".</param>
/// <param name="Title">The title respondents read, per language; null for the survey's name (the name is the team's own, e.g. "Checkout 2026 wave 2").</param>
/// <param name="AskedBy" example="Acme Bank">Who asks, as respondents know them: named in the standard intro; null to leave it out.</param>
/// <param name="FeaturesPerStep" example="3">How many features one page of the hosted form shows (1-20): the form then asks step by step and stores nothing until the last; 0 (default) shows all on one page.</param>
public sealed record QuestionnaireSettings(
    string AnswerWording,
    bool RandomizeOrder,
    bool AskImportance,
    bool AskSatisfaction,
    bool AskServiceQuality,
    LocalizedText Intro,
    LocalizedText ThankYou,
    LocalizedText Title,
    string? AskedBy,
    int FeaturesPerStep);

/// <summary>A text in English and in Vietnamese.</summary>
/// <param name="En" example="Tell us which checkout improvements matter to you. It takes about 3 minutes.">English, at most 2000 characters.</param>
/// <param name="Vi" example="Hãy cho chúng tôi biết những cải tiến thanh toán nào quan trọng với bạn. Chỉ mất khoảng 3 phút.">Vietnamese, at most 2000 characters.</param>
public sealed record LocalizedText(string? En, string? Vi);

/// <summary>Changes to the questionnaire settings: only the fields present (and not null) change; "" clears a text.</summary>
/// <param name="AnswerWording" example="berger">modern, kano-1984, berger, blauth, vietnamese or survey.</param>
/// <param name="RandomizeOrder" example="true">Randomise feature order per respondent.</param>
/// <param name="AskImportance" example="true">Ask self-stated importance 1-9.</param>
/// <param name="AskSatisfaction" example="true">Ask current satisfaction 1-5.</param>
/// <param name="AskServiceQuality" example="true">Ask SERVQUAL's expectation and perception, 1-7, per feature.</param>
/// <param name="Intro">The intro per language; a language left out stays as it is.</param>
/// <param name="ThankYou">The thank-you text per language; a language left out stays as it is.</param>
/// <param name="Title">The title respondents read per language, at most 200 characters; a language left out stays as it is, "" clears it (back to the survey's name).</param>
/// <param name="AskedBy" example="Acme Bank">Who asks, at most 200 characters, named in the standard intro; "" clears it.</param>
/// <param name="FeaturesPerStep" example="3">0 (all features on one page) or 1-20 features per step of the hosted form.</param>
public sealed record QuestionnaireSettingsUpdate(
    string? AnswerWording,
    bool? RandomizeOrder,
    bool? AskImportance,
    bool? AskSatisfaction,
    bool? AskServiceQuality,
    LocalizedText? Intro,
    LocalizedText? ThankYou,
    LocalizedText? Title = null,
    string? AskedBy = null,
    int? FeaturesPerStep = null);

/// <summary>A new survey.</summary>
/// <param name="Name" example="Checkout 2026">Required, at most 200 characters.</param>
/// <param name="Description" example="Which checkout improvements do shoppers care about?">Optional, at most 2000 characters.</param>
/// <param name="Language" example="en">en (default) or vi.</param>
public sealed record SurveyCreate([property: Required] string? Name, string? Description, string? Language);

/// <summary>Changes to a survey: only the fields present (and not null) change; an empty description clears it.</summary>
/// <param name="Name" example="Checkout 2026 (wave 2)">At most 200 characters.</param>
/// <param name="Description" example="">At most 2000 characters; "" clears it.</param>
/// <param name="Language" example="vi">en or vi.</param>
/// <param name="Questionnaire">Changes to how the questionnaire is shown.</param>
public sealed record SurveyUpdate(string? Name, string? Description, string? Language, QuestionnaireSettingsUpdate? Questionnaire = null);

/// <summary>
/// A survey as stored, with its feature count: the one row type of the surveys table, never sent to a client (see
/// <see cref="Survey"/>). A handler under <see cref="SurveyScope"/> takes it as a parameter: the survey of the request.
/// </summary>
internal sealed record SurveyRow
{
    public long Id { get; init; }
    public long WorkspaceId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string Language { get; init; } = "en";
    public long Version { get; init; }
    public long Features { get; init; }
    public long Respondents { get; init; }
    public string AnswerWording { get; init; } = "modern";
    public bool RandomizeOrder { get; init; }
    public bool AskImportance { get; init; }
    public bool AskSatisfaction { get; init; }
    public bool AskServiceQuality { get; init; }
    public string? IntroEn { get; init; }
    public string? IntroVi { get; init; }
    public string? ThankYouEn { get; init; }
    public string? ThankYouVi { get; init; }
    public string? TitleEn { get; init; }
    public string? TitleVi { get; init; }
    public string? AskedBy { get; init; }
    public int FeaturesPerStep { get; init; }
    public long DataVersion { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    /// <summary>For a staff audience's companion survey, the customer survey it belongs to (decision 0024); null for a customer survey.</summary>
    public long? StaffOf { get; init; }

    /// <summary>The id in this survey's address: a staff audience is reached through its customer survey (<c>?audience=staff</c>).</summary>
    public long AddressId => StaffOf ?? Id;

    public string ETag => Infrastructure.ETags.Of("survey", Id, Version, CreatedAt);

    /// <summary>
    /// The survey of a request in a <see cref="SurveyScope"/>. Binding comes before endpoint filters and a null here
    /// would be a 400, so a missing survey binds as a placeholder that no handler sees: the scope's filter answers the
    /// 404 before the handler runs.
    /// </summary>
    public static async ValueTask<SurveyRow?> BindAsync(HttpContext http)
    {
        if (!SurveyScope.IsOpenedBySurvey(http.GetEndpoint()))
        {
            throw new InvalidOperationException("A SurveyRow parameter is bound only under a survey scope; map the endpoint with MapSurveyScope.");
        }

        return await SurveyScope.FindAsync(http) ?? NotOpened;
    }

    private static readonly SurveyRow NotOpened = new();

    public QuestionnaireSettings Questionnaire() =>
        new(AnswerWording, RandomizeOrder, AskImportance, AskSatisfaction, AskServiceQuality, new LocalizedText(IntroEn, IntroVi), new LocalizedText(ThankYouEn, ThankYouVi),
            new LocalizedText(TitleEn, TitleVi), AskedBy, FeaturesPerStep);
}
