namespace Kano.Analysis;

/// <summary>One feature followed through the waves: its analysis in each wave and what changed between them.</summary>
public sealed record FeatureWaves(long FeatureId, string Key, string Name, IReadOnlyList<FeatureAnalysis> Waves, IReadOnlyList<WaveChange> Changes);

/// <summary>
/// What changed for one feature from one wave to another (method §7a).
/// </summary>
/// <param name="From">The earlier wave.</param>
/// <param name="To">The later wave.</param>
/// <param name="ChiSquare">Pearson's test of homogeneity on the 2 × k table of A/O/M/I/R/Q counts; null when a wave has no answers.</param>
/// <param name="PHolm">The chi-square p-value after Holm's correction across the features of this pair of waves.</param>
/// <param name="BetterChange">Better in the later wave minus Better in the earlier one.</param>
/// <param name="BetterP">Two-sided pooled two-proportion z-test of (a + o)/(a + o + m + i) between the waves.</param>
/// <param name="WorseChange">Worse in the later wave minus Worse in the earlier one (negative: more would be dissatisfied).</param>
/// <param name="WorseP">The same test of (o + m)/(a + o + m + i).</param>
/// <param name="Movement">"A→O" when the decided code changed; null when it did not or a wave has no answers.</param>
/// <param name="LifeCycle">True when the movement runs along Kano's life cycle of quality: A→O, O→M, A→M or I→A.</param>
/// <param name="Warnings">"approximate-chi-square" when an expected count is below 5.</param>
public sealed record WaveChange(
    string From,
    string To,
    ChiSquareTest? ChiSquare,
    double? PHolm,
    double? BetterChange,
    double? BetterP,
    double? WorseChange,
    double? WorseP,
    string? Movement,
    bool LifeCycle,
    IReadOnlyList<KanoWarning> Warnings);

/// <summary>
/// Compares the analyses of one survey's waves: for each consecutive pair of waves, and from the first to the last,
/// the chi-square test of the code distributions, the changes of Better and Worse with their z-tests, the movement
/// of the decided code and whether it follows the life cycle of quality (Kano 2001; Löfgren &amp; Witell 2005).
/// </summary>
public static class WaveComparison
{
    /// <summary>The movements along the life cycle of quality: attractive → one-dimensional → must-be, and indifferent → attractive.</summary>
    public static readonly IReadOnlySet<(KanoCode From, KanoCode To)> LifeCycleMovements = new HashSet<(KanoCode, KanoCode)>
    {
        (KanoCode.A, KanoCode.O), (KanoCode.O, KanoCode.M), (KanoCode.A, KanoCode.M), (KanoCode.I, KanoCode.A),
    };

    /// <summary>
    /// The pairs compared, as indexes into the waves: each consecutive pair, then first → last when there are three or
    /// more waves (with two it is the consecutive pair already).
    /// </summary>
    public static IReadOnlyList<(int From, int To)> Pairs(int waves)
    {
        var pairs = new List<(int, int)>();
        for (var w = 0; w + 1 < waves; w++)
        {
            pairs.Add((w, w + 1));
        }

        if (waves >= 3)
        {
            pairs.Add((0, waves - 1));
        }

        return pairs;
    }

    /// <summary>
    /// Compares <paramref name="analyses"/>, one per wave in the order of <paramref name="waves"/>; every analysis must
    /// list the same features in the same order (as <see cref="KanoAnalyzer.Analyze"/> does for the same inputs).
    /// </summary>
    public static IReadOnlyList<FeatureWaves> Compare(IReadOnlyList<string> waves, IReadOnlyList<SurveyAnalysis> analyses)
    {
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(analyses);
        if (waves.Count != analyses.Count)
        {
            throw new ArgumentException("one analysis per wave", nameof(analyses));
        }

        var featureCount = analyses.Count == 0 ? 0 : analyses[0].Features.Count;
        if (analyses.Any(analysis => analysis.Features.Count != featureCount))
        {
            throw new ArgumentException("every wave's analysis must list the same features", nameof(analyses));
        }

        var pairs = Pairs(waves.Count);
        // changes[pair][feature], so that Holm can run across the features of each pair.
        var changes = new WaveChange[pairs.Count][];
        for (var p = 0; p < pairs.Count; p++)
        {
            var (from, to) = pairs[p];
            var row = new WaveChange[featureCount];
            for (var f = 0; f < featureCount; f++)
            {
                row[f] = Change(waves[from], waves[to], analyses[from].Features[f], analyses[to].Features[f]);
            }

            var adjusted = Uncertainty.Holm(row.Select(change => change.ChiSquare?.P).ToArray());
            for (var f = 0; f < featureCount; f++)
            {
                row[f] = row[f] with { PHolm = adjusted[f] };
            }

            changes[p] = row;
        }

        var result = new FeatureWaves[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            var first = analyses[0].Features[f];
            if (analyses.Any(analysis => analysis.Features[f].FeatureId != first.FeatureId))
            {
                throw new ArgumentException("every wave's analysis must list the same features in the same order", nameof(analyses));
            }

            result[f] = new FeatureWaves(
                first.FeatureId, first.Key, first.Name,
                analyses.Select(analysis => analysis.Features[f]).ToArray(),
                changes.Select(row => row[f]).ToArray());
        }

        return result;
    }

    /// <summary>What changed for one feature between two waves (Holm's adjustment is added by <see cref="Compare"/>).</summary>
    public static WaveChange Change(string fromWave, string toWave, FeatureAnalysis from, FeatureAnalysis to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        Span<long> before = stackalloc long[6], after = stackalloc long[6];
        foreach (var code in KanoAnalyzer.ReportOrder)
        {
            before[(int)code] = from.Counts[code];
            after[(int)code] = to.Counts[code];
        }

        var chiSquare = Uncertainty.ChiSquareHomogeneity(before, after);
        long Satisfied(ReadOnlySpan<long> c) => c[(int)KanoCode.A] + c[(int)KanoCode.O];
        long Dissatisfied(ReadOnlySpan<long> c) => c[(int)KanoCode.O] + c[(int)KanoCode.M];
        long Classified(ReadOnlySpan<long> c) => c[(int)KanoCode.A] + c[(int)KanoCode.O] + c[(int)KanoCode.M] + c[(int)KanoCode.I];

        string? movement = null;
        var lifeCycle = false;
        if (from.Code is { } fromCode && to.Code is { } toCode && fromCode != toCode)
        {
            movement = $"{fromCode}→{toCode}";
            lifeCycle = LifeCycleMovements.Contains((fromCode, toCode));
        }

        return new WaveChange(
            fromWave,
            toWave,
            chiSquare,
            null,
            to.Better - from.Better,
            Uncertainty.TwoProportionP(Satisfied(before), Classified(before), Satisfied(after), Classified(after)),
            to.Worse - from.Worse is { } worseChange ? (worseChange == 0 ? 0 : worseChange) : null,
            Uncertainty.TwoProportionP(Dissatisfied(before), Classified(before), Dissatisfied(after), Classified(after)),
            movement,
            lifeCycle,
            chiSquare is { Approximate: true } ? [KanoWarnings.ApproximateChiSquare(chiSquare.SmallestExpected)] : []);
    }
}
