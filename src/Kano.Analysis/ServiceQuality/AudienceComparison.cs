namespace Kano.Analysis.ServiceQuality;

/// <summary>
/// How two audiences of one survey see a feature: its customers, and its staff answering as they believe customers
/// would (gap 1 of the gap model, customer expectations against management's perception of them; Parasuraman,
/// Zeithaml &amp; Berry 1985; method §7b).
/// </summary>
/// <param name="FeatureId">The customer survey's feature id.</param>
/// <param name="Key">The feature's key, the same in both audiences.</param>
/// <param name="Name">The feature's name.</param>
/// <param name="Customers">The feature's analysis over customer answers.</param>
/// <param name="Staff">The feature's analysis over staff answers.</param>
/// <param name="Difference">
/// Staff against customers with the tests used between waves (<see cref="WaveComparison.Change"/>, "customers" → "staff"):
/// the chi-square test of the code distributions with Holm's correction across features, and Better and Worse as staff
/// minus customers with their pooled two-proportion z-tests (method §7a).
/// </param>
/// <param name="BetterPHolm">The Better test's p after Holm's correction across the features compared.</param>
/// <param name="WorsePHolm">The Worse test's p after Holm's correction across the features compared.</param>
/// <param name="Expectation">SERVQUAL's expectation (1-7) per audience, when either answered it; null otherwise.</param>
/// <param name="BlindSpot">The misjudgement this feature shows, if it is one of the two named ones.</param>
public sealed record FeatureAudiences(
    long FeatureId,
    string Key,
    string Name,
    FeatureAnalysis Customers,
    FeatureAnalysis Staff,
    WaveChange Difference,
    double? BetterPHolm,
    double? WorsePHolm,
    ExpectationMeans? Expectation,
    BlindSpot? BlindSpot);

/// <summary>The count and the sum of one audience's expectation answers (1-7) for one feature: what a mean needs.</summary>
public readonly record struct ExpectationSums(long N, long Sum)
{
    public double? Mean => N == 0 ? null : (double)Sum / N;
}

/// <summary>Mean expectation per audience; <see cref="Difference"/> is staff minus customers (negative: staff expect less than customers do).</summary>
public sealed record ExpectationMeans(double? Customers, long CustomersN, double? Staff, long StaffN)
{
    public double? Difference => Customers is { } customers && Staff is { } staff ? staff - customers : null;
}

/// <summary>The two misjudgements issue 21 names, costliest first.</summary>
public enum BlindSpotKind
{
    /// <summary>Customers hold a basic need (must-be) that staff think optional (attractive or indifferent): leaving it out disappoints.</summary>
    BasicThoughtOptional,

    /// <summary>Staff expect delight (attractive) where customers are indifferent: money spent for nothing.</summary>
    DelightCustomersIgnore,
}

/// <summary>
/// A named misjudgement. <see cref="Settled"/>: the two audiences' code distributions differ at the 5 % level after
/// Holm's correction, so the blind spot is more than sampling noise; an unsettled one is a lead, not a finding.
/// </summary>
public sealed record BlindSpot(BlindSpotKind Kind, bool Settled, Phrase Sentence)
{
    /// <summary>The wire name: "basic-thought-optional" or "delight-customers-ignore".</summary>
    public string Name => Kind == BlindSpotKind.BasicThoughtOptional ? "basic-thought-optional" : "delight-customers-ignore";
}

/// <summary>
/// Compares a survey's customers with its staff, feature by feature (issue 21, gap 1). The tests are the ones between
/// waves, reused, not restated: <see cref="WaveComparison.Compare"/> over the two audiences as two "waves", whose
/// chi-square p-values are Holm-corrected across features (Holm 1979); Better's and Worse's z-test p-values are
/// Holm-corrected across features here in the same way (<see cref="Uncertainty.Holm"/>).
/// </summary>
public static class AudienceComparison
{
    /// <summary>The names of the two audiences, as the comparison's "from" and "to".</summary>
    public const string Customers = "customers", Staff = "staff";

    /// <summary>The significance level at which a blind spot is called settled.</summary>
    public const double Level = 0.05;

    /// <summary>
    /// Compares the two analyses, which must list the same features in the same order (the staff audience's features
    /// mirror the survey's). <paramref name="expectations"/>: per feature id, each audience's expectation sums (absent
    /// when nobody answered the scale).
    /// </summary>
    public static IReadOnlyList<FeatureAudiences> Compare(
        SurveyAnalysis customers, SurveyAnalysis staff,
        IReadOnlyDictionary<long, (ExpectationSums Customers, ExpectationSums Staff)>? expectations = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(staff);
        var compared = WaveComparison.Compare([Customers, Staff], [customers, staff]);
        var betterHolm = Uncertainty.Holm(compared.Select(feature => feature.Changes[0].BetterP).ToArray());
        var worseHolm = Uncertainty.Holm(compared.Select(feature => feature.Changes[0].WorseP).ToArray());
        return compared
            .Select((feature, f) =>
            {
                var (ofCustomers, ofStaff, difference) = (feature.Waves[0], feature.Waves[1], feature.Changes[0]);
                ExpectationMeans? expectation = expectations is not null && expectations.TryGetValue(feature.FeatureId, out var sums) && sums.Customers.N + sums.Staff.N > 0
                    ? new ExpectationMeans(sums.Customers.Mean, sums.Customers.N, sums.Staff.Mean, sums.Staff.N)
                    : null;
                return new FeatureAudiences(
                    feature.FeatureId, feature.Key, feature.Name, ofCustomers, ofStaff, difference, betterHolm[f], worseHolm[f],
                    expectation, BlindSpotOf(feature.Name, ofCustomers, ofStaff, difference));
            })
            .ToArray();
    }

    /// <summary>The blind spots among <paramref name="features"/>: costliest kind first, then by the customers' |Worse| (the harm of leaving it out), largest first.</summary>
    public static IReadOnlyList<FeatureAudiences> BlindSpots(IEnumerable<FeatureAudiences> features) =>
        features.Where(feature => feature.BlindSpot is not null)
            .OrderBy(feature => feature.BlindSpot!.Kind)
            .ThenBy(feature => feature.Customers.Worse ?? 0)
            .ThenBy(feature => feature.FeatureId)
            .ToArray();

    /// <summary>
    /// Which named misjudgement the two decided codes show: customers must-be against staff attractive or indifferent
    /// (optional: its absence would not dissatisfy), or staff attractive against customers indifferent.
    /// </summary>
    public static BlindSpot? BlindSpotOf(string name, FeatureAnalysis customers, FeatureAnalysis staff, WaveChange difference)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(difference);
        var settled = difference.PHolm is < Level;
        return (customers.Code, staff.Code) switch
        {
            (KanoCode.M, KanoCode.A or KanoCode.I) => new BlindSpot(
                BlindSpotKind.BasicThoughtOptional, settled,
                new Phrase("Audience.BlindSpot.BasicThoughtOptional", name, new Phrase("Category." + KanoNames.Name(KanoNames.Category(staff.Code!.Value))))),
            (KanoCode.I, KanoCode.A) => new BlindSpot(
                BlindSpotKind.DelightCustomersIgnore, settled, new Phrase("Audience.BlindSpot.DelightCustomersIgnore", name)),
            _ => null,
        };
    }
}
