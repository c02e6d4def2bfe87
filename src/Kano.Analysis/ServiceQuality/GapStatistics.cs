using MathNet.Numerics.Distributions;

namespace Kano.Analysis.ServiceQuality;

/// <summary>
/// The sufficient statistics of paired expectation/perception answers (SERVQUAL's 7-point scales): how many pairs,
/// and the sums of E, P, d = P − E and d². Every figure of <see cref="ItemGap"/> follows from them, so a host may sum
/// them in SQL or pair by pair (<see cref="Add"/>).
/// </summary>
public readonly record struct PairedSums(long N, double SumExpectation, double SumPerception, double SumDifference, double SumDifferenceSquares)
{
    /// <summary>These sums with one more respondent's pair.</summary>
    public PairedSums Add(int expectation, int perception)
    {
        GapStatistics.CheckScale(expectation, nameof(expectation));
        GapStatistics.CheckScale(perception, nameof(perception));
        double difference = perception - expectation;
        return new PairedSums(N + 1, SumExpectation + expectation, SumPerception + perception, SumDifference + difference, SumDifferenceSquares + difference * difference);
    }
}

/// <summary>
/// Gap 5 of one feature (SERVQUAL item): the respondents' mean expectation and perception, and the mean of each
/// respondent's own difference P − E with its 95 % paired t interval.
/// </summary>
/// <param name="N">Respondents who gave both expectation and perception.</param>
/// <param name="MeanExpectation">Mean E; null when N = 0.</param>
/// <param name="MeanPerception">Mean P; null when N = 0.</param>
/// <param name="Gap">Mean of P − E (negative: below expectation); null when N = 0.</param>
/// <param name="Sd">Sample standard deviation of P − E; null when N &lt; 2.</param>
/// <param name="Interval">Gap ± t(0.975, N − 1)·Sd/√N; null when N &lt; 2 (no interval can be computed from one answer).</param>
public sealed record ItemGap(long N, double? MeanExpectation, double? MeanPerception, double? Gap, double? Sd, Interval? Interval)
{
    /// <summary>The interval lies wholly below 0: the service is below expectation beyond sampling doubt.</summary>
    public bool Below => Interval is { } ci && ci.High < 0;

    /// <summary>The interval lies wholly above 0: the service exceeds expectation beyond sampling doubt.</summary>
    public bool Above => Interval is { } ci && ci.Low > 0;
}

/// <summary>
/// A mean over respondents of one value each (e.g. each respondent's mean gap over a dimension's items): how many,
/// their sum and the sum of squares. The spread of a dimension's or the whole service's gap is taken from it.
/// </summary>
public readonly record struct RespondentSums(long N, double Sum, double SumSquares)
{
    public RespondentSums Add(double value) => new(N + 1, Sum + value, SumSquares + value * value);
}

/// <summary>
/// Paired-difference statistics of SERVQUAL's gap scores (Parasuraman, Zeithaml &amp; Berry 1988; method §7b).
/// The interval of a mean gap is the paired t interval over the respondents' own differences, never the difference of
/// two independent means: the same respondent answers E and P, so their errors are correlated.
/// </summary>
public static class GapStatistics
{
    /// <summary>The lowest and highest point of SERVQUAL's scales (1 = strongly disagree … 7 = strongly agree).</summary>
    public const int ScaleLow = 1, ScaleHigh = 7;

    /// <summary>
    /// t(0.975, df), the two-sided 95 % quantile of Student's t with <paramref name="df"/> degrees of freedom,
    /// from Math.NET Numerics (<c>StudentT.InvCDF</c>). df = 1 gives 12.7062, df = 4 gives 2.7764.
    /// </summary>
    public static double T975(long df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        return StudentT.InvCDF(0, 1, df, 0.975);
    }

    /// <summary>The gap statistics of one feature from its paired sums.</summary>
    public static ItemGap Item(PairedSums sums)
    {
        if (sums.N <= 0)
        {
            return new ItemGap(0, null, null, null, null, null);
        }

        double n = sums.N;
        var gap = sums.SumDifference / n;
        var (sd, interval) = Spread(sums.N, gap, sums.SumDifference, sums.SumDifferenceSquares, gap);
        return new ItemGap(sums.N, sums.SumExpectation / n, sums.SumPerception / n, gap, sd, interval);
    }

    /// <summary>
    /// The sample standard deviation of values with these sums, and the 95 % t interval of half-width
    /// t(0.975, n − 1)·sd/√n around <paramref name="centre"/>; both null when n &lt; 2.
    /// </summary>
    public static (double? Sd, Interval? Interval) Spread(long n, double mean, double sum, double sumSquares, double centre)
    {
        if (n < 2)
        {
            return (null, null);
        }

        // Σ(x − x̄)² = Σx² − x̄·Σx; clamped at 0 where floating point leaves a hair below it for equal values.
        var variance = Math.Max(0, (sumSquares - mean * sum) / (n - 1));
        var sd = Math.Sqrt(variance);
        var half = T975(n - 1) * sd / Math.Sqrt(n);
        return (sd, new Interval(centre - half, centre + half));
    }

    internal static void CheckScale(int value, string name)
    {
        if (value is < ScaleLow or > ScaleHigh)
        {
            throw new ArgumentOutOfRangeException(name, value, "SERVQUAL's expectation and perception are on a 1-7 scale");
        }
    }
}
