namespace Kano.Analysis;

/// <summary>The analysis-time choices of method §2 and §5. The same stored answers can be re-analysed under any of them.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Defaults: the standard table, the hierarchy rule, a 6-point threshold.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>The evaluation table; <see cref="EvaluationTable.Standard"/> unless chosen otherwise.</summary>
    public EvaluationTable Table { get; init; } = EvaluationTable.Standard;

    /// <summary>How a feature's category is decided; <see cref="ClassificationRule.Hierarchy"/> unless chosen otherwise.</summary>
    public ClassificationRule Rule { get; init; } = ClassificationRule.Hierarchy;

    /// <summary>
    /// Category strength, in percentage points, at or below which the hierarchy rule chooses between the top two
    /// by M &gt; O &gt; A &gt; I (method §5; Sauerwein et al. 1996). Default 6.
    /// </summary>
    public double HierarchyThreshold { get; init; } = 6;
}
