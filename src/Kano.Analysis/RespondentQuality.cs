namespace Kano.Analysis;

/// <summary>
/// Respondent-quality checks (method §6), so a caller can exclude doubtful respondents before building the
/// answer matrices (e.g. <c>maxQuestionable=k</c>).
/// </summary>
public static class RespondentQuality
{
    /// <summary>True when one respondent gave the same answer pair for every feature, over at least two features.</summary>
    public static bool IsStraightLining(IReadOnlyList<(Answer Functional, Answer Dysfunctional)> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count < 2)
        {
            return false;
        }

        for (var i = 1; i < answers.Count; i++)
        {
            if (answers[i] != answers[0])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many of one respondent's answer pairs the table classifies as Q.</summary>
    public static int QuestionableCount(IReadOnlyList<(Answer Functional, Answer Dysfunctional)> answers, EvaluationTable table)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(table);
        var count = 0;
        foreach (var (functional, dysfunctional) in answers)
        {
            if (table.Classify(functional, dysfunctional) == KanoCode.Q)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when the respondent gave more than <paramref name="maxQuestionable"/> Q answers and should be excluded.</summary>
    public static bool HasMoreQuestionableThan(
        IReadOnlyList<(Answer Functional, Answer Dysfunctional)> answers, EvaluationTable table, int maxQuestionable) =>
        QuestionableCount(answers, table) > maxQuestionable;

    /// <summary>The quality warnings for one respondent: straight-lining and, when a limit is given, too many Q answers.</summary>
    public static IReadOnlyList<KanoWarning> Warnings(
        IReadOnlyList<(Answer Functional, Answer Dysfunctional)> answers, EvaluationTable table, int? maxQuestionable = null)
    {
        var warnings = new List<KanoWarning>(2);
        if (IsStraightLining(answers))
        {
            warnings.Add(KanoWarnings.StraightLining(answers.Count));
        }

        if (maxQuestionable is int k && QuestionableCount(answers, table) is var q && q > k)
        {
            warnings.Add(KanoWarnings.ManyQuestionable(q, k));
        }

        return warnings;
    }
}
