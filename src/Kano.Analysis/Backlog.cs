using Kano.Analysis.ServiceQuality;

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

    /// <summary>Tan &amp; Shen's Kano-adjusted improvement ratio when the feature has expectation/perception answers; 1 otherwise.</summary>
    public double ImprovementFactor { get; init; } = 1;

    /// <summary>The feature's dimension, gap 5 and improvement ratio, when the backlog was built with service quality and the feature is tagged or has expectation/perception answers.</summary>
    public FeatureGap? ServiceQuality { get; init; }

    /// <summary>Why, in words: said in a language by <see cref="Rationale"/>.</summary>
    public required Phrase Why { get; init; }

    public string Rationale(Language language) => Why.In(language);

    public string ActionLabel(Language language) => Backlog.ActionLabel(Action, language);
}

/// <summary>A feature that needs a look rather than an investment: indifferent, reverse, questionable-dominated or unanswered.</summary>
public sealed record ReviewItem
{
    public required FeatureAnalysis Feature { get; init; }

    /// <summary>Stable action code: "reconsider" (indifferent), "look-closer" (reverse), "fix-question" (questionable) or "collect-answers" (no answers).</summary>
    public required string Action { get; init; }

    /// <summary>Why, in words: said in a language by <see cref="Rationale"/>.</summary>
    public required Phrase Why { get; init; }

    public string Rationale(Language language) => Why.In(language);

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
/// <para>
/// With service quality (<see cref="Build(SurveyAnalysis, ServiceQualityReport?)"/>, method §7b): a basic feature whose
/// gap 5 interval lies wholly below 0 — perception below expectation beyond sampling doubt — comes before every other
/// item (tier <c>fix-first</c>, placed first, whatever its current satisfaction), and every feature with expectation
/// and perception answers has its score multiplied by Tan &amp; Shen's Kano-adjusted improvement ratio IR0^(1/k),
/// IR0 = mean expectation / mean perception (<see cref="ImprovementRatios"/>).
/// </para>
/// <code>
/// score  = value × (I / 5) × ((6 − S) / 3) × IR_adj ÷ (E / Ē)
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

    /// <summary>The human label of an action code (KanoTexts "Action.&lt;code&gt;"); an unknown code is its own label.</summary>
    public static string ActionLabel(string action, Language language) =>
        Actions.Contains(action) ? KanoTexts.Get("Action." + action, language) : action;

    private static readonly HashSet<string> Actions = [FixFirst, Improve, Delight, Upkeep, Reconsider, LookCloser, FixQuestion, CollectAnswers];

    /// <summary>Builds the backlog and the review list from a survey analysis.</summary>
    public static BacklogPlan Build(SurveyAnalysis analysis) => Build(analysis, null);

    /// <summary>Builds the backlog and the review list from a survey analysis and, when it has gap data, its service quality.</summary>
    public static BacklogPlan Build(SurveyAnalysis analysis, ServiceQualityReport? serviceQuality)
    {
        ArgumentNullException.ThrowIfNull(analysis);

        var candidates = new List<(int Tier, BacklogItem Item)>();
        var review = new List<ReviewItem>();

        foreach (var feature in analysis.Features)
        {
            if (feature.N == 0)
            {
                review.Add(Review(feature, CollectAnswers));
                continue;
            }

            switch (feature.Category)
            {
                case KanoCategory.Basic:
                case KanoCategory.Expected:
                case KanoCategory.Delighter:
                    // A feature's dimension travels with it even without gap data; only gap data moves it (Below, Improvement).
                    candidates.Add(Invest(feature, analysis.MeanEffort, serviceQuality?.Feature(feature.FeatureId) is { } gap && (gap.Dimension is not null || gap.Gap.N > 0) ? gap : null));
                    break;
                case KanoCategory.Indifferent:
                    review.Add(Review(feature, Reconsider, feature.Percentages[KanoCode.I]));
                    break;
                case KanoCategory.Reverse:
                    review.Add(Review(feature, LookCloser, feature.Percentages[KanoCode.R]));
                    break;
                default:
                    review.Add(Review(feature, FixQuestion, feature.Percentages[KanoCode.Q]));
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

    private static (int Tier, BacklogItem Item) Invest(FeatureAnalysis feature, double? meanEffort, FeatureGap? serviceQuality)
    {
        double better = feature.Better ?? 0, worse = Math.Abs(feature.Worse ?? 0);
        var satisfaction = feature.Satisfaction.Mean;
        var importance = feature.Importance.Mean;

        var importanceFactor = importance is double i ? i / NeutralImportance : 1;
        var satisfactionFactor = satisfaction is double s ? (6 - s) / NeutralSatisfaction : 1;
        var effortFactor = feature.Effort is double e && meanEffort is double mean ? e / mean : 1;
        var improvement = serviceQuality?.Improvement;
        var improvementFactor = improvement?.Adjusted ?? 1;
        var belowExpectation = feature.Category == KanoCategory.Basic && serviceQuality is { Gap.Below: true };

        var (tier, action, value) = feature.Category switch
        {
            KanoCategory.Basic when belowExpectation => (-1, FixFirst, worse),
            KanoCategory.Basic when satisfaction >= UpkeepSatisfaction => (3, Upkeep, worse),
            KanoCategory.Basic => (0, FixFirst, worse),
            KanoCategory.Expected => (1, Improve, better + worse),
            _ => (2, Delight, better),
        };

        var score = value * importanceFactor * satisfactionFactor * improvementFactor / effortFactor;

        // Each coefficient the value uses is quoted with its 95 % Wilson interval (method §7a), so a reader sees how
        // firmly the sample places it.
        var worseQuote = Quote("Worse", feature.Worse, feature.WorseInterval);
        var betterQuote = Quote("Better", feature.Better, feature.BetterInterval);
        var reason = action switch
        {
            FixFirst when belowExpectation => new Phrase(
                "Invest.gap-first", improvement!.Current, improvement.Target, serviceQuality!.Gap.Gap, serviceQuality.Gap.Interval!.Value.Low,
                serviceQuality.Gap.Interval!.Value.High, improvementFactor),
            FixFirst => new Phrase("Invest." + FixFirst, worse * 100, worseQuote),
            Upkeep => new Phrase("Invest." + Upkeep, worseQuote, satisfaction),
            Improve => new Phrase("Invest." + Improve, betterQuote, worseQuote, value),
            _ => new Phrase("Invest." + Delight, better * 100, betterQuote),
        };

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
            ImprovementFactor = improvementFactor,
            ServiceQuality = serviceQuality,
            Why = new Phrase("Invest.Sentence", reason, Adjustments(importance, satisfaction, belowExpectation ? null : improvement, feature.Effort, meanEffort, score)),
        });
    }

    /// <summary>"Worse -0.85, 95 % CI -0.93 to -0.74" and its Vietnamese ("khoảng tin cậy 95 %"), two decimals as elsewhere in the rationale.</summary>
    private static Phrase Quote(string coefficient, double? value, Interval? interval) =>
        interval is { } ci ? new Phrase("Quote.Interval", coefficient, value, ci.Low, ci.High) : new Phrase("Quote", coefficient, value);

    /// <summary>The clause that says how importance, satisfaction and effort moved the score, if any did (an empty phrase otherwise).</summary>
    private static Phrase? Adjustments(double? importance, double? satisfaction, ImprovementRatio? improvement, double? effort, double? meanEffort, double score)
    {
        var clauses = new List<Phrase>(4);
        if (importance is double i)
        {
            clauses.Add(new Phrase("Adjustment.Importance", i));
        }

        if (satisfaction is double s)
        {
            clauses.Add(new Phrase("Adjustment.Satisfaction", s));
        }

        // The gap-first sentence quotes the ratio itself; elsewhere it is one more adjustment of the score.
        if (improvement is { Adjusted: double adjusted })
        {
            clauses.Add(new Phrase("Adjustment.Improvement", improvement.Current, improvement.Target, adjusted));
        }

        if (effort is double e && meanEffort is double mean)
        {
            clauses.Add(new Phrase("Adjustment.Effort", e, mean));
        }

        return clauses.Count == 0 ? null : new Phrase("Adjustment.Score", clauses, score);
    }

    /// <summary>A review item; its rationale the text "Review.&lt;action&gt;" with the share of answers that put it there.</summary>
    private static ReviewItem Review(FeatureAnalysis feature, string action, params object?[] values) => new()
    {
        Feature = feature,
        Action = action,
        Why = new Phrase("Review." + action, values),
    };
}
