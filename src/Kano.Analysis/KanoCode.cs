namespace Kano.Analysis;

/// <summary>
/// The six Kano evaluation codes (method §2). The declaration order is the tie-break order of method §5:
/// M &gt; O &gt; A &gt; I &gt; R &gt; Q, so a lower value wins a tie.
/// </summary>
public enum KanoCode
{
    /// <summary>Must-be.</summary>
    M,
    /// <summary>One-dimensional (performance).</summary>
    O,
    /// <summary>Attractive.</summary>
    A,
    /// <summary>Indifferent.</summary>
    I,
    /// <summary>Reverse.</summary>
    R,
    /// <summary>Questionable.</summary>
    Q,
}

/// <summary>KanoApi's names for the six codes (method §3), in the same order as <see cref="KanoCode"/>.</summary>
public enum KanoCategory
{
    Basic,
    Expected,
    Delighter,
    Indifferent,
    Reverse,
    Questionable,
}

/// <summary>The three published rules for deciding a feature's category (method §5).</summary>
public enum ClassificationRule
{
    /// <summary>The most frequent of the six codes.</summary>
    Mode,
    /// <summary>The mode, unless category strength is at or below a threshold: then M &gt; O &gt; A &gt; I between the top two (Sauerwein et al. 1996).</summary>
    Hierarchy,
    /// <summary>o + a + m &gt; i + r + q decides between the largest of O, A, M and the largest of I, R, Q (Berger et al. 1993).</summary>
    PositiveVsRest,
}
