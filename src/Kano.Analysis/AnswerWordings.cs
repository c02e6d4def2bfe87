namespace Kano.Analysis;

/// <summary>
/// The published answer wording sets, by position 1-5 (method §1). Answers are classified by position,
/// never by label text, so every set maps onto the same five <see cref="Answer"/> values.
/// </summary>
public static class AnswerWordings
{
    /// <summary>Kano et al. 1984 as translated by Matzler (method §1).</summary>
    public static IReadOnlyList<string> Kano1984 { get; } =
        ["I like it that way", "It must be that way", "I am neutral", "I can live with it that way", "I dislike it that way"];

    /// <summary>The modern English wording (method §1): the English texts "Answer.1"…"Answer.5" of KanoTexts.</summary>
    public static IReadOnlyList<string> Modern { get; } = QuestionnaireWording.DefaultAnswers(Language.English);

    /// <summary>Berger et al. 1993 (method §1).</summary>
    public static IReadOnlyList<string> Berger { get; } =
        ["I enjoy it that way", "I expect it that way", "I am neutral", "I can accept it", "I dislike it that way"];

    /// <summary>Blauth's wording (method §1).</summary>
    public static IReadOnlyList<string> Blauth { get; } =
        ["This would be very helpful to me", "This is a basic requirement for me", "This would not affect me",
         "This would be a minor inconvenience", "This would be a major problem for me"];

    /// <summary>The Vietnamese wording (method §1): the Vietnamese texts "Answer.1"…"Answer.5" of KanoTexts.</summary>
    public static IReadOnlyList<string> Vietnamese { get; } = QuestionnaireWording.DefaultAnswers(Language.Vietnamese);

    /// <summary>
    /// Published variants of single answers, read beside the full sets (sources in the library's README). Each maps to
    /// the position of the answer it rephrases (method §1): "I must be that way" is Kano's first-person "It must be that
    /// way" (must-be); "I'm neutral" is "I am neutral" (the typographic ’ reads as ' anyway); Berger et al.'s long forms
    /// rephrase must-be ("a basic necessity or I expect it"), live-with ("I can live with it") and dislike ("I can't
    /// accept it"). Their "I enjoy it that way" (like) is already in <see cref="Berger"/>.
    /// </summary>
    public static IReadOnlyList<(Answer Answer, string Wording)> Variants { get; } =
    [
        (Answer.MustBe, "I must be that way"),
        (Answer.Neutral, "I'm neutral"),
        (Answer.MustBe, "It is a basic necessity or I expect it that way"),
        (Answer.LiveWith, "I dislike it, but I can live with it that way"),
        (Answer.Dislike, "I dislike it, and I can't accept it"),
    ];

    /// <summary>Every built-in set, by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["kano-1984"] = Kano1984,
        ["modern"] = Modern,
        ["berger"] = Berger,
        ["blauth"] = Blauth,
        ["vietnamese"] = Vietnamese,
    };
}
