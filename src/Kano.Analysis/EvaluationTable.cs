namespace Kano.Analysis;

/// <summary>
/// A Kano evaluation table: the code of each (functional, dysfunctional) answer pair (method §2).
/// The table is an analysis-time choice, so stored answers are never classified at collection time.
/// </summary>
public sealed class EvaluationTable
{
    // Rows: functional answer like, must-be, neutral, live-with, dislike; columns: the dysfunctional answer in the
    // same order. Both tables are written out here, in one place, so they can be read against the sources.
    //
    // Standard: Sauerwein et al. 1996 Fig. 6 = Xu et al. 2009 Table 2 = Witell et al. 2013 Fig. 1.
    private static readonly string[] StandardRows = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"];

    // Pouliot's modification (Berger et al. 1993, p. 33): an identical answer to both questions is Q,
    // except neutral/neutral, so must-be/must-be and live-with/live-with become Q.
    private static readonly string[] PouliotRows = ["QAAAO", "RQIIM", "RIIIM", "RIIQM", "RRRRQ"];

    private readonly KanoCode[] _cells;

    private EvaluationTable(string name, string[] rows)
    {
        Name = name;
        _cells = new KanoCode[25];
        for (var f = 0; f < 5; f++)
        {
            for (var d = 0; d < 5; d++)
            {
                _cells[f * 5 + d] = Enum.Parse<KanoCode>(rows[f][d].ToString());
            }
        }
    }

    /// <summary>The standard table (Sauerwein et al. 1996, Fig. 6).</summary>
    public static EvaluationTable Standard { get; } = new("standard", StandardRows);

    /// <summary>Pouliot's modified table (Berger et al. 1993, p. 33).</summary>
    public static EvaluationTable Pouliot { get; } = new("pouliot", PouliotRows);

    /// <summary>Every table, in wire-name order.</summary>
    public static IReadOnlyList<EvaluationTable> All { get; } = [Standard, Pouliot];

    /// <summary>The wire name: "standard" or "pouliot".</summary>
    public string Name { get; }

    /// <summary>Reads a table's wire name, ignoring case and surrounding whitespace.</summary>
    public static bool TryParse(string? text, out EvaluationTable table)
    {
        var wanted = text?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, wanted, StringComparison.OrdinalIgnoreCase))
            {
                table = candidate;
                return true;
            }
        }

        table = Standard;
        return false;
    }

    /// <summary>The code of one respondent's answer pair.</summary>
    public KanoCode Classify(Answer functional, Answer dysfunctional) =>
        _cells[Index(functional, dysfunctional)];

    internal static int Index(Answer functional, Answer dysfunctional) =>
        (KanoNames.Position(functional) - 1) * 5 + KanoNames.Position(dysfunctional) - 1;

    internal KanoCode this[int cellIndex] => _cells[cellIndex];

    public override string ToString() => Name;
}
