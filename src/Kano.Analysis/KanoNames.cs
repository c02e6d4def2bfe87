namespace Kano.Analysis;

/// <summary>Wire names and human labels of answers, categories and rules, kept in one place (method §1, §3, §5).</summary>
public static class KanoNames
{
    private static readonly string[] AnswerCodes = ["like", "must-be", "neutral", "live-with", "dislike"];
    private static readonly string[] CategoryNames = ["basic", "expected", "delighter", "indifferent", "reverse", "questionable"];
    private static readonly string[] RuleNames = ["mode", "hierarchy", "positive-vs-rest"];

    /// <summary>The answer code: "like", "must-be", "neutral", "live-with" or "dislike".</summary>
    public static string Code(Answer answer) => AnswerCodes[Position(answer) - 1];

    /// <summary>The answer's questionnaire position, 1-5.</summary>
    public static int Position(Answer answer) =>
        answer is >= Answer.Like and <= Answer.Dislike
            ? (int)answer
            : throw new ArgumentOutOfRangeException(nameof(answer), answer, "not a Kano answer position (1-5)");

    /// <summary>The category's wire name: "basic", "expected", "delighter", "indifferent", "reverse" or "questionable".</summary>
    public static string Name(KanoCategory category) => CategoryNames[(int)category];

    /// <summary>The KanoApi category of an evaluation code: M is basic, O expected, A delighter (method §3).</summary>
    public static KanoCategory Category(KanoCode code) => (KanoCategory)(int)code;

    /// <summary>The evaluation code of a KanoApi category.</summary>
    public static KanoCode Code(KanoCategory category) => (KanoCode)(int)category;

    /// <summary>The human label of a category, e.g. "Basic" or "Yếu tố cơ bản" (method §3, "Names"; KanoTexts "Category.&lt;name&gt;").</summary>
    public static string Label(KanoCategory category, Language language) => KanoTexts.Get("Category." + Name(category), language);

    /// <summary>The rule's wire name: "mode", "hierarchy" or "positive-vs-rest".</summary>
    public static string Name(ClassificationRule rule) => RuleNames[(int)rule];

    /// <summary>Reads a rule's wire name, ignoring case and surrounding whitespace.</summary>
    public static bool TryParseRule(string? text, out ClassificationRule rule)
    {
        var wanted = text?.Trim();
        for (var r = 0; r < RuleNames.Length; r++)
        {
            if (string.Equals(RuleNames[r], wanted, StringComparison.OrdinalIgnoreCase))
            {
                rule = (ClassificationRule)r;
                return true;
            }
        }

        rule = default;
        return false;
    }

    /// <summary>Reads an answer code ("like", "must-be", …) or its alias ("expect", "tolerate"), ignoring case and surrounding whitespace.</summary>
    public static bool TryParseCode(string? text, out Answer answer) => AnswerParser.TryParseCode(text, out answer);
}
