namespace Kano.Analysis;

/// <summary>
/// The sufficient statistics of one (functional, dysfunctional) cell of a feature's answer matrix.
/// Every score of method §4 is constant within a cell, so these sums are all an analysis needs:
/// a host can keep them in SQL (COUNT, SUM, SUM of squares grouped by the answer pair) and never load raw answers.
/// </summary>
/// <param name="Count">Respondents who gave this answer pair.</param>
/// <param name="ImportanceCount">Of those, how many stated an importance (1-9).</param>
/// <param name="ImportanceSum">Sum of the stated importances.</param>
/// <param name="ImportanceSumOfSquares">Sum of the squared stated importances.</param>
/// <param name="SatisfactionCount">Of those, how many rated current satisfaction (1-5).</param>
/// <param name="SatisfactionSum">Sum of the satisfaction ratings.</param>
/// <param name="SatisfactionSumOfSquares">Sum of the squared satisfaction ratings.</param>
public readonly record struct CellStatistics(
    long Count,
    long ImportanceCount,
    double ImportanceSum,
    double ImportanceSumOfSquares,
    long SatisfactionCount,
    double SatisfactionSum,
    double SatisfactionSumOfSquares)
{
    /// <summary>The cell of a single respondent.</summary>
    public static CellStatistics Of(int? importance = null, int? satisfaction = null)
    {
        AnswerMatrix.CheckScales(importance, satisfaction);
        return new CellStatistics(
            1,
            importance is null ? 0 : 1, importance ?? 0, importance is int i ? (double)i * i : 0,
            satisfaction is null ? 0 : 1, satisfaction ?? 0, satisfaction is int s ? (double)s * s : 0);
    }

    public static CellStatistics operator +(CellStatistics x, CellStatistics y) => new(
        x.Count + y.Count,
        x.ImportanceCount + y.ImportanceCount, x.ImportanceSum + y.ImportanceSum, x.ImportanceSumOfSquares + y.ImportanceSumOfSquares,
        x.SatisfactionCount + y.SatisfactionCount, x.SatisfactionSum + y.SatisfactionSum, x.SatisfactionSumOfSquares + y.SatisfactionSumOfSquares);

    public static CellStatistics operator -(CellStatistics x, CellStatistics y) => new(
        x.Count - y.Count,
        x.ImportanceCount - y.ImportanceCount, x.ImportanceSum - y.ImportanceSum, x.ImportanceSumOfSquares - y.ImportanceSumOfSquares,
        x.SatisfactionCount - y.SatisfactionCount, x.SatisfactionSum - y.SatisfactionSum, x.SatisfactionSumOfSquares - y.SatisfactionSumOfSquares);
}

/// <summary>One respondent's answers about one feature: the raw-answer form of an <see cref="AnswerMatrix"/> entry.</summary>
public readonly record struct FeatureAnswer(Answer Functional, Answer Dysfunctional, int? Importance = null, int? Satisfaction = null);

/// <summary>
/// The 5×5 matrix of (functional, dysfunctional) cells of one feature: the sufficient statistics of every
/// per-feature analysis. Built either respondent by respondent (<see cref="Add"/>) or from stored aggregates
/// (<see cref="AddCell"/>); both give identical analyses because all sums are of small integers, which doubles hold exactly.
/// </summary>
public sealed class AnswerMatrix
{
    private readonly CellStatistics[] _cells = new CellStatistics[25];

    /// <summary>The matrix of these raw answers.</summary>
    public static AnswerMatrix From(IEnumerable<FeatureAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var matrix = new AnswerMatrix();
        foreach (var answer in answers)
        {
            matrix.Add(answer.Functional, answer.Dysfunctional, answer.Importance, answer.Satisfaction);
        }

        return matrix;
    }

    /// <summary>The statistics of one answer pair.</summary>
    public CellStatistics this[Answer functional, Answer dysfunctional] => _cells[EvaluationTable.Index(functional, dysfunctional)];

    /// <summary>Respondents who answered both questions about this feature.</summary>
    public long Respondents { get; private set; }

    /// <summary>Adds one respondent's answer pair, with their optional importance (1-9) and current satisfaction (1-5).</summary>
    public void Add(Answer functional, Answer dysfunctional, int? importance = null, int? satisfaction = null) =>
        AddCell(functional, dysfunctional, CellStatistics.Of(importance, satisfaction));

    /// <summary>Removes one respondent's answer pair that was added before (e.g. a respondent excluded for quality).</summary>
    public void Remove(Answer functional, Answer dysfunctional, int? importance = null, int? satisfaction = null)
    {
        var index = EvaluationTable.Index(functional, dysfunctional);
        var left = _cells[index] - CellStatistics.Of(importance, satisfaction);
        if (left.Count < 0 || left.ImportanceCount < 0 || left.SatisfactionCount < 0)
        {
            throw new InvalidOperationException(
                $"No respondent with {KanoNames.Code(functional)}/{KanoNames.Code(dysfunctional)} and these ratings was added, so none can be removed.");
        }

        _cells[index] = left;
        Respondents--;
    }

    /// <summary>Merges stored aggregates of one answer pair (e.g. one SQL row grouped by functional and dysfunctional answer).</summary>
    public void AddCell(Answer functional, Answer dysfunctional, CellStatistics cell)
    {
        var index = EvaluationTable.Index(functional, dysfunctional);
        if (cell.Count < 0 || cell.ImportanceCount < 0 || cell.SatisfactionCount < 0
            || cell.ImportanceCount > cell.Count || cell.SatisfactionCount > cell.Count)
        {
            throw new ArgumentException(
                "A cell's counts cannot be negative, and no more respondents can rate importance or satisfaction than gave the answer pair.",
                nameof(cell));
        }

        _cells[index] += cell;
        Respondents += cell.Count;
    }

    /// <summary>A copy that can be changed without changing this matrix.</summary>
    public AnswerMatrix Clone()
    {
        var copy = new AnswerMatrix { Respondents = Respondents };
        Array.Copy(_cells, copy._cells, _cells.Length);
        return copy;
    }

    internal CellStatistics Cell(int index) => _cells[index];

    internal static void CheckScales(int? importance, int? satisfaction)
    {
        // Method §1: importance is stated on 1-9 (Berger et al. 1993), current satisfaction on the 5-level CSAT scale.
        if (importance is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(importance), importance, "importance must be 1-9");
        }

        if (satisfaction is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(satisfaction), satisfaction, "satisfaction must be 1-5");
        }
    }
}
