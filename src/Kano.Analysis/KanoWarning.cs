namespace Kano.Analysis;

/// <summary>A warning a user needs (method §6): a stable code and its message, said in any language (KanoTexts "Warning.&lt;code&gt;").</summary>
public sealed record KanoWarning(string Code, Phrase Text)
{
    public string Message(Language language) => Text.In(language);

    public override string ToString() => $"{Code}: {Message(Language.English)}";
}

/// <summary>The warnings of method §6: their stable codes, thresholds and wording.</summary>
public static class KanoWarnings
{
    public const string NoAnswersCode = "no-answers";
    public const string SignificanceNotApplicableCode = "significance-not-applicable";
    public const string UnstableSampleCode = "unstable-sample";
    public const string QuestionableAnswersCode = "questionable-answers";
    public const string NearEvenSplitCode = "near-even-split";
    public const string UncertainCategoryCode = "uncertain-category";
    public const string ApproximateChiSquareCode = "approximate-chi-square";
    public const string StraightLiningCode = "straight-lining";
    public const string ManyQuestionableCode = "many-questionable";

    /// <summary>Fong's test needs a + o + m + i of at least this (Fong 1996; method §4).</summary>
    public const int MinimumForSignificance = 12;

    /// <summary>Below about this many respondents category assignments are unstable (Chapman &amp; Callegaro 2022).</summary>
    public const int StableSample = 200;

    /// <summary>Share of Q answers, in percent, above which the question is probably badly worded (Sauerwein et al. 1996 saw &lt; 2%).</summary>
    public const double QuestionableShare = 2;

    /// <summary>
    /// A near-even split (method §6, a hint of hidden segments): the two most frequent of A, O, M, I, R are within
    /// this many percentage points of each other…
    /// </summary>
    public const double NearEvenGap = 10;

    /// <summary>…and together hold at least this percentage of the answers, so the split is between two real camps, not a spread.</summary>
    public const double NearEvenTogether = 60;

    public static KanoWarning NoAnswers() => Said(NoAnswersCode);

    public static KanoWarning SignificanceNotApplicable(long classified) => Said(SignificanceNotApplicableCode, classified, MinimumForSignificance);

    public static KanoWarning UnstableSample(long n) => Said(UnstableSampleCode, n, StableSample);

    public static KanoWarning QuestionableAnswers(double percent) => Said(QuestionableAnswersCode, percent);

    public static KanoWarning NearEvenSplit(KanoCode first, double firstPercent, KanoCode second, double secondPercent) => Said(NearEvenSplitCode, first, firstPercent, second, secondPercent);

    /// <summary>The reported code is the most frequent with a posterior probability below <see cref="Uncertainty.CertainCategory"/> (method §7a).</summary>
    public static KanoWarning UncertainCategory(KanoCode code, double probability) => Said(UncertainCategoryCode, code, probability, Uncertainty.CertainCategory);

    /// <summary>A chi-square test between waves with an expected count below 5 (Cochran's rule): its p-value is approximate.</summary>
    public static KanoWarning ApproximateChiSquare(double smallestExpected) => Said(ApproximateChiSquareCode, smallestExpected, ChiSquareTest.MinimumExpected);

    /// <summary>A respondent who gave the same answer pair for every feature (method §6).</summary>
    public static KanoWarning StraightLining(int features) => Said(StraightLiningCode, features);

    /// <summary>A respondent with more than k questionable answers (method §6).</summary>
    public static KanoWarning ManyQuestionable(int questionable, int limit) => Said(ManyQuestionableCode, questionable, limit);

    /// <summary>The warning of <paramref name="code"/>, its message the text "Warning.&lt;code&gt;" with these values in its places.</summary>
    private static KanoWarning Said(string code, params object?[] values) => new(code, new Phrase("Warning." + code, values));
}
