using Kano.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>What an import read in a way the user may not expect, said back in the 201's notes.</summary>
internal sealed class ImportTally
{
    public string Separator { get; set; } = "comma (,)";

    /// <summary>A tool export's file and what reading it found; null for KanoApi's own CSV.</summary>
    public (ExportFile File, ExportReading Reading)? Export { get; set; }
    public int LabelledScaleCells { get; set; }
    public (string Cell, int Value)? LabelledExample { get; set; }
    public UnrecognisedAnswers Unrecognised { get; } = new();

    public IReadOnlyList<string>? Notes()
    {
        var notes = new List<string>();
        if (Export is var (file, reading))
        {
            var ignored = reading.Mapping.Columns?.Where(column => column?.To == "ignore").Select(column => column.Column ?? "").ToArray() ?? [];
            notes.Add($"Read as a survey tool's export: {(file.Workbook ? $"sheet '{file.Sheet}'" : $"{file.EncodingName} CSV")}, {file.Header.Shape}; "
                + $"{reading.Features.Count} features answered; {ignored.Length} columns ignored and not stored"
                + (ignored.Length == 0 ? "." : $" ({string.Join(", ", ignored.Take(5).Select(MappingRules.Quoted))}{(ignored.Length > 5 ? ", …" : "")})."));
        }

        if (!Separator.StartsWith("comma", StringComparison.Ordinal))
        {
            notes.Add($"The file was read as {Separator}-separated, the separator under which its header row names known columns.");
        }

        if (LabelledScaleCells > 0 && LabelledExample is var (cell, value))
        {
            notes.Add(LabelledScaleCells == 1
                ? $"1 scale cell (importance, satisfaction, expectation or perception) held a label after the number and was read by its leading number, e.g. '{ResponseReading.Truncate(cell)}' as {value}."
                : $"{LabelledScaleCells} scale cells (importance, satisfaction, expectation or perception) held a label after the number and were read by their leading number, e.g. '{ResponseReading.Truncate(cell)}' as {value}.");
        }

        return notes.Count == 0 ? null : notes;
    }
}

/// <summary>
/// The distinct answer cells an import could not read, with how often and in which columns: the per-cell errors stop
/// at <see cref="Limits.ErrorsListed"/>, so one wording repeated in every row would hide the others. Cells that differ
/// only as the reader ignores (case, spaces, apostrophes) are one wording. Bounded: the first
/// <see cref="ValuesKept"/> wordings and <see cref="ColumnsKept"/> columns each.
/// </summary>
internal sealed class UnrecognisedAnswers
{
    public const int ValuesKept = 100;
    public const int ColumnsKept = 20;

    private readonly Dictionary<string, Entry> byWording = new(StringComparer.Ordinal);
    private bool overflowed;

    public bool Any => byWording.Count > 0;

    public void Count(string cell, string column)
    {
        var key = AnswerParser.Normalize(cell);
        if (!byWording.TryGetValue(key, out var entry))
        {
            if (byWording.Count == ValuesKept)
            {
                overflowed = true;
                return;
            }

            byWording[key] = entry = new Entry(ResponseReading.Truncate(cell), byWording.Count);
        }

        entry.Count++;
        if (entry.Columns.Count < ColumnsKept && !entry.Columns.Contains(column))
        {
            entry.Columns.Add(column);
        }
    }

    /// <summary>"3 distinct answer wordings were", "1 distinct answer wording was", or "More than 100 …" when some were not kept.</summary>
    public string Describe() =>
        overflowed ? $"More than {ValuesKept} distinct answer wordings were"
        : byWording.Count == 1 ? "1 distinct answer wording was"
        : $"{byWording.Count} distinct answer wordings were";

    /// <summary>Most frequent first; equal counts in the order first seen.</summary>
    public IReadOnlyList<UnrecognisedAnswer> Summary() =>
        byWording.Values.OrderByDescending(entry => entry.Count).ThenBy(entry => entry.Order)
            .Select(entry => new UnrecognisedAnswer(entry.Value, entry.Count, entry.Columns))
            .ToArray();

    private sealed class Entry(string value, int order)
    {
        public string Value { get; } = value;
        public int Order { get; } = order;
        public int Count { get; set; }
        public List<string> Columns { get; } = [];
    }
}

/// <summary>One answer wording an import could not read.</summary>
/// <param name="Value">The cell as first seen (trimmed, at most 60 characters).</param>
/// <param name="Count">How many cells held it (ignoring case, spacing and apostrophe style).</param>
/// <param name="Columns">The columns it appeared in (at most 20).</param>
internal sealed record UnrecognisedAnswer(string Value, int Count, IReadOnlyList<string> Columns);
