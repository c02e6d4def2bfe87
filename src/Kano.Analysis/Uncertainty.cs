namespace Kano.Analysis;

/// <summary>A two-sided interval; <see cref="Low"/> ≤ <see cref="High"/>.</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => Low <= value && value <= High;
}

/// <summary>How many respondents Fong's test needs to tell the two most frequent codes apart, and how many more that is.</summary>
/// <param name="Respondents">The smallest n at which the shares seen now would be significantly different.</param>
/// <param name="More">Respondents still to collect: 0 when already significant.</param>
public sealed record Settle(long Respondents, long More);

/// <summary>
/// How sure a result is (method §7a): the formulas are in README.md, with their sources. Pure functions of counts.
/// </summary>
public static class Uncertainty
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959964;

    /// <summary>Fong's (1996) one-sided 95 % factor, which the settle rule inherits.</summary>
    public const double FongFactor = 1.65;

    /// <summary>Monte Carlo draws of the Dirichlet posterior per feature.</summary>
    public const int Draws = 20_000;

    /// <summary>Below this probability of the reported code a category is called uncertain.</summary>
    public const double CertainCategory = 0.8;

    /// <summary>
    /// The Wilson score interval (Wilson 1927) of the proportion <paramref name="successes"/> / <paramref name="trials"/>:
    /// centre (p + z²/2n) / (1 + z²/n), half-width z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n). Null when n = 0.
    /// </summary>
    public static Interval? Wilson(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // The exact interval has bound 0 at k = 0 and 1 at k = n; clamp the last ulp floating point may add.
        return new Interval(successes == 0 ? 0 : Math.Max(0, centre - half), successes == trials ? 1 : Math.Min(1, centre + half));
    }

    /// <summary>
    /// Fong's test (Fong 1996) separates the shares pa = first / n and pb = second / n once
    /// n ≥ 1.65² (pa + pb)(2 − pa − pb) / (2 (pa − pb)²): substitute x = pa·n, y = pb·n into |x − y| ≥ 1.65·sqrt((x + y)(2n − x − y)/(2n)).
    /// Null when pa = pb (no n separates equal shares).
    /// </summary>
    public static Settle? ToSettle(long first, long second, long n)
    {
        if (n <= 0 || first == second)
        {
            return null;
        }

        double pa = (double)first / n, pb = (double)second / n;
        var required = FongFactor * FongFactor * (pa + pb) * (2 - pa - pb) / (2 * (pa - pb) * (pa - pb));
        // Rounded up; a hair of floating-point error must not ask for one more respondent than the exact bound.
        var respondents = (long)Math.Ceiling(required - 1e-9);
        return new Settle(respondents, Math.Max(0, respondents - n));
    }

    /// <summary>
    /// The probability that each of the six codes has the largest share, under the posterior Dirichlet(counts + 1)
    /// of a multinomial with a uniform prior, estimated from <see cref="Draws"/> draws of independent
    /// Gamma(count + 1, 1) variables (Marsaglia &amp; Tsang 2000), normalisation being unnecessary for the argmax.
    /// Seeded from the counts themselves (see <see cref="SeedOf"/>), so the same counts always give the same numbers.
    /// Codes that cannot win but with a negligible probability are left out of the draws (see <see cref="TailExponent"/>).
    /// Indexed by <see cref="KanoCode"/>; the six values sum to 1.
    /// </summary>
    public static double[] CategoryProbabilities(ReadOnlySpan<long> counts, int draws = Draws)
    {
        if (counts.Length != 6)
        {
            throw new ArgumentException("six counts, indexed by KanoCode", nameof(counts));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        foreach (var count in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(counts));
        }

        var key = (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], draws);
        if (Remembered.TryGetValue(key, out var known))
        {
            return (double[])known.Clone();
        }

        var probabilities = Sample(counts, draws);
        Estimates.Add(1);
        if (Remembered.Count >= RememberedLimit)
        {
            Remembered.Clear();
        }

        Remembered[key] = probabilities;
        return (double[])probabilities.Clone();
    }

    /// <summary>The name of this library's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Kano.Analysis";

    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);

    /// <summary>
    /// Monte Carlo estimates run (<see cref="CategoryProbabilities"/> for counts not remembered from before): the one
    /// costly step of an analysis, counted so a host can watch it (and tests can see it is skipped where not needed).
    /// </summary>
    public static readonly System.Diagnostics.Metrics.Counter<long> Estimates = Meter.CreateCounter<long>(
        "kano.analysis.category_probability.estimates", "{estimate}", "Monte Carlo estimates of category probabilities run (remembered ones not counted)");

    // The estimate is a pure function of the counts, so it is remembered: features whose counts did not change since
    // the last analysis (another language, another representation, an unrelated write) cost nothing the second time.
    private const int RememberedLimit = 100_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long, long, long, long, long, int), double[]> Remembered = new();

    /// <summary>
    /// A code whose Gamma draw cannot exceed another code's except with probability below e^−30 is never drawn:
    /// for Gamma(α, 1), P(G ≥ α + sqrt(2αu) + u) ≤ e^−u and P(G ≤ α − sqrt(2αu)) ≤ e^−u (the sub-gamma tail bounds,
    /// Boucheron, Lugosi &amp; Massart 2013, §2.4), so leaving it out changes any of the draws' winners with
    /// probability below draws · 6 · e^−30 (1.1e−8 at 20,000 draws). When one code remains its probability is 1.
    /// </summary>
    private const double TailExponent = 30;

    private static double[] Sample(ReadOnlySpan<long> counts, int draws)
    {
        Span<double> d = stackalloc double[6], c = stackalloc double[6];
        Span<int> contenders = stackalloc int[6];
        var highestLower = 0.0;
        for (var k = 0; k < 6; k++)
        {
            double alpha = counts[k] + 1;
            highestLower = Math.Max(highestLower, alpha - Math.Sqrt(2 * alpha * TailExponent));
        }

        var contenderCount = 0;
        for (var k = 0; k < 6; k++)
        {
            double alpha = counts[k] + 1;
            if (alpha + Math.Sqrt(2 * alpha * TailExponent) + TailExponent >= highestLower)
            {
                contenders[contenderCount++] = k;
                // Marsaglia & Tsang 2000 for shape α = count + 1 ≥ 1: d = α − 1/3, c = 1/sqrt(9d).
                d[k] = alpha - 1.0 / 3;
                c[k] = 1 / Math.Sqrt(9 * d[k]);
            }
        }

        var probabilities = new double[6];
        if (contenderCount == 1)
        {
            probabilities[contenders[0]] = 1;
            return probabilities;
        }

        var random = new Xoshiro256(SeedOf(counts));
        Span<long> wins = stackalloc long[6];
        for (var draw = 0; draw < draws; draw++)
        {
            int best = 0;
            double bestValue = -1;
            for (var j = 0; j < contenderCount; j++)
            {
                var k = contenders[j];
                var value = random.Gamma(d[k], c[k]);
                if (value > bestValue)
                {
                    (best, bestValue) = (k, value);
                }
            }

            wins[best]++;
        }

        for (var k = 0; k < 6; k++)
        {
            probabilities[k] = (double)wins[k] / draws;
        }

        return probabilities;
    }

    /// <summary>
    /// The seed rule: FNV-1a (64-bit) over the six counts in <see cref="KanoCode"/> order, each as 8 little-endian bytes.
    /// The counts are the only input, so a result never depends on when, where or in which order it is computed.
    /// </summary>
    public static ulong SeedOf(ReadOnlySpan<long> counts)
    {
        var hash = 14695981039346656037UL;
        foreach (var count in counts)
        {
            var value = (ulong)count;
            for (var b = 0; b < 8; b++)
            {
                hash ^= (value >> (8 * b)) & 0xFF;
                hash *= 1099511628211UL;
            }
        }

        return hash;
    }

    /// <summary>
    /// Pearson's chi-square test of homogeneity on a 2 × k table (two samples over the same categories). Categories
    /// with a zero total in both rows are left out; df = k − 1 over the rest. Null when either row is empty or fewer
    /// than two categories remain (nothing to compare).
    /// </summary>
    public static ChiSquareTest? ChiSquareHomogeneity(ReadOnlySpan<long> first, ReadOnlySpan<long> second)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException("both rows need the same categories", nameof(second));
        }

        long rowFirst = 0, rowSecond = 0;
        var columns = 0;
        for (var k = 0; k < first.Length; k++)
        {
            rowFirst += first[k];
            rowSecond += second[k];
            if (first[k] + second[k] > 0)
            {
                columns++;
            }
        }

        if (rowFirst == 0 || rowSecond == 0 || columns < 2)
        {
            return null;
        }

        double total = rowFirst + rowSecond, statistic = 0, smallestExpected = double.MaxValue;
        for (var k = 0; k < first.Length; k++)
        {
            var column = first[k] + second[k];
            if (column == 0)
            {
                continue;
            }

            // Expected count = row total × column total / grand total.
            double expectedFirst = rowFirst * column / total, expectedSecond = rowSecond * column / total;
            statistic += (first[k] - expectedFirst) * (first[k] - expectedFirst) / expectedFirst
                + (second[k] - expectedSecond) * (second[k] - expectedSecond) / expectedSecond;
            smallestExpected = Math.Min(smallestExpected, Math.Min(expectedFirst, expectedSecond));
        }

        var df = columns - 1;
        return new ChiSquareTest(statistic, df, ChiSquareUpperTail(statistic, df), smallestExpected);
    }

    /// <summary>P(X ≥ x) for X chi-square with <paramref name="df"/> degrees of freedom: Q(df/2, x/2), the regularised upper incomplete gamma.</summary>
    public static double ChiSquareUpperTail(double x, int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        return x <= 0 ? 1 : RegularizedUpperGamma(df / 2.0, x / 2);
    }

    /// <summary>
    /// Two-sided two-proportion z-test with the pooled proportion: p = (k1 + k2)/(n1 + n2),
    /// z = (k2/n2 − k1/n1) / sqrt(p(1 − p)(1/n1 + 1/n2)), p-value = 2·(1 − Φ(|z|)) = erfc(|z|/√2).
    /// Null when either sample is empty; 1 when the pooled proportion is 0 or 1 (both samples agree entirely).
    /// </summary>
    public static double? TwoProportionP(long successes1, long trials1, long successes2, long trials2)
    {
        if (trials1 <= 0 || trials2 <= 0)
        {
            return null;
        }

        var pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        var variance = pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2);
        if (variance <= 0)
        {
            return 1;
        }

        var z = ((double)successes2 / trials2 - (double)successes1 / trials1) / Math.Sqrt(variance);
        return NormalTwoSidedP(z);
    }

    /// <summary>2·(1 − Φ(|z|)) = erfc(|z|/√2) = Q(1/2, z²/2).</summary>
    public static double NormalTwoSidedP(double z) => z == 0 ? 1 : RegularizedUpperGamma(0.5, z * z / 2);

    /// <summary>
    /// Holm's (1979) step-down adjustment: sort the m p-values ascending; the i-th (1-based) becomes
    /// max over j ≤ i of min(1, (m − j + 1)·p(j)). Nulls stay null and do not count in m. Same order as given.
    /// </summary>
    public static double?[] Holm(IReadOnlyList<double?> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = Enumerable.Range(0, pValues.Count).Where(k => pValues[k] is not null).OrderBy(k => pValues[k]!.Value).ToArray();
        var adjusted = new double?[pValues.Count];
        var m = order.Length;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]!.Value));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x)/Γ(a), the regularised upper incomplete gamma: by its series when x &lt; a + 1, otherwise by
    /// its continued fraction in Lentz's form (Press et al., Numerical Recipes, §6.2), to a relative 1e-15.
    /// </summary>
    public static double RegularizedUpperGamma(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        var logPrefix = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            // P(a, x) = e^−x x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
            double term = 1 / a, sum = term, ap = a;
            for (var n = 0; n < 10_000; n++)
            {
                ap++;
                term *= x / ap;
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
                {
                    break;
                }
            }

            return Math.Max(0, 1 - sum * Math.Exp(logPrefix));
        }

        // Q(a, x) = e^−x x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))).
        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Min(1, Math.Exp(logPrefix) * h);
    }

    /// <summary>ln Γ(x) for x &gt; 0: Lanczos' approximation (g = 7, 9 coefficients), relative error below 1e-15.</summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var k = 1; k < LanczosCoefficients.Length; k++)
        {
            sum += LanczosCoefficients[k] / (x + k);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>
    /// xoshiro256** (Blackman &amp; Vigna 2018), seeded by SplitMix64: a small generator written out here so that the
    /// stream of numbers, and so every reported probability, is the same on every .NET version and machine.
    /// </summary>
    private struct Xoshiro256
    {
        private ulong s0, s1, s2, s3;
        private double spareNormal;
        private bool hasSpare;

        public Xoshiro256(ulong seed)
        {
            s0 = SplitMix(ref seed);
            s1 = SplitMix(ref seed);
            s2 = SplitMix(ref seed);
            s3 = SplitMix(ref seed);
            spareNormal = 0;
            hasSpare = false;
        }

        private static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private ulong Next()
        {
            var result = ulong.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            return result;
        }

        /// <summary>Uniform on (0, 1): 53 random bits, never exactly 0.</summary>
        private double Uniform() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

        /// <summary>Standard normal by Marsaglia's polar method, the second value of each pair kept for the next call.</summary>
        private double Normal()
        {
            if (hasSpare)
            {
                hasSpare = false;
                return spareNormal;
            }

            double u, v, s;
            do
            {
                u = 2 * Uniform() - 1;
                v = 2 * Uniform() - 1;
                s = u * u + v * v;
            }
            while (s >= 1);

            var factor = Math.Sqrt(-2 * Math.Log(s) / s);
            spareNormal = v * factor;
            hasSpare = true;
            return u * factor;
        }

        /// <summary>
        /// Gamma(α, 1) for α ≥ 1 by Marsaglia &amp; Tsang (2000): x normal, v = (1 + c·x)³; accept d·v when
        /// u &lt; 1 − 0.0331 x⁴ (the squeeze) or ln u &lt; x²/2 + d(1 − v + ln v).
        /// </summary>
        public double Gamma(double d, double c)
        {
            while (true)
            {
                double x, v;
                do
                {
                    x = Normal();
                    v = 1 + c * x;
                }
                while (v <= 0);

                v = v * v * v;
                var u = Uniform();
                var x2 = x * x;
                if (u < 1 - 0.0331 * x2 * x2 || Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v)))
                {
                    return d * v;
                }
            }
        }
    }
}

/// <summary>Pearson's chi-square test of homogeneity: statistic, degrees of freedom, p-value and the smallest expected count.</summary>
public sealed record ChiSquareTest(double Statistic, int Df, double P, double SmallestExpected)
{
    /// <summary>Cochran's rule: the chi-square approximation is doubtful when an expected count is below 5.</summary>
    public const double MinimumExpected = 5;

    public bool Approximate => SmallestExpected < MinimumExpected;
}
