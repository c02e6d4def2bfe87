namespace Kano.Analysis.ServiceQuality;

/// <summary>
/// A feature's improvement ratio and its Kano adjustment (Tan &amp; Shen 2000).
/// </summary>
/// <param name="Target">The level to reach: the respondents' mean expectation (1-7).</param>
/// <param name="Current">The level now: their mean perception (1-7).</param>
/// <param name="Ratio">IR0 = Target / Current: above 1 when the service falls short of expectation.</param>
/// <param name="K">The Kano parameter of the feature's category; null for a category Tan &amp; Shen give none (indifferent, reverse, questionable).</param>
/// <param name="Adjusted">IR_adj = IR0^(1/k); null without k.</param>
public sealed record ImprovementRatio(double Target, double Current, double Ratio, double? K, double? Adjusted);

/// <summary>
/// Tan &amp; Shen's (Total Quality Management 11(8), 2000, pp. 1141-1151) Kano adjustment of the QFD improvement
/// ratio: IR_adj = IR0^(1/k), with IR0 = target / current performance and k a parameter of the Kano category.
/// <para>
/// The form follows the method document (§7b) and the papers that build on Tan &amp; Shen (Tontini 2007; Chaudha et al.
/// 2011, who replace k by a function of the satisfaction coefficients). The paper's own text could not be read here:
/// the constants are those the method document gives as commonly cited — k = 0.5 for must-be, 1 for one-dimensional,
/// 1.5 for attractive — and some secondary sources give 2 for attractive. The direction is the same either way: a
/// must-be shortfall is amplified (IR0² for k = 0.5), a one-dimensional one kept and an attractive one damped.
/// </para>
/// <para>
/// Here the target is the respondents' mean expectation and the current performance their mean perception, so
/// IR0 = Ē / P̄ on SERVQUAL's 1-7 scales (both at least 1, so the ratio is always finite) — the project's reading of
/// "target" and "current" for a survey that asks both (Tan &amp; Pawitra 2001 pair SERVQUAL's gaps with Kano the same way).
/// </para>
/// </summary>
public static class ImprovementRatios
{
    /// <summary>k for must-be (basic) features.</summary>
    public const double MustBe = 0.5;

    /// <summary>k for one-dimensional (expected) features.</summary>
    public const double OneDimensional = 1;

    /// <summary>k for attractive (delighter) features.</summary>
    public const double Attractive = 1.5;

    /// <summary>The Kano parameter of a category; null for indifferent, reverse and questionable features.</summary>
    public static double? K(KanoCategory? category) => category switch
    {
        KanoCategory.Basic => MustBe,
        KanoCategory.Expected => OneDimensional,
        KanoCategory.Delighter => Attractive,
        _ => null,
    };

    /// <summary>The adjusted ratio of a feature with these mean expectation and perception; null when either is unknown.</summary>
    public static ImprovementRatio? Of(double? meanExpectation, double? meanPerception, KanoCategory? category)
    {
        if (meanExpectation is not double target || meanPerception is not double current)
        {
            return null;
        }

        var ratio = target / current;
        var k = K(category);
        return new ImprovementRatio(target, current, ratio, k, k is double parameter ? Math.Pow(ratio, 1 / parameter) : null);
    }
}
