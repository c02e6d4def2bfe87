namespace Kano.Analysis;

/// <summary>
/// Analyses a survey's features from their answer matrices (method §4-§6). Pure and allocation-light: the work is
/// a pass over 25 cells per feature, so a survey of 50 features takes microseconds.
/// </summary>
public static class KanoAnalyzer
{
    /// <summary>Order in which codes are reported (A, O, M, I, R, Q, as in the API contract).</summary>
    internal static readonly KanoCode[] ReportOrder = [KanoCode.A, KanoCode.O, KanoCode.M, KanoCode.I, KanoCode.R, KanoCode.Q];

    // DuMouchel's continuous scores (Berger et al. 1993), by position 1-5.
    private static readonly double[] DuMouchelFunctional = [4, 2, 0, -1, -2];
    private static readonly double[] DuMouchelDysfunctional = [-2, -1, 0, 2, 4];

    // Xu et al. 2009, Table 3, by position 1-5.
    private static readonly double[] XuFunctional = [1, 0.5, 0, -0.25, -0.5];
    private static readonly double[] XuDysfunctional = [-0.5, -0.25, 0, 0.5, 1];

    // Xu et al. 2009 normalise self-stated importance to 0-1 (their Table 4). We use w = importance / 9 on the 1-9
    // scale, so "extremely important" (9) weighs 1 and "not at all important" (1) still counts a little (1/9),
    // rather than (importance − 1) / 8, which would silence a respondent's Kano answers entirely.
    private const double ImportanceScaleMaximum = 9;

    /// <summary>
    /// Analyses every feature with the given options. <paramref name="estimateCategoryProbabilities"/> false leaves out
    /// the one costly part, the Monte Carlo estimate of <see cref="FeatureAnalysis.CategoryProbabilities"/> (and with it
    /// the "uncertain-category" warning, which is read from that estimate): for callers that do not report it, such as
    /// a comparison of waves, where it was most of the work and none of the answer.
    /// </summary>
    public static SurveyAnalysis Analyze(IReadOnlyList<FeatureInput> features, AnalysisOptions? options = null, bool estimateCategoryProbabilities = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        options ??= AnalysisOptions.Default;

        // Survey-wide means: Yang 2005 splits each category by whether the feature's mean importance is above the
        // survey's, taken over every importance answer of every feature.
        long importanceCount = 0, satisfactionCount = 0, effortCount = 0;
        double importanceSum = 0, satisfactionSum = 0, effortSum = 0;
        foreach (var feature in features)
        {
            for (var c = 0; c < 25; c++)
            {
                var cell = feature.Answers.Cell(c);
                importanceCount += cell.ImportanceCount;
                importanceSum += cell.ImportanceSum;
                satisfactionCount += cell.SatisfactionCount;
                satisfactionSum += cell.SatisfactionSum;
            }

            if (feature.Effort is double effort)
            {
                // Bounded, not merely positive: 1e-320 (or two efforts of 1.7e308, whose sum overflows) made the
                // effort factor 0 or infinite and the score infinite. Within the range the factor lies in [1e-8, 1e8].
                if (!(effort >= FeatureInput.MinimumEffort && effort <= FeatureInput.MaximumEffort))
                {
                    throw new ArgumentOutOfRangeException(nameof(features), effort,
                        FormattableString.Invariant($"effort of feature '{feature.Key}' must be from {FeatureInput.MinimumEffort} to {FeatureInput.MaximumEffort}"));
                }

                effortCount++;
                effortSum += effort;
            }
        }

        var surveyMeanImportance = importanceCount > 0 ? importanceSum / importanceCount : (double?)null;
        var results = new FeatureAnalysis[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            results[f] = AnalyzeFeature(features[f], options, surveyMeanImportance, estimateCategoryProbabilities);
        }

        return new SurveyAnalysis(options, results)
        {
            SurveyMeanImportance = surveyMeanImportance,
            SurveyMeanSatisfaction = satisfactionCount > 0 ? satisfactionSum / satisfactionCount : null,
            MeanEffort = effortCount > 0 ? effortSum / effortCount : null,
        };
    }

    /// <summary>
    /// Analyses one feature; <paramref name="surveyMeanImportance"/> is only needed for Yang's refined category (see
    /// <see cref="Analyze"/> for <paramref name="estimateCategoryProbabilities"/>).
    /// </summary>
    public static FeatureAnalysis AnalyzeFeature(FeatureInput feature, AnalysisOptions options, double? surveyMeanImportance, bool estimateCategoryProbabilities = true)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(options);

        Span<long> counts = stackalloc long[6];
        double functionalSum = 0, functionalSquares = 0, dysfunctionalSum = 0, dysfunctionalSquares = 0;
        double weightedX = 0, weightedY = 0;
        long importanceCount = 0, satisfactionCount = 0;
        double importanceSum = 0, importanceSquares = 0, satisfactionSum = 0, satisfactionSquares = 0;

        for (var c = 0; c < 25; c++)
        {
            var cell = feature.Answers.Cell(c);
            if (cell.Count == 0)
            {
                continue;
            }

            int f = c / 5, d = c % 5;
            counts[(int)options.Table[c]] += cell.Count;

            // Scores are constant within a cell, so per-cell sums are sufficient statistics.
            functionalSum += DuMouchelFunctional[f] * cell.Count;
            functionalSquares += DuMouchelFunctional[f] * DuMouchelFunctional[f] * cell.Count;
            dysfunctionalSum += DuMouchelDysfunctional[d] * cell.Count;
            dysfunctionalSquares += DuMouchelDysfunctional[d] * DuMouchelDysfunctional[d] * cell.Count;

            // Σ w·x over the cell = x · Σ importance / 9.
            weightedX += XuDysfunctional[d] * cell.ImportanceSum / ImportanceScaleMaximum;
            weightedY += XuFunctional[f] * cell.ImportanceSum / ImportanceScaleMaximum;

            importanceCount += cell.ImportanceCount;
            importanceSum += cell.ImportanceSum;
            importanceSquares += cell.ImportanceSumOfSquares;
            satisfactionCount += cell.SatisfactionCount;
            satisfactionSum += cell.SatisfactionSum;
            satisfactionSquares += cell.SatisfactionSumOfSquares;
        }

        long m = counts[(int)KanoCode.M], o = counts[(int)KanoCode.O], a = counts[(int)KanoCode.A];
        long i = counts[(int)KanoCode.I], r = counts[(int)KanoCode.R], q = counts[(int)KanoCode.Q];
        var n = m + o + a + i + r + q;

        var countMap = new Dictionary<KanoCode, long>(6);
        var percentMap = new Dictionary<KanoCode, double>(6);
        foreach (var reported in ReportOrder)
        {
            countMap[reported] = counts[(int)reported];
            percentMap[reported] = Percent(counts[(int)reported], n);
        }

        // Better (CS+) = (a + o) / (a + o + m + i), Worse (CS−) = −(o + m) / (a + o + m + i)
        // (Timko 1993, in Berger et al. 1993). R and Q are left out of the denominator; a zero denominator has no coefficient.
        var classified = a + o + m + i;
        double? better = classified > 0 ? (double)(a + o) / classified : null;
        double? worse = classified > 0 ? (o + m == 0 ? 0 : -(double)(o + m) / classified) : null; // never −0 in JSON

        // The most frequent and the second most frequent of the six; ties M > O > A > I > R > Q (method §5).
        var (top, runnerUp) = TopTwo(counts, 6);

        // Category strength = %first − %second (Lee & Newcomb 1997), computed from counts so that a tie at the
        // hierarchy threshold is not lost to rounding. Total strength = %A + %O + %M.
        var categoryStrength = Percent(counts[(int)top] - counts[(int)runnerUp], n);
        var totalStrength = Percent(a + o + m, n);

        // Nobody answered: no code at all. Reporting one (Q, by the tie order) read as "the question is bad".
        KanoCode? code = n == 0 ? null : Decide(counts, top, runnerUp, categoryStrength, options);

        KanoCode? secondary = null;
        if (code is { } decided)
        {
            var other = decided == top ? runnerUp : top;
            // With a rule other than mode, the runner-up to the decided code is the most frequent of the other five.
            for (var c = 0; c < 6; c++)
            {
                if (c != (int)decided && counts[c] > counts[(int)other])
                {
                    other = (KanoCode)c;
                }
            }

            secondary = counts[(int)other] > 0 ? other : null;
        }

        var fong = Fong(counts, n, classified);

        // How sure (method §7a): Wilson intervals of Better's and Worse's proportions, the posterior probability of each
        // code being the most frequent, and the n at which Fong's test would separate the top two.
        var betterInterval = Uncertainty.Wilson(a + o, classified);
        var worseInterval = Uncertainty.Wilson(o + m, classified) is { } dissatisfied
            ? new Interval(-dissatisfied.High, dissatisfied.Low == 0 ? 0 : -dissatisfied.Low)
            : (Interval?)null;
        // With no answers the posterior is the uniform prior: near-even "probabilities" that describe nothing.
        Dictionary<KanoCode, double>? probabilityMap = null;
        if (n > 0 && estimateCategoryProbabilities)
        {
            var probabilities = Uncertainty.CategoryProbabilities(counts);
            probabilityMap = new Dictionary<KanoCode, double>(6);
            foreach (var reported in ReportOrder)
            {
                probabilityMap[reported] = probabilities[(int)reported];
            }
        }

        var settle = Uncertainty.ToSettle(counts[(int)fong.First], counts[(int)fong.Second], n);
        string? dual = null;
        if (fong.Applicable && !fong.Significant && (code == fong.First || code == fong.Second))
        {
            // Method §5: whatever the rule, report both when Fong cannot tell the top two apart, the decided code first.
            // A dual qualifies the reported category, so it must name it: when the rule decided a code outside Fong's
            // top two (Q, which Fong leaves out, or the largest of I, R, Q under positive-vs-rest), there is none.
            dual = code == fong.First ? $"{fong.First}/{fong.Second}" : $"{fong.Second}/{fong.First}";
        }

        var importance = Mean(importanceCount, importanceSum, importanceSquares);
        var satisfaction = Mean(satisfactionCount, satisfactionSum, satisfactionSquares);

        AnalyticalScores? analytical = null;
        if (importanceCount > 0)
        {
            // Xu et al. 2009: X = (1/J) Σ w_j·x_j and Y = (1/J) Σ w_j·y_j over the J respondents who stated importance,
            // so a feature rated less important moves towards the origin; r = sqrt(X² + Y²), α = atan2(Y, X).
            // Respondents without an importance answer have no weight and are left out (J counts only those with one).
            var x = weightedX / importanceCount;
            var y = weightedY / importanceCount;
            analytical = new AnalyticalScores(x, y, Math.Sqrt(x * x + y * y), Math.Atan2(y, x), importanceCount);
        }

        var continuous = new ContinuousScores(
            n > 0 ? functionalSum / n : null,
            SampleSd(n, functionalSum, functionalSquares),
            n > 0 ? dysfunctionalSum / n : null,
            SampleSd(n, dysfunctionalSum, dysfunctionalSquares));

        return new FeatureAnalysis
        {
            FeatureId = feature.FeatureId,
            Key = feature.Key,
            Name = feature.Name,
            N = n,
            Counts = countMap,
            Percentages = percentMap,
            Code = code,
            SecondaryCode = secondary,
            Dual = dual,
            Better = better,
            Worse = worse,
            BetterInterval = betterInterval,
            WorseInterval = worseInterval,
            CategoryProbabilities = probabilityMap,
            Settle = settle,
            CategoryStrength = categoryStrength,
            TotalStrength = totalStrength,
            Fong = fong,
            Continuous = continuous,
            Analytical = analytical,
            Importance = importance,
            Satisfaction = satisfaction,
            Refined = Refined(code, importance.Mean, surveyMeanImportance),
            Warnings = Warn(counts, n, classified, fong, code, code is { } reportedCode ? probabilityMap?[reportedCode] : null),
            Effort = feature.Effort,
        };
    }

    private static KanoCode Decide(ReadOnlySpan<long> counts, KanoCode top, KanoCode runnerUp, double categoryStrength, AnalysisOptions options)
    {
        switch (options.Rule)
        {
            case ClassificationRule.Mode:
                return top;

            case ClassificationRule.Hierarchy:
                // Sauerwein et al. 1996: when a requirement cannot be assigned unambiguously, "the evaluation rule
                // M > O > A > I is very useful"; here: category strength at or below the threshold (method §5),
                // and the enum order extends the rule to R > Q.
                return categoryStrength <= options.HierarchyThreshold && runnerUp < top && counts[(int)runnerUp] > 0
                    ? runnerUp
                    : top;

            case ClassificationRule.PositiveVsRest:
                // Berger et al. 1993: if o + a + m > i + r + q the largest of O, A, M, else the largest of I, R, Q.
                long positive = counts[(int)KanoCode.O] + counts[(int)KanoCode.A] + counts[(int)KanoCode.M];
                long rest = counts[(int)KanoCode.I] + counts[(int)KanoCode.R] + counts[(int)KanoCode.Q];
                return positive > rest
                    ? Largest(counts, KanoCode.M, KanoCode.A)
                    : Largest(counts, KanoCode.I, KanoCode.Q);

            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Rule, "unknown classification rule");
        }
    }

    /// <summary>The most frequent code in [from, to] (enum order); ties go to the earlier code: M &gt; O &gt; A &gt; I &gt; R &gt; Q.</summary>
    private static KanoCode Largest(ReadOnlySpan<long> counts, KanoCode from, KanoCode to)
    {
        var best = from;
        for (var c = (int)from + 1; c <= (int)to; c++)
        {
            if (counts[c] > counts[(int)best])
            {
                best = (KanoCode)c;
            }
        }

        return best;
    }

    /// <summary>The two most frequent of the first <paramref name="length"/> codes, ties broken M &gt; O &gt; A &gt; I &gt; R &gt; Q.</summary>
    private static (KanoCode First, KanoCode Second) TopTwo(ReadOnlySpan<long> counts, int length)
    {
        int first = 0, second = 1;
        if (counts[1] > counts[0])
        {
            (first, second) = (1, 0);
        }

        for (var c = 2; c < length; c++)
        {
            if (counts[c] > counts[first])
            {
                second = first;
                first = c;
            }
            else if (counts[c] > counts[second])
            {
                second = c;
            }
        }

        return ((KanoCode)first, (KanoCode)second);
    }

    private static FongTest Fong(ReadOnlySpan<long> counts, long n, long classified)
    {
        // Fong 1996: x, y the counts of the two most frequent of A, O, M, I, R (Q excluded), n including Q; the
        // difference is NOT significant when |x − y| < 1.65 · sqrt((x + y)(2n − x − y) / (2n)).
        // Not applicable when a + o + m + i < 12 (method §4).
        var (first, second) = TopTwo(counts, 5);
        long x = counts[(int)first], y = counts[(int)second];
        var critical = n > 0 ? 1.65 * Math.Sqrt((double)(x + y) * (2 * n - x - y) / (2.0 * n)) : 0;
        var difference = Math.Abs(x - y);
        var applicable = classified >= KanoWarnings.MinimumForSignificance;
        return new FongTest(applicable, difference, critical, applicable && difference >= critical)
        {
            First = first,
            Second = second,
        };
    }

    private static string? Refined(KanoCode? code, double? featureImportance, double? surveyImportance)
    {
        if (featureImportance is not double feature || surveyImportance is not double survey)
        {
            return null;
        }

        // Yang 2005, refined Kano model: each of M, O, A, I split by whether the feature's mean importance is above
        // the survey's mean importance.
        var high = feature > survey;
        return code switch
        {
            KanoCode.M => high ? "critical" : "necessary",
            KanoCode.O => high ? "high-value-added" : "low-value-added",
            KanoCode.A => high ? "highly-attractive" : "less-attractive",
            KanoCode.I => high ? "potential" : "care-free",
            _ => null,
        };
    }

    /// <summary>The warnings of method §6; "uncertain-category" only when <paramref name="codeProbability"/> was estimated.</summary>
    private static IReadOnlyList<KanoWarning> Warn(ReadOnlySpan<long> counts, long n, long classified, FongTest fong, KanoCode? code, double? codeProbability)
    {
        if (code is not { } decided)
        {
            return [KanoWarnings.NoAnswers()];
        }

        var warnings = new List<KanoWarning>(4);
        if (!fong.Applicable)
        {
            warnings.Add(KanoWarnings.SignificanceNotApplicable(classified));
        }

        if (n < KanoWarnings.StableSample)
        {
            warnings.Add(KanoWarnings.UnstableSample(n));
        }

        var questionable = Percent(counts[(int)KanoCode.Q], n);
        if (questionable > KanoWarnings.QuestionableShare)
        {
            warnings.Add(KanoWarnings.QuestionableAnswers(questionable));
        }

        double firstShare = Percent(counts[(int)fong.First], n), secondShare = Percent(counts[(int)fong.Second], n);
        if (counts[(int)fong.Second] > 0
            && Percent(counts[(int)fong.First] - counts[(int)fong.Second], n) <= KanoWarnings.NearEvenGap
            && Percent(counts[(int)fong.First] + counts[(int)fong.Second], n) >= KanoWarnings.NearEvenTogether)
        {
            warnings.Add(KanoWarnings.NearEvenSplit(fong.First, firstShare, fong.Second, secondShare));
        }

        // Compared as reported (3 decimals), so the warning and the number a client sees never disagree.
        if (codeProbability is { } probability && Math.Round(probability, 3, MidpointRounding.AwayFromZero) is var reportedProbability
            && reportedProbability < Uncertainty.CertainCategory)
        {
            warnings.Add(KanoWarnings.UncertainCategory(decided, reportedProbability));
        }

        return warnings;
    }

    private static double Percent(long count, long n) => n > 0 ? 100.0 * count / n : 0;

    private static MeanScore Mean(long count, double sum, double squares) =>
        new(count > 0 ? sum / count : null, SampleSd(count, sum, squares), count);

    /// <summary>
    /// Sample standard deviation (n − 1 denominator, the usual for survey reporting), null for fewer than two values.
    /// From sums: the inputs are small integers, so the sums are exact and the subtraction loses nothing material.
    /// </summary>
    internal static double? SampleSd(long count, double sum, double squares)
    {
        if (count < 2)
        {
            return null;
        }

        var variance = (squares - sum * sum / count) / (count - 1);
        return Math.Sqrt(Math.Max(0, variance));
    }
}
