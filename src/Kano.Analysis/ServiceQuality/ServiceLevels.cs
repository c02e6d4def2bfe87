namespace Kano.Analysis.ServiceQuality;

/// <summary>The three service levels of the source articles (method §7b).</summary>
public enum ServiceLevel
{
    /// <summary>Only minimal needs met (dịch vụ cơ bản).</summary>
    Basic,

    /// <summary>Meets expectations (dịch vụ đáp ứng mong đợi).</summary>
    MeetsExpectations,

    /// <summary>Exceeds expectations with surprising extras (dịch vụ vượt mong đợi).</summary>
    ExceedsExpectations,
}

/// <summary>The six finer service levels of the source articles (method §7b), lowest first.</summary>
public enum FineServiceLevel
{
    /// <summary>Đáng thất vọng.</summary>
    Disappointing,

    /// <summary>Chỉ dừng ở mức cơ bản.</summary>
    BasicOnly,

    /// <summary>Đúng như mong đợi.</summary>
    AsExpected,

    /// <summary>Đáng mong ước.</summary>
    Desirable,

    /// <summary>Mang đến sự ngạc nhiên.</summary>
    Surprising,

    /// <summary>Tốt một cách đáng kinh ngạc.</summary>
    Astonishing,
}

/// <summary>
/// Where a service (or one dimension of it) stands: on the three levels and on the six, each null when the answers
/// are not enough to say, with the reason in words.
/// </summary>
public sealed record ServiceLevelVerdict(ServiceLevel? Level, FineServiceLevel? FineLevel, Phrase Why)
{
    public string Rationale(Language language) => Why.In(language);
}

/// <summary>
/// Places a service on the levels from its features' Kano categories and gap-5 intervals. No paper gives a data rule
/// for these levels (method §7b): the rule below is the project's own, built from the published ingredients — Kano's
/// categories (a must-be shortfall dissatisfies, an attractive surplus delights) and SERVQUAL's gap with its paired t
/// interval.
/// <para>
/// A feature counts when its category is basic, expected or delighter and it has a gap interval (two or more pairs).
/// Its gap is <b>below</b> expectation when the whole 95 % interval is below 0; <b>not below</b> when the interval's
/// low end is at or above −<see cref="Tolerance"/> (within half a point of the 7-point scale, or above); <b>above</b>
/// when the low end is above 0; otherwise it is <b>unsure</b>: the answers cannot tell a shortfall from a gap within the tolerance.
/// </para>
/// <code>
/// three levels                                         six levels
/// a basic or expected feature below      → basic       a basic feature below              → disappointing
///                                                      (else) an expected feature below   → basic only
/// (else) one unsure                      → not enough answers to say, for the level that depends on it
/// (else) a delighter above               → exceeds     a delighter above and every basic and expected feature above → astonishing
///                                                      a delighter above                  → surprising
///                                                      an expected feature above          → desirable
/// (else)                                 → meets       (else)                             → as expected
/// no basic or expected feature with an interval → not enough answers to say
/// </code>
/// The three-level "basic" covers a disappointing service too: the three-level scale has no rung below it.
/// </summary>
public static class ServiceLevels
{
    /// <summary>How far below 0 a gap's interval may reach and still count as meeting expectation: half a point of the 7-point scale.</summary>
    public const double Tolerance = 0.5;

    private enum Standing
    {
        Below,
        Unsure,
        NotBelow,
    }

    /// <summary>The wire name of a level: "basic", "meets-expectations" or "exceeds-expectations".</summary>
    public static string Name(ServiceLevel level) => level switch
    {
        ServiceLevel.Basic => "basic",
        ServiceLevel.MeetsExpectations => "meets-expectations",
        _ => "exceeds-expectations",
    };

    /// <summary>The wire name of a fine level: "disappointing", "basic-only", "as-expected", "desirable", "surprising" or "astonishing".</summary>
    public static string Name(FineServiceLevel level) => FineNames[(int)level];

    private static readonly string[] FineNames = ["disappointing", "basic-only", "as-expected", "desirable", "surprising", "astonishing"];

    /// <summary>The level's label in a language (KanoTexts "Level.&lt;name&gt;").</summary>
    public static string Label(ServiceLevel level, Language language) => KanoTexts.Get("Level." + Name(level), language);

    /// <summary>The fine level's label in a language (KanoTexts "Level.&lt;name&gt;").</summary>
    public static string Label(FineServiceLevel level, Language language) => KanoTexts.Get("Level." + Name(level), language);

    /// <summary>Places the service made of <paramref name="features"/> (a whole survey's, or one dimension's) on the levels.</summary>
    public static ServiceLevelVerdict Place(IEnumerable<FeatureGap> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var counted = features.Where(f => f.Gap.Interval is not null && f.Feature.Category is KanoCategory.Basic or KanoCategory.Expected or KanoCategory.Delighter).ToArray();
        var core = counted.Where(f => f.Feature.Category is KanoCategory.Basic or KanoCategory.Expected).ToArray();
        if (core.Length == 0)
        {
            return new ServiceLevelVerdict(null, null, new Phrase("Level.Why.no-data"));
        }

        FeatureGap[] Of(KanoCategory category, Standing standing) =>
            [.. core.Where(f => f.Feature.Category == category && StandingOf(f.Gap) == standing)];
        var basicBelow = Of(KanoCategory.Basic, Standing.Below);
        var basicUnsure = Of(KanoCategory.Basic, Standing.Unsure);
        var expectedBelow = Of(KanoCategory.Expected, Standing.Below);
        var expectedUnsure = Of(KanoCategory.Expected, Standing.Unsure);
        var delightersAbove = counted.Where(f => f.Feature.Category == KanoCategory.Delighter && f.Gap.Above).ToArray();

        if (basicBelow.Length + expectedBelow.Length > 0)
        {
            FineServiceLevel? fine = basicBelow.Length > 0 ? FineServiceLevel.Disappointing
                : basicUnsure.Length > 0 ? null
                : FineServiceLevel.BasicOnly;
            return new ServiceLevelVerdict(ServiceLevel.Basic, fine, new Phrase("Level.Why.below", Quotes([.. basicBelow, .. expectedBelow])));
        }

        if (basicUnsure.Length + expectedUnsure.Length > 0)
        {
            return new ServiceLevelVerdict(null, null, new Phrase("Level.Why.unsure", Quotes([.. basicUnsure, .. expectedUnsure]), Tolerance));
        }

        if (delightersAbove.Length > 0)
        {
            var fine = core.All(f => f.Gap.Above) ? FineServiceLevel.Astonishing : FineServiceLevel.Surprising;
            return new ServiceLevelVerdict(ServiceLevel.ExceedsExpectations, fine, new Phrase("Level.Why.exceeds", Tolerance, Quotes(delightersAbove)));
        }

        var expectedAbove = core.Where(f => f.Feature.Category == KanoCategory.Expected && f.Gap.Above).ToArray();
        return expectedAbove.Length > 0
            ? new ServiceLevelVerdict(ServiceLevel.MeetsExpectations, FineServiceLevel.Desirable, new Phrase("Level.Why.desirable", Tolerance, Quotes(expectedAbove)))
            : new ServiceLevelVerdict(ServiceLevel.MeetsExpectations, FineServiceLevel.AsExpected, new Phrase("Level.Why.meets", Tolerance));
    }

    private static Standing StandingOf(ItemGap gap) =>
        gap.Below ? Standing.Below
        : gap.Interval is { } ci && ci.Low >= -Tolerance ? Standing.NotBelow
        : Standing.Unsure;

    /// <summary>"Check-in speed (basic): gap -1.20, 95 % CI -1.60 to -0.80" for each feature, in the order given.</summary>
    /// <remarks>A list, not an array: an array would be taken for the phrase's whole value list.</remarks>
    private static List<Phrase> Quotes(IEnumerable<FeatureGap> features) =>
        [.. features.Select(f => new Phrase(
            "Level.Quote", f.Feature.Name, new Phrase("Category." + KanoNames.Name(f.Feature.Category!.Value)), f.Gap.Gap, f.Gap.Interval!.Value.Low, f.Gap.Interval!.Value.High))];
}
