using System.Globalization;

namespace Kano.Analysis;

/// <summary>A warning a user needs (method §6), with a stable code and its message in each language.</summary>
public sealed record KanoWarning(string Code, string English, string Vietnamese)
{
    public string Message(Language language) => language == Language.Vietnamese ? Vietnamese : English;

    public override string ToString() => $"{Code}: {English}";
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

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static KanoWarning NoAnswers() => new(
        NoAnswersCode,
        "nobody has answered this feature yet: there is nothing to classify",
        "chưa có ai trả lời về tính năng này: chưa thể phân loại");

    public static KanoWarning SignificanceNotApplicable(long classified) => new(
        SignificanceNotApplicableCode,
        F($"only {classified} answers are A, O, M or I (fewer than {MinimumForSignificance}): the significance test is not applicable"),
        F($"chỉ có {classified} câu trả lời thuộc A, O, M hoặc I (ít hơn {MinimumForSignificance}): không thể áp dụng kiểm định ý nghĩa"));

    public static KanoWarning UnstableSample(long n) => new(
        UnstableSampleCode,
        F($"only {n} respondents (fewer than about {StableSample}): the category may change with more answers"),
        F($"chỉ có {n} người trả lời (ít hơn khoảng {StableSample}): phân loại có thể thay đổi khi có thêm câu trả lời"));

    public static KanoWarning QuestionableAnswers(double percent) => new(
        QuestionableAnswersCode,
        F($"questionable answers are {percent:0.0}% of this feature: check the question wording"),
        F($"câu trả lời đáng ngờ chiếm {percent:0.0}% của tính năng này: hãy kiểm tra lại cách đặt câu hỏi"));

    public static KanoWarning NearEvenSplit(KanoCode first, double firstPercent, KanoCode second, double secondPercent) => new(
        NearEvenSplitCode,
        F($"answers split almost evenly between {first} ({firstPercent:0.0}%) and {second} ({secondPercent:0.0}%): there may be hidden segments, compare segments"),
        F($"câu trả lời chia gần đều giữa {first} ({firstPercent:0.0}%) và {second} ({secondPercent:0.0}%): có thể có các nhóm khách hàng khác nhau, hãy so sánh theo phân khúc"));

    /// <summary>The reported code is the most frequent with a posterior probability below <see cref="Uncertainty.CertainCategory"/> (method §7a).</summary>
    public static KanoWarning UncertainCategory(KanoCode code, double probability) => new(
        UncertainCategoryCode,
        F($"the category {code} is the most frequent with a probability of only {probability:0.000} (below {Uncertainty.CertainCategory:0.0}): more answers may change it"),
        F($"phân loại {code} chỉ có xác suất {probability:0.000} là phổ biến nhất (dưới {Uncertainty.CertainCategory:0.0}): thêm câu trả lời có thể làm thay đổi nó"));

    /// <summary>A chi-square test between waves with an expected count below 5 (Cochran's rule): its p-value is approximate.</summary>
    public static KanoWarning ApproximateChiSquare(double smallestExpected) => new(
        ApproximateChiSquareCode,
        F($"an expected count is {smallestExpected:0.0} (below {ChiSquareTest.MinimumExpected:0}): the chi-square p-value is only approximate"),
        F($"có số đếm kỳ vọng bằng {smallestExpected:0.0} (dưới {ChiSquareTest.MinimumExpected:0}): giá trị p của kiểm định khi bình phương chỉ là gần đúng"));

    /// <summary>A respondent who gave the same answer pair for every feature (method §6).</summary>
    public static KanoWarning StraightLining(int features) => new(
        StraightLiningCode,
        F($"this respondent gave the same answer pair for all {features} features: consider excluding them"),
        F($"người trả lời này chọn cùng một cặp câu trả lời cho cả {features} tính năng: hãy cân nhắc loại bỏ"));

    /// <summary>A respondent with more than k questionable answers (method §6).</summary>
    public static KanoWarning ManyQuestionable(int questionable, int limit) => new(
        ManyQuestionableCode,
        F($"this respondent gave {questionable} questionable answers (more than {limit}): consider excluding them"),
        F($"người trả lời này có {questionable} câu trả lời đáng ngờ (nhiều hơn {limit}): hãy cân nhắc loại bỏ"));

    private static string F(FormattableString text) => text.ToString(Invariant);
}
