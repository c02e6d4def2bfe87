namespace Kano.Analysis;

/// <summary>
/// The words of a Kano questionnaire besides the five answers (<see cref="AnswerWordings"/>): the default question
/// pair built from a feature's name, and the labels of the optional importance and satisfaction scales (method §1).
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
        language == Language.Vietnamese
            ? $"Nếu sản phẩm có {featureName.Trim()}, bạn cảm thấy thế nào?"
            : $"How would you feel if {featureName.Trim()} were available?";

    /// <summary>The dysfunctional question for a feature without its own: the functional one, negated.</summary>
    public static string DefaultDysfunctionalQuestion(string featureName, Language language) =>
        language == Language.Vietnamese
            ? $"Nếu sản phẩm không có {featureName.Trim()}, bạn cảm thấy thế nào?"
            : $"How would you feel if {featureName.Trim()} were not available?";

    /// <summary>Self-stated importance, 1 ("not at all important") … 9 ("extremely important") (Berger et al. 1993), a label per point.</summary>
    public static IReadOnlyList<string> ImportanceLabels(Language language) =>
        language == Language.Vietnamese ? VietnameseImportance : EnglishImportance;

    /// <summary>Satisfaction with today's service, the common five-level CSAT scale (method §1), a label per point.</summary>
    public static IReadOnlyList<string> SatisfactionLabels(Language language) =>
        language == Language.Vietnamese ? VietnameseSatisfaction : EnglishSatisfaction;

    private static readonly string[] EnglishImportance =
    [
        "Not at all important", "Very unimportant", "Unimportant", "Slightly unimportant", "Neither important nor unimportant",
        "Slightly important", "Important", "Very important", "Extremely important",
    ];

    private static readonly string[] VietnameseImportance =
    [
        "Hoàn toàn không quan trọng", "Rất không quan trọng", "Không quan trọng", "Hơi không quan trọng", "Bình thường",
        "Hơi quan trọng", "Quan trọng", "Rất quan trọng", "Cực kỳ quan trọng",
    ];

    private static readonly string[] EnglishSatisfaction = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"];

    private static readonly string[] VietnameseSatisfaction = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];
}
