namespace Kano.Analysis;

/// <summary>
/// The words of a Kano questionnaire (method §1), in any language of the resource files: the default question pair
/// built from a feature's name, the questions and labels of the optional importance and satisfaction scales, the
/// language's default answers (the published sets themselves are <see cref="AnswerWordings"/>) and thank-you.
/// </summary>
public static class QuestionnaireWording
{
    /// <summary>
    /// The functional question for a feature without its own, e.g. "How would you feel if one-click checkout were
    /// available?". Berger et al. 1993 and Zacarias 2015: ask about the feature itself, positively, and make the
    /// dysfunctional question its plain negation (<see cref="DefaultDysfunctionalQuestion"/>), not "if it were bad".
    /// The Vietnamese pair is the method's: "Nếu sản phẩm có …, bạn cảm thấy thế nào?" / "… không có …".
    /// </summary>
    public static string DefaultFunctionalQuestion(string featureName, Language language) =>
        KanoTexts.Format("Question.Functional", language, featureName.Trim());

    /// <summary>The dysfunctional question for a feature without its own: the functional one, negated.</summary>
    public static string DefaultDysfunctionalQuestion(string featureName, Language language) =>
        KanoTexts.Format("Question.Dysfunctional", language, featureName.Trim());

    /// <summary>The question of the optional importance scale, asked of each feature.</summary>
    public static string ImportanceQuestion(Language language) => KanoTexts.Get("Question.Importance", language);

    /// <summary>The question of the optional satisfaction scale, asked of each feature.</summary>
    public static string SatisfactionQuestion(Language language) => KanoTexts.Get("Question.Satisfaction", language);

    /// <summary>
    /// The instruction over SERVQUAL's two items (Parasuraman, Zeithaml &amp; Berry 1988; method §7b): each is a statement
    /// the respondent rates on the 7-point agreement scale (<see cref="AgreementLabels"/>).
    /// </summary>
    public static string ServiceQualityInstruction(Language language) => KanoTexts.Get("Question.ServiceQuality", language);

    /// <summary>
    /// SERVQUAL's expectation item for a feature: how an excellent service of this kind should perform on it (SERVQUAL's
    /// E statements read "excellent companies of this kind will…").
    /// </summary>
    public static string ExpectationStatement(string featureName, Language language) =>
        KanoTexts.Format("Question.Expectation", language, featureName.Trim());

    /// <summary>SERVQUAL's perception item for a feature: how this service performs on it (the P statements, "XYZ has…").</summary>
    public static string PerceptionStatement(string featureName, Language language) =>
        KanoTexts.Format("Question.Perception", language, featureName.Trim());

    /// <summary>SERVQUAL's 7-point agreement scale, 1 "strongly disagree" … 7 "strongly agree", a label per point.</summary>
    public static IReadOnlyList<string> AgreementLabels(Language language) => Points("Agreement", 7, language);

    /// <summary>What a respondent reads after answering, when the survey has no thank-you of its own.</summary>
    public static string DefaultThankYou(Language language) => KanoTexts.Get("Questionnaire.ThankYou", language);

    /// <summary>
    /// The intro a questionnaire shows when the survey has none of its own: who asks (when known), what each feature's
    /// two questions are about, how long it takes and that no name is asked. Respondents who know the length and the
    /// purpose before they start finish more often (the "how long" line of every survey tool's welcome screen).
    /// </summary>
    public static string DefaultIntro(string? askedBy, int features, int questionsPerFeature, Language language)
    {
        var questions = features * questionsPerFeature;
        var sentences = new List<string>();
        if (!string.IsNullOrWhiteSpace(askedBy))
        {
            sentences.Add(KanoTexts.Format("Questionnaire.Intro.AskedBy", language, askedBy.Trim()));
        }

        sentences.Add(KanoTexts.Get("Questionnaire.Intro.How", language));
        sentences.Add(KanoTexts.Format("Questionnaire.Intro.Length", language, features, questions, EstimatedMinutes(features, questionsPerFeature)));
        sentences.Add(KanoTexts.Get("Questionnaire.Intro.Privacy", language));
        return string.Join(" ", sentences);
    }

    /// <summary>
    /// The minutes a respondent needs, rounded up, at least one: a planning figure of 10 seconds per Kano question (each
    /// is a short sentence with five fixed answers, asked in pairs) and 5 seconds per scale question, not a
    /// measurement. The importance and satisfaction scales count as questions of their own.
    /// </summary>
    public static int EstimatedMinutes(int features, int questionsPerFeature)
    {
        var kanoSeconds = features * 2 * 10;
        var scaleSeconds = features * Math.Max(0, questionsPerFeature - 2) * 5;
        return Math.Max(1, (kanoSeconds + scaleSeconds + 59) / 60);
    }

    /// <summary>Self-stated importance, 1 ("not at all important") … 9 ("extremely important") (Berger et al. 1993), a label per point.</summary>
    public static IReadOnlyList<string> ImportanceLabels(Language language) => Points("Importance", 9, language);

    /// <summary>Satisfaction with today's service, the common five-level CSAT scale (method §1), a label per point.</summary>
    public static IReadOnlyList<string> SatisfactionLabels(Language language) => Points("Satisfaction", 5, language);

    /// <summary>
    /// The five answers a respondent in <paramref name="language"/> sees by default, by position 1-5: in English the
    /// modern wording, in Vietnamese the method's (<see cref="AnswerWordings.Modern"/>, <see cref="AnswerWordings.Vietnamese"/>
    /// are these texts), in a further language its own KanoTexts "Answer.1"…"Answer.5".
    /// </summary>
    public static IReadOnlyList<string> DefaultAnswers(Language language) => Points("Answer", 5, language);

    private static string[] Points(string scale, int count, Language language) =>
        [.. Enumerable.Range(1, count).Select(point => KanoTexts.Get($"{scale}.{point}", language))];
}
