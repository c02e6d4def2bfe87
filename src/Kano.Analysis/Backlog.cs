using System.Globalization;

namespace Kano.Analysis;

/// <summary>The prioritised backlog: features to invest in, in order, and features to review.</summary>
public sealed record BacklogPlan(IReadOnlyList<BacklogItem> Items, IReadOnlyList<ReviewItem> Review);

/// <summary>A feature to invest in, at its rank, with the one-sentence reason it is there.</summary>
public sealed record BacklogItem
{
    public required int Rank { get; init; }
    public required FeatureAnalysis Feature { get; init; }

    /// <summary>Stable action code: "fix-first", "improve", "delight" or "upkeep".</summary>
    public required string Action { get; init; }

    /// <summary>Value × importance factor × satisfaction factor ÷ effort factor (see <see cref="Backlog"/>).</summary>
    public required double Score { get; init; }

    /// <summary>The unadjusted Kano value: |Worse| (basic), Better + |Worse| (expected) or Better (delighter).</summary>
    public required double Value { get; init; }

    public required double ImportanceFactor { get; init; }
    public required double SatisfactionFactor { get; init; }
    public required double EffortFactor { get; init; }

    public required string EnglishRationale { get; init; }
    public required string VietnameseRationale { get; init; }

    public string Rationale(Language language) => language == Language.Vietnamese ? VietnameseRationale : EnglishRationale;

    public string ActionLabel(Language language) => Backlog.ActionLabel(Action, language);
}

/// <summary>A feature that needs a look rather than an investment: indifferent, reverse, questionable-dominated or unanswered.</summary>
public sealed record ReviewItem
{
    public required FeatureAnalysis Feature { get; init; }

    /// <summary>Stable action code: "reconsider" (indifferent), "look-closer" (reverse), "fix-question" (questionable) or "collect-answers" (no answers).</summary>
    public required string Action { get; init; }

    public required string EnglishRationale { get; init; }
    public required string VietnameseRationale { get; init; }

    public string Rationale(Language language) => language == Language.Vietnamese ? VietnameseRationale : EnglishRationale;

    public string ActionLabel(Language language) => Backlog.ActionLabel(Action, language);
}

/// <summary>
/// Turns a survey analysis into a backlog, following published practice (Sauerwein et al. 1996; Berger et al. 1993;
/// Robertshaw 1995; method §7).
/// <para>
/// Tiers, in order: <c>fix-first</c> (basic), <c>improve</c> (expected), <c>delight</c> (delighter), then <c>upkeep</c>
/// (a basic feature whose mean current satisfaction is already 4 or more: it needs upkeep, not investment, method §7).
/// Within a tier, by score, highest first; equal scores by feature id.
/// </para>
/// <code>
/// score  = value × (I / 5) × ((6 − S) / 3) ÷ (E / Ē)
/// value  = |Worse|            basic       (most harmful first)
///        = Better + |Worse|   expected    (invest in proportion to both)
///        = Better             delighter
/// I = the feature's mean self-stated importance (1-9); the factor is 1 at the scale's midpoint 5 or when unknown.
/// S = the feature's mean current satisfaction (1-5); the factor is 1 at neutral 3 or when unknown, 5/3 at 1, 1/3 at 5:
///     the gap between expectation and perception is what an improvement closes.
/// E = the feature's effort, Ē = the mean effort of the features that have one; the factor is 1 when E is unknown,
///     so the score is value per relative effort.
/// </code>
/// </summary>
public static class Backlog
{
    public const string FixFirst = "fix-first";
    public const string Improve = "improve";
    public const string Delight = "delight";
    public const string Upkeep = "upkeep";
    public const string Reconsider = "reconsider";
    public const string LookCloser = "look-closer";
    public const string FixQuestion = "fix-question";
    public const string CollectAnswers = "collect-answers";

    /// <summary>Mean current satisfaction (1-5) from which a basic feature needs upkeep rather than investment (method §7: "already scores 4-5").</summary>
    public const double UpkeepSatisfaction = 4;

    /// <summary>Midpoint of the 1-9 importance scale: importance factor 1.</summary>
    public const double NeutralImportance = 5;

    /// <summary>Neutral on the 1-5 satisfaction scale: satisfaction factor 1.</summary>
    public const double NeutralSatisfaction = 3;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, (string English, string Vietnamese)> Labels = new()
    {
        [FixFirst] = ("Fix first", "Ưu tiên khắc phục"),
        [Improve] = ("Improve", "Cải thiện"),
        [Delight] = ("Delight", "Tạo điểm vượt trội"),
        [Upkeep] = ("Keep up", "Duy trì"),
        [Reconsider] = ("Reconsider", "Xem xét lại"),
        [LookCloser] = ("Look closer", "Xem xét kỹ hơn"),
        [FixQuestion] = ("Fix the question", "Sửa câu hỏi"),
        [CollectAnswers] = ("Collect answers", "Thu thập câu trả lời"),
    };

    /// <summary>The human label of an action code.</summary>
    public static string ActionLabel(string action, Language language) =>
        Labels.TryGetValue(action, out var label)
            ? language == Language.Vietnamese ? label.Vietnamese : label.English
            : action;

    /// <summary>Builds the backlog and the review list from a survey analysis.</summary>
    public static BacklogPlan Build(SurveyAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var candidates = new List<(int Tier, BacklogItem Item)>();
        var review = new List<ReviewItem>();

        foreach (var feature in analysis.Features)
        {
            if (feature.N == 0)
            {
                review.Add(Review(feature, CollectAnswers,
                    "Nobody has answered this feature yet, so collect answers before deciding anything about it.",
                    "Chưa có ai trả lời về tính năng này, nên hãy thu thập câu trả lời trước khi quyết định."));
                continue;
            }

            switch (feature.Category)
            {
                case KanoCategory.Basic:
                case KanoCategory.Expected:
                case KanoCategory.Delighter:
                    candidates.Add(Invest(feature, analysis.MeanEffort));
                    break;
                case KanoCategory.Indifferent:
                    review.Add(Review(feature, Reconsider,
                        F($"Customers are indifferent to it ({feature.Percentages[KanoCode.I]:0}% indifferent), so review it: they may not know its value yet, or it can be dropped."),
                        F($"Khách hàng không quan tâm đến tính năng này ({feature.Percentages[KanoCode.I]:0}% không khác biệt), nên hãy xem xét lại: có thể họ chưa thấy giá trị của nó, hoặc có thể bỏ nó.")));
                    break;
                case KanoCategory.Reverse:
                    review.Add(Review(feature, LookCloser,
                        F($"Customers prefer it absent ({feature.Percentages[KanoCode.R]:0}% reverse), so look closer: its opposite may be a basic need."),
                        F($"Khách hàng muốn không có tính năng này ({feature.Percentages[KanoCode.R]:0}% ngược), nên hãy xem xét kỹ hơn: điều ngược lại có thể là một yếu tố cơ bản.")));
                    break;
                default:
                    review.Add(Review(feature, FixQuestion,
                        F($"Most answers contradict themselves ({feature.Percentages[KanoCode.Q]:0}% questionable), so fix the question, not the product."),
                        F($"Phần lớn câu trả lời mâu thuẫn ({feature.Percentages[KanoCode.Q]:0}% đáng ngờ), nên hãy sửa câu hỏi chứ không phải sản phẩm.")));
                    break;
            }
        }

        candidates.Sort((x, y) =>
            x.Tier != y.Tier ? x.Tier.CompareTo(y.Tier)
            : y.Item.Score != x.Item.Score ? y.Item.Score.CompareTo(x.Item.Score)
            : x.Item.Feature.FeatureId.CompareTo(y.Item.Feature.FeatureId));

        var items = new BacklogItem[candidates.Count];
        for (var k = 0; k < items.Length; k++)
        {
            items[k] = candidates[k].Item with { Rank = k + 1 };
        }

        return new BacklogPlan(items, review);
    }

    private static (int Tier, BacklogItem Item) Invest(FeatureAnalysis feature, double? meanEffort)
    {
        double better = feature.Better ?? 0, worse = Math.Abs(feature.Worse ?? 0);
        var satisfaction = feature.Satisfaction.Mean;
        var importance = feature.Importance.Mean;

        var importanceFactor = importance is double i ? i / NeutralImportance : 1;
        var satisfactionFactor = satisfaction is double s ? (6 - s) / NeutralSatisfaction : 1;
        var effortFactor = feature.Effort is double e && meanEffort is double mean ? e / mean : 1;

        var (tier, action, value) = feature.Category switch
        {
            KanoCategory.Basic when satisfaction >= UpkeepSatisfaction => (3, Upkeep, worse),
            KanoCategory.Basic => (0, FixFirst, worse),
            KanoCategory.Expected => (1, Improve, better + worse),
            _ => (2, Delight, better),
        };

        var score = value * importanceFactor * satisfactionFactor / effortFactor;

        // Each coefficient the value uses is quoted with its 95 % Wilson interval (method §7a), so a reader sees how
        // firmly the sample places it.
        var (worseEnglish, worseVietnamese) = Quote("Worse", feature.Worse, feature.WorseInterval);
        var (betterEnglish, betterVietnamese) = Quote("Better", feature.Better, feature.BetterInterval);
        var (english, vietnamese) = action switch
        {
            FixFirst => (
                F($"Basic need: {worse * 100:0}% of the respondents who answered A, O, M or I would be dissatisfied without it ({worseEnglish}), so fix it before anything else"),
                F($"Yếu tố cơ bản: {worse * 100:0}% người trả lời A, O, M hoặc I sẽ không hài lòng nếu thiếu nó ({worseVietnamese}), nên cần khắc phục trước tiên")),
            Upkeep => (
                F($"Basic need ({worseEnglish}) already rated {satisfaction:0.0} of 5 for current satisfaction, so keep it working rather than invest more"),
                F($"Yếu tố cơ bản ({worseVietnamese}) đã được đánh giá {satisfaction:0.0}/5 về mức hài lòng hiện tại, nên chỉ cần duy trì thay vì đầu tư thêm")),
            Improve => (
                F($"Expected feature: satisfaction rises and falls with it ({betterEnglish}; {worseEnglish}), so invest in proportion to Better + |Worse| = {value:0.00}"),
                F($"Yếu tố mong đợi: mức hài lòng tăng giảm theo nó ({betterVietnamese}; {worseVietnamese}), nên đầu tư tương xứng với Better + |Worse| = {value:0.00}")),
            _ => (
                F($"Delighter: {better * 100:0}% of the respondents who answered A, O, M or I would be pleased to have it and few would miss it ({betterEnglish}), so add it once basic and expected needs are met"),
                F($"Yếu tố vượt trội: {better * 100:0}% người trả lời A, O, M hoặc I sẽ thích thú khi có nó và ít ai thấy thiếu ({betterVietnamese}), nên bổ sung sau khi đã đáp ứng các yếu tố cơ bản và mong đợi")),
        };

        var (englishAdjustment, vietnameseAdjustment) = Adjustments(importance, satisfaction, feature.Effort, meanEffort, score);
        return (tier, new BacklogItem
        {
            Rank = 0,
            Feature = feature,
            Action = action,
            Score = score,
            Value = value,
            ImportanceFactor = importanceFactor,
            SatisfactionFactor = satisfactionFactor,
            EffortFactor = effortFactor,
            EnglishRationale = english + englishAdjustment + ".",
            VietnameseRationale = vietnamese + vietnameseAdjustment + ".",
        });
    }

    /// <summary>"Worse -0.85, 95 % CI -0.93 to -0.74" and its Vietnamese ("khoảng tin cậy 95 %"), two decimals as elsewhere in the rationale.</summary>
    private static (string English, string Vietnamese) Quote(string coefficient, double? value, Interval? interval) =>
        interval is { } ci
            ? (F($"{coefficient} {value:0.00}, 95 % CI {ci.Low:0.00} to {ci.High:0.00}"),
               F($"{coefficient} {value:0.00}, khoảng tin cậy 95 % từ {ci.Low:0.00} đến {ci.High:0.00}"))
            : (F($"{coefficient} {value:0.00}"), F($"{coefficient} {value:0.00}"));

    /// <summary>The clause that says how importance, satisfaction and effort moved the score, if any did.</summary>
    private static (string English, string Vietnamese) Adjustments(double? importance, double? satisfaction, double? effort, double? meanEffort, double score)
    {
        var english = new List<string>(3);
        var vietnamese = new List<string>(3);
        if (importance is double i)
        {
            english.Add(F($"importance {i:0.0}/9"));
            vietnamese.Add(F($"mức quan trọng {i:0.0}/9"));
        }

        if (satisfaction is double s)
        {
            english.Add(F($"current satisfaction {s:0.0}/5"));
            vietnamese.Add(F($"mức hài lòng hiện tại {s:0.0}/5"));
        }

        if (effort is double e && meanEffort is double mean)
        {
            english.Add(F($"effort {e:0.##} against an average of {mean:0.##}"));
            vietnamese.Add(F($"công sức {e:0.##} so với trung bình {mean:0.##}"));
        }

        return english.Count == 0
            ? ("", "")
            : (F($" ({string.Join(", ", english)} give a score of {score:0.00})"),
               F($" ({string.Join(", ", vietnamese)} cho điểm {score:0.00})"));
    }

    private static ReviewItem Review(FeatureAnalysis feature, string action, string english, string vietnamese) => new()
    {
        Feature = feature,
        Action = action,
        EnglishRationale = english,
        VietnameseRationale = vietnamese,
    };

    private static string F(FormattableString text) => text.ToString(Invariant);
}
