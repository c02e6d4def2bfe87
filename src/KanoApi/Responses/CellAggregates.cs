using System.Data.Common;
using Dapper;

namespace KanoApi.Responses;

/// <summary>
/// Respondents' shares of the aggregates, gathered in memory and written once, in the caller's transaction:
/// per feature and cell (<c>feature_cells</c>, one narrow row per cell) and per feature and wave or segment value
/// (<c>wave_cells</c>, <c>segment_cells</c>, one wide row holding all 25 cells: <see cref="WideCells"/>). Stored
/// respondents are added; an erased respondent is taken out through the same sums and the same upserts, with negative
/// deltas, and the rows it leaves without answers are deleted.
/// </summary>
internal sealed class CellAggregates
{
    // Sums are kept per group of respondents: group 0 is everybody (feature_cells), the others a wave or a segment
    // value, numbered as they first appear so the per-answer work hashes integers, not strings. Each (feature, group)
    // holds only the cells its answers fell in (7 sums each), becoming a wide row only when written: a segment with a
    // value per respondent then holds one cell per answer, not 25. Grouped so, a write sorts its rows (about 450 for
    // a 200-respondent batch), not its cells (about 8,000, which cost as much as writing them).
    private readonly Dictionary<(long FeatureId, int Group), List<(int Cell, long[] Sums)>> rows = [];
    private readonly Dictionary<(string? SegmentName, string Value), int> groups = [];
    private readonly List<(string? SegmentName, string Value)> groupKeys = [(null, "")];
    private readonly List<int> respondentGroups = [];
    private bool removed;

    /// <summary>Adds one stored respondent's answers to everybody's, its wave's and each of its segment values' sums.</summary>
    public void Add(RespondentAnswers respondent) => Add(respondent, 1);

    /// <summary>Takes one respondent's answers out (an erasure): <see cref="Write"/> then deletes the rows left at 0 answers.</summary>
    public void Remove(RespondentAnswers respondent)
    {
        removed = true;
        Add(respondent, -1);
    }

    private void Add(RespondentAnswers respondent, int sign)
    {
        respondentGroups.Clear();
        respondentGroups.Add(0);
        if (respondent.Wave is { } wave)
        {
            respondentGroups.Add(GroupOf(null, wave));
        }

        foreach (var (name, value) in respondent.Segments)
        {
            respondentGroups.Add(GroupOf(name, value));
        }

        foreach (var answer in respondent.Answers)
        {
            var cell = WideCells.At(answer.Functional, answer.Dysfunctional) / WideCells.Sums;
            foreach (var group in respondentGroups)
            {
                if (!rows.TryGetValue((answer.FeatureId, group), out var cells))
                {
                    rows[(answer.FeatureId, group)] = cells = [];
                }

                WideCells.Add(SumsOf(cells, cell), 0, answer.Importance, answer.Satisfaction, sign);
            }
        }
    }

    /// <summary>The sums of one cell of a row, added to the row when its first answer comes (a row holds at most 25).</summary>
    private static long[] SumsOf(List<(int Cell, long[] Sums)> cells, int cell)
    {
        foreach (var (at, sums) in cells)
        {
            if (at == cell)
            {
                return sums;
            }
        }

        var added = new long[WideCells.Sums];
        cells.Add((cell, added));
        return added;
    }

    /// <summary>The number of a wave (<paramref name="segmentName"/> null) or of a segment value.</summary>
    private int GroupOf(string? segmentName, string value)
    {
        if (!groups.TryGetValue((segmentName, value), out var group))
        {
            groups[(segmentName, value)] = group = groupKeys.Count;
            groupKeys.Add((segmentName, value));
        }

        return group;
    }

    /// <summary>The upserts, described once: each adds its row to the stored one, or stores it.</summary>
    private static readonly AddingUpsert UpsertFeature = new(
        "feature_cells",
        [Column.Integer("feature_id"), Column.Integer("functional"), Column.Integer("dysfunctional")],
        ["answers", "importance_count", "importance_sum", "importance_sum_squares", "satisfaction_count", "satisfaction_sum", "satisfaction_sum_squares"]);

    private static readonly AddingUpsert UpsertWave = new(
        "wave_cells", [Column.Integer("feature_id"), Column.Text("wave")], [WideCells.Total, .. WideCells.Columns]);

    private static readonly AddingUpsert UpsertSegment = new(
        "segment_cells", [Column.Integer("feature_id"), Column.Text("name"), Column.Text("value")], [WideCells.Total, .. WideCells.Columns]);

    /// <summary>
    /// Upserts the gathered sums: a narrow feature_cells row for each cell with answers, one wide row per feature and
    /// wave or segment value (a JSON batch of 200 respondents × 50 features over 4 waves and 5 segment values: about
    /// 1,100 narrow and 450 wide rows). After a <see cref="Remove"/>, deletes the touched rows left without answers.
    /// </summary>
    public void Write(DbConnection connection, DbTransaction transaction)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var provider = StorageProvider.Of(connection);
        using var upsertFeature = provider.Prepare(connection, transaction, UpsertFeature);
        // The wide upserts are prepared only when some respondent had a wave or a segment (most single responses have
        // neither, and a 178-column statement is not free to prepare).
        using var upsertWave = groupKeys.Skip(1).Any(key => key.SegmentName is null)
            ? provider.Prepare(connection, transaction, UpsertWave)
            : null;
        using var upsertSegment = groupKeys.Any(key => key.SegmentName is not null)
            ? provider.Prepare(connection, transaction, UpsertSegment)
            : null;

        // In key order, so that every write takes the rows' locks in the same order.
        var keys = rows.Keys.ToArray();
        Array.Sort(keys, static (x, y) => x.FeatureId != y.FeatureId ? x.FeatureId.CompareTo(y.FeatureId) : x.Group - y.Group);
        var row = new long[WideCells.Width];
        foreach (var (featureId, group) in keys)
        {
            var cells = rows[(featureId, group)];
            if (group == 0)
            {
                cells.Sort(static (x, y) => x.Cell - y.Cell);
                foreach (var (cell, sums) in cells)
                {
                    if (sums[0] == 0)
                    {
                        continue;
                    }

                    upsertFeature.Set(0, featureId);
                    upsertFeature.Set(1, cell / 5 + 1);
                    upsertFeature.Set(2, cell % 5 + 1);
                    for (var sum = 0; sum < WideCells.Sums; sum++)
                    {
                        upsertFeature.Set(3 + sum, sums[sum]);
                    }

                    upsertFeature.Execute();
                }

                continue;
            }

            // The wide row: its key, then its total and every cell's sums in WideCells' order.
            Array.Clear(row);
            foreach (var (cell, sums) in cells)
            {
                sums.CopyTo(row, cell * WideCells.Sums);
            }

            var (name, value) = groupKeys[group];
            var upsert = (name is null ? upsertWave : upsertSegment)!;
            upsert.Set(0, featureId);
            if (name is null)
            {
                upsert.Set(1, value);
            }
            else
            {
                upsert.Set(1, name);
                upsert.Set(2, value);
            }

            var first = name is null ? 2 : 3;
            upsert.Set(first, WideCells.TotalOf(row));
            for (var column = 0; column < WideCells.Width; column++)
            {
                upsert.Set(first + 1 + column, row[column]);
            }

            upsert.Execute();
        }

        upsertFeature.Flush();
        upsertWave?.Flush();
        upsertSegment?.Flush();
        if (removed)
        {
            DeleteEmptied(connection, transaction, keys);
        }
    }

    /// <summary>Deletes the rows this erasure touched that no answer is left in (an analysis never reads them).</summary>
    private void DeleteEmptied(DbConnection connection, DbTransaction transaction, IEnumerable<(long FeatureId, int Group)> rows)
    {
        foreach (var (featureId, group) in rows)
        {
            var (name, value) = groupKeys[group];
            connection.Execute(
                group == 0 ? "DELETE FROM feature_cells WHERE feature_id = @featureId AND answers = 0"
                : name is null ? "DELETE FROM wave_cells WHERE feature_id = @featureId AND wave = @value AND answers = 0"
                : "DELETE FROM segment_cells WHERE feature_id = @featureId AND name = @name AND value = @value AND answers = 0",
                new { featureId, name, value },
                transaction);
        }
    }
}
