using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Builds features from published category counts, using one standard-table cell per code.</summary>
internal static class Build
{
    public static (Answer Functional, Answer Dysfunctional) CellOf(KanoCode code) => code switch
    {
        KanoCode.A => (Answer.Like, Answer.Neutral),
        KanoCode.O => (Answer.Like, Answer.Dislike),
        KanoCode.M => (Answer.Neutral, Answer.Dislike),
        KanoCode.I => (Answer.Neutral, Answer.Neutral),
        KanoCode.R => (Answer.Dislike, Answer.Like),
        _ => (Answer.Like, Answer.Like),
    };

    public static AnswerMatrix Matrix(long a = 0, long o = 0, long m = 0, long i = 0, long r = 0, long q = 0)
    {
        var matrix = new AnswerMatrix();
        foreach (var (code, count) in new[] { (KanoCode.A, a), (KanoCode.O, o), (KanoCode.M, m), (KanoCode.I, i), (KanoCode.R, r), (KanoCode.Q, q) })
        {
            var (functional, dysfunctional) = CellOf(code);
            matrix.AddCell(functional, dysfunctional, new CellStatistics(count, 0, 0, 0, 0, 0, 0));
        }

        return matrix;
    }

    public static FeatureInput Feature(string key, long a = 0, long o = 0, long m = 0, long i = 0, long r = 0, long q = 0, long id = 1) =>
        new(id, key, key, Matrix(a, o, m, i, r, q));

    /// <summary>
    /// One feature's analysis. <paramref name="estimate"/> false leaves out the Monte Carlo estimate of the category
    /// probabilities (and the uncertain-category warning read from it), the one costly step of an analysis and run afresh for
    /// every new set of counts: for properties checked over thousands of random counts that read nothing it decides.
    /// </summary>
    public static FeatureAnalysis Analyze(FeatureInput feature, ClassificationRule rule = ClassificationRule.Hierarchy, double threshold = 6, bool estimate = true) =>
        KanoAnalyzer.Analyze([feature], new AnalysisOptions { Rule = rule, HierarchyThreshold = threshold }, estimate).Features[0];

    public static FeatureAnalysis Analyze(long a = 0, long o = 0, long m = 0, long i = 0, long r = 0, long q = 0,
        ClassificationRule rule = ClassificationRule.Hierarchy, double threshold = 6, bool estimate = true) =>
        Analyze(Feature("f", a, o, m, i, r, q), rule, threshold, estimate);
}
