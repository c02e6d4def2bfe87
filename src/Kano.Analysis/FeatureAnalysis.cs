namespace Kano.Analysis;

/// <summary>One feature to analyse: its identity, its answer matrix and an optional effort estimate (any positive unit).</summary>
public sealed record FeatureInput(long FeatureId, string Key, string Name, AnswerMatrix Answers)
{
    /// <summary>
    /// Effort to build or improve the feature, in any positive unit shared by the survey's features, from
    /// <see cref="MinimumEffort"/> to <see cref="MaximumEffort"/>; null when unknown.
    /// </summary>
    public double? Effort { get; init; }

    /// <summary>The smallest effort analysed. With the largest, it bounds an effort ratio to 10^8, so every backlog score is finite.</summary>
    public const double MinimumEffort = 0.01;

    /// <summary>The largest effort analysed (see <see cref="MinimumEffort"/>).</summary>
    public const double MaximumEffort = 1_000_000;

    /// <summary>A feature input built from raw answers: a convenience over <see cref="AnswerMatrix.From"/>.</summary>
    public static FeatureInput FromAnswers(long featureId, string key, string name, IEnumerable<FeatureAnswer> answers) =>
        new(featureId, key, name, AnswerMatrix.From(answers));
}

/// <summary>The analysis of a whole survey: every feature, plus survey-wide means the per-feature results are compared with.</summary>
public sealed record SurveyAnalysis(AnalysisOptions Options, IReadOnlyList<FeatureAnalysis> Features)
{
    /// <summary>Mean of every importance answer across all features; null when nobody stated importance. Yang 2005 splits categories by it.</summary>
    public double? SurveyMeanImportance { get; init; }

    /// <summary>Mean of every current-satisfaction answer across all features; null when nobody rated it.</summary>
    public double? SurveyMeanSatisfaction { get; init; }

    /// <summary>Mean effort of the features that have an estimate; null when none has. The backlog treats a missing estimate as this.</summary>
    public double? MeanEffort { get; init; }
}

/// <summary>Everything method §4-§6 says about one feature.</summary>
public sealed record FeatureAnalysis
{
    public required long FeatureId { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }

    /// <summary>Respondents who answered both questions about the feature: a + o + m + i + r + q.</summary>
    public required long N { get; init; }

    /// <summary>Counts of A, O, M, I, R, Q (in that order when enumerated).</summary>
    public required IReadOnlyDictionary<KanoCode, long> Counts { get; init; }

    /// <summary>Percentages (0-100, unrounded) of A, O, M, I, R, Q; all 0 when N is 0.</summary>
    public required IReadOnlyDictionary<KanoCode, double> Percentages { get; init; }

    /// <summary>The code the chosen rule decides; null when nobody answered (N = 0): there is nothing to classify.</summary>
    public required KanoCode? Code { get; init; }

    /// <summary>The category of <see cref="Code"/>; null when N = 0.</summary>
    public KanoCategory? Category => Code is { } code ? KanoNames.Category(code) : null;

    /// <summary>The most frequent code other than <see cref="Code"/>; null when no other code was given.</summary>
    public required KanoCode? SecondaryCode { get; init; }

    /// <summary>E.g. "O/M" when Fong's test says the two most frequent codes are not significantly different; otherwise null.</summary>
    public required string? Dual { get; init; }

    /// <summary>Better (CS+); null when a + o + m + i is 0.</summary>
    public required double? Better { get; init; }

    /// <summary>Worse (CS−), zero or negative; null when a + o + m + i is 0.</summary>
    public required double? Worse { get; init; }

    /// <summary>95 % Wilson interval of Better, the proportion (a + o) / (a + o + m + i); null when that denominator is 0.</summary>
    public Interval? BetterInterval { get; init; }

    /// <summary>95 % Wilson interval of (o + m) / (a + o + m + i), negated like Worse: from the more negative bound to the less negative one; null when the denominator is 0.</summary>
    public Interval? WorseInterval { get; init; }

    /// <summary>
    /// The probability that each code is the most frequent, under the Dirichlet(counts + 1) posterior (seeded Monte Carlo,
    /// <see cref="Uncertainty.CategoryProbabilities"/>); null when N = 0 (the posterior would be the uniform prior, which
    /// says nothing about the feature) or when the caller did not ask for the estimate (<see cref="KanoAnalyzer.Analyze"/>).
    /// </summary>
    public IReadOnlyDictionary<KanoCode, double>? CategoryProbabilities { get; init; }

    /// <summary>How many respondents Fong's test needs to separate the top two codes, and how many more; null when their counts are equal.</summary>
    public Settle? Settle { get; init; }

    /// <summary>
    /// Whether the reported category is settled (method §7a): Fong's test separates the two most frequent codes, and the
    /// reported code's probability of being the most frequent, as reported (3 decimals), is at least
    /// <see cref="Uncertainty.CertainCategory"/>. What the uncertain-category warning and the settle figure say, as one flag.
    /// Never settled without a category (no answers) or without the estimate (an analysis that did not ask for it).
    /// </summary>
    public bool Settled => Code is { } code
        && CategoryProbabilities is { } probabilities
        && Fong.Significant
        && Math.Round(probabilities.GetValueOrDefault(code), 3, MidpointRounding.AwayFromZero) >= Uncertainty.CertainCategory;

    /// <summary>Percentage of the most frequent code minus that of the second (Lee &amp; Newcomb 1997).</summary>
    public required double CategoryStrength { get; init; }

    /// <summary>%A + %O + %M.</summary>
    public required double TotalStrength { get; init; }

    public required FongTest Fong { get; init; }
    public required ContinuousScores Continuous { get; init; }

    /// <summary>Xu et al. 2009 scores; null when no respondent stated importance.</summary>
    public required AnalyticalScores? Analytical { get; init; }

    public required MeanScore Importance { get; init; }
    public required MeanScore Satisfaction { get; init; }

    /// <summary>Yang 2005: "critical", "necessary", "high-value-added", "low-value-added", "highly-attractive",
    /// "less-attractive", "potential" or "care-free"; null for R and Q or when importance is unknown.</summary>
    public required string? Refined { get; init; }

    public required IReadOnlyList<KanoWarning> Warnings { get; init; }

    /// <summary>The effort estimate given with the feature, if any.</summary>
    public double? Effort { get; init; }

    /// <summary>The category label in a language (method §3); null when N = 0.</summary>
    public string? Label(Language language) => Category is { } category ? KanoNames.Label(category, language) : null;
}

/// <summary>
/// Fong's test (Fong 1996) on the two most frequent of A, O, M, I, R.
/// </summary>
/// <param name="Applicable">False when a + o + m + i &lt; 12.</param>
/// <param name="Difference">|x − y|.</param>
/// <param name="Critical">1.65 · sqrt((x + y)(2n − x − y) / (2n)).</param>
/// <param name="Significant">Applicable and the difference is at or above the critical value.</param>
public sealed record FongTest(bool Applicable, long Difference, double Critical, bool Significant)
{
    /// <summary>The most frequent of A, O, M, I, R (ties M &gt; O &gt; A &gt; I &gt; R).</summary>
    public KanoCode First { get; init; }

    /// <summary>The second most frequent of A, O, M, I, R.</summary>
    public KanoCode Second { get; init; }
}

/// <summary>DuMouchel's continuous scores (Berger et al. 1993): means and sample standard deviations, null when undefined.</summary>
public sealed record ContinuousScores(double? FunctionalMean, double? FunctionalSd, double? DysfunctionalMean, double? DysfunctionalSd);

/// <summary>
/// Xu et al. 2009 analytical Kano scores over the N respondents who stated importance.
/// X: importance-weighted mean dysfunctional score; Y: the same for the functional score; R = sqrt(X² + Y²);
/// the angle is atan2(Y, X).
/// </summary>
public sealed record AnalyticalScores(double X, double Y, double R, double AngleRadians, long N)
{
    public double AngleDegrees => AngleRadians * 180 / Math.PI;
}

/// <summary>Mean and sample standard deviation of a rating, over the N respondents who gave it; null when undefined.</summary>
public sealed record MeanScore(double? Mean, double? Sd, long N);
