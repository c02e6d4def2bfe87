namespace KanoApi.Questionnaire;

/// <summary>Everything a front-end needs to render one respondent's Kano questionnaire and submit the answers.</summary>
/// <param name="SurveyId" example="17">The survey.</param>
/// <param name="Language" example="en">en or vi: the language of every text below.</param>
/// <param name="Title" example="Your checkout">The title respondents read: the survey's title in this language (questionnaire.title), else its name.</param>
/// <param name="Intro" example="Acme would like to know what you think. For each feature there are two short questions: how you would feel if it were there, and how you would feel if it were not. 3 features, 6 questions: about 1 min. You are not asked for your name or contact details; your answers are stored without them.">The text above the questions: the survey's own intro in this language, else the standard one (who asks, what is asked, how long, privacy).</param>
/// <param name="ThankYou" example="Your answers have been recorded.">The text to show after a submission.</param>
/// <param name="AnswerWording" example="modern">The wording set of the answer labels in this language.</param>
/// <param name="RandomizeOrder" example="true">The survey's setting of the same name: whether the feature order below is this seed's own order (true) or the features' creation order (false).</param>
/// <param name="Seed" example="r-1042">The seed that ordered the features: the one sent, or a new one when none was sent; send it again to get the same order. It is also the respondent id in `submission.body`, so one respondent's answers are stored once.</param>
/// <param name="Features">The features in the order to ask them, each with both questions and the five answer options.</param>
/// <param name="Importance">The importance scale to ask per feature (1-9), or null when the survey does not ask it.</param>
/// <param name="Satisfaction">The satisfaction scale to ask per feature (1-5), or null when the survey does not ask it.</param>
/// <param name="Submission">How to submit: the request and the exact body to POST to …/responses, with the answers left null.</param>
/// <param name="FeaturesPerStep" example="3">How many features to show per page or step (the survey's setting); 0 for all on one page.</param>
/// <param name="EstimatedMinutes" example="2">About how many minutes answering takes (10 seconds per Kano question, 5 per scale), at least 1.</param>
public sealed record QuestionnaireDefinition(
    long SurveyId,
    string Language,
    string Title,
    string Intro,
    string ThankYou,
    string AnswerWording,
    bool RandomizeOrder,
    string Seed,
    IReadOnlyList<QuestionnaireFeature> Features,
    QuestionnaireScale? Importance,
    QuestionnaireScale? Satisfaction,
    QuestionnaireSubmission Submission,
    int FeaturesPerStep,
    int EstimatedMinutes)
{
    /// <summary>Deprecated: the name this field shipped with; the same value as <c>randomizeOrder</c>, kept so clients written against it go on working.</summary>
    /// <example>true</example>
    [Obsolete("Read RandomizeOrder: one name per concept, the survey setting's.")]
    public bool RandomizedOrder => RandomizeOrder;
}

/// <summary>One feature as asked: its two questions and the five answers to each.</summary>
/// <param name="Id" example="3">The feature id.</param>
/// <param name="Key" example="fast-checkout">The feature key, to send as answers[].feature.</param>
/// <param name="Name" example="One-click checkout">The feature's name in this language (nameVi for Vietnamese when set), else its name.</param>
/// <param name="Description" example="Pay with a saved card in one click.">What the feature is, in this language when given (descriptionVi), else the description; null when not given.</param>
/// <param name="FunctionalQuestion" example="How would you feel if One-click checkout were available?">The functional question: the feature's own in this language, or the default built from its name.</param>
/// <param name="DysfunctionalQuestion" example="How would you feel if One-click checkout were not available?">The dysfunctional question.</param>
/// <param name="Options">The five answers in questionnaire order (positions 1-5), the same for both questions.</param>
/// <param name="ServiceQuality">SERVQUAL's expectation and perception items for this feature, when the survey asks them (askServiceQuality); null otherwise.</param>
public sealed record QuestionnaireFeature(
    long Id,
    string Key,
    string Name,
    string? Description,
    string FunctionalQuestion,
    string DysfunctionalQuestion,
    IReadOnlyList<AnswerOption> Options,
    ServiceQualityItems? ServiceQuality = null);

/// <summary>
/// SERVQUAL's pair for one feature (Parasuraman, Zeithaml &amp; Berry 1988): two statements, each rated on the 7-point
/// agreement scale. Gap 5 is perception − expectation.
/// </summary>
/// <param name="Instruction" example="How far do you agree with each statement? (1 = strongly disagree, 7 = strongly agree)">What to show above the two statements.</param>
/// <param name="Expectation">How an excellent service of this kind should perform on the feature; submit the point's value as answers[].expectation.</param>
/// <param name="Perception">How this service performs on it; submit the point's value as answers[].perception.</param>
public sealed record ServiceQualityItems(string Instruction, QuestionnaireScale Expectation, QuestionnaireScale Perception);

/// <summary>One of the five Kano answers.</summary>
/// <param name="Code" example="like">The value to submit: like, must-be, neutral, live-with or dislike.</param>
/// <param name="Position" example="1">Its position 1-5 (also accepted as the submitted value).</param>
/// <param name="Label" example="I like it">What the respondent reads.</param>
public sealed record AnswerOption(string Code, int Position, string Label);

/// <summary>An optional rating scale asked per feature.</summary>
/// <param name="Field" example="importance">The answer field to submit the chosen value in.</param>
/// <param name="Question" example="How important is this to you?">What the respondent reads.</param>
/// <param name="Points">Every point of the scale, lowest first, each with its label.</param>
public sealed record QuestionnaireScale(string Field, string Question, IReadOnlyList<ScalePoint> Points);

/// <summary>A point of a rating scale.</summary>
/// <param name="Value" example="1">The value to submit.</param>
/// <param name="Label" example="Not at all important">What the respondent reads.</param>
public sealed record ScalePoint(int Value, string Label);

/// <summary>The request that stores the respondent's answers (needs an admin key or a collect key for this survey).</summary>
/// <param name="Method" example="POST">The HTTP method.</param>
/// <param name="Path" example="/v1/surveys/17/responses">The path to send it to.</param>
/// <param name="ContentType" example="application/json">The body's content type.</param>
/// <param name="Body">The body, in feature order, with every answer left null: fill functional and dysfunctional with an option's code (and the scales, if asked, with a point's value).</param>
public sealed record QuestionnaireSubmission(string Method, string Path, string ContentType, SubmissionTemplate Body);

/// <summary>A response body to fill in.</summary>
/// <param name="RespondentId" example="r-1042">The questionnaire's seed: posting the body twice (a retry, a double click) is refused with 409 instead of storing the respondent twice. Replace it with your own respondent id if you have one (then ask the questionnaire with that id as `seed`).</param>
/// <param name="Answers">One answer per feature, in the order asked.</param>
public sealed record SubmissionTemplate(string RespondentId, IReadOnlyList<AnswerTemplate> Answers);

/// <summary>One answer to fill in.</summary>
/// <param name="Feature" example="fast-checkout">The feature key (already set).</param>
/// <param name="Functional" example="null">The functional answer's code.</param>
/// <param name="Dysfunctional" example="null">The dysfunctional answer's code.</param>
/// <param name="Importance" example="null">Importance 1-9 when asked; leave null otherwise.</param>
/// <param name="Satisfaction" example="null">Satisfaction 1-5 when asked; leave null otherwise.</param>
/// <param name="Expectation" example="null">SERVQUAL expectation 1-7 when asked; leave null otherwise.</param>
/// <param name="Perception" example="null">SERVQUAL perception 1-7 when asked; leave null otherwise.</param>
public sealed record AnswerTemplate(string Feature, string? Functional, string? Dysfunctional, int? Importance, int? Satisfaction, int? Expectation = null, int? Perception = null);
