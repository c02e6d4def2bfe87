using System.Data.Common;
using Kano.Analysis;

namespace KanoApi.Responses;

/// <summary>
/// The layout of a wide aggregate row (<c>wave_cells</c>, <c>segment_cells</c>; docs/decisions/0010): the sufficient
/// statistics of all 25 (functional, dysfunctional) cells of one feature in one row, as 7 sums per cell, plus the
/// total <c>answers</c>. The one definition the upserts, the readers and the tests build their SQL from; migration
/// 0017 spells the same columns out.
/// </summary>
/// <remarks>
/// A cell's columns are named by the sum and the cell's two answers (1 like … 5 dislike): <c>a15</c> answers,
/// <c>ic15</c>/<c>is15</c>/<c>iss15</c> importance count, sum and sum of squares, <c>sc15</c>/<c>ss15</c>/<c>sss15</c>
/// satisfaction count, sum and sum of squares, of the cell functional 1 (like), dysfunctional 5 (dislike). In memory
/// the sums of a row are one <c>long[<see cref="Width"/>]</c> in the same order: cell by cell (functional, then
/// dysfunctional), the 7 sums of a cell together.
/// </remarks>
internal static class WideCells
{
    /// <summary>The sums kept per cell, as <see cref="CellStatistics"/> holds them.</summary>
    public const int Sums = 7;

    /// <summary>The (functional, dysfunctional) cells of a feature's answer matrix.</summary>
    public const int Cells = 25;

    /// <summary>The sums of one row: <see cref="Cells"/> × <see cref="Sums"/>.</summary>
    public const int Width = Cells * Sums;

    /// <summary>The total of every cell's answers, kept so a row whose respondents were all erased is found and deleted.</summary>
    public const string Total = "answers";

    private static readonly string[] SumPrefixes = ["a", "ic", "is", "iss", "sc", "ss", "sss"];

    /// <summary>The <see cref="Width"/> cell columns in the order of the in-memory sums.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [.. from cell in Enumerable.Range(0, Cells)
            from prefix in SumPrefixes
            select $"{prefix}{cell / 5 + 1}{cell % 5 + 1}"];

    /// <summary>"answers, a11, ic11, …" — the total then every cell column, for INSERT and SELECT lists.</summary>
    public static string ColumnList { get; } = string.Join(", ", [Total, .. Columns]);

    /// <summary>The offset of a cell's first sum in a row's sums.</summary>
    public static int At(Answer functional, Answer dysfunctional) => (((int)functional - 1) * 5 + (int)dysfunctional - 1) * Sums;

    /// <summary>Adds (<paramref name="sign"/> 1) or takes out (-1) one answer's share of its cell.</summary>
    public static void Add(long[] sums, Answer functional, Answer dysfunctional, long? importance, long? satisfaction, int sign = 1) =>
        Add(sums, At(functional, dysfunctional), importance, satisfaction, sign);

    /// <summary>Adds (<paramref name="sign"/> 1) or takes out (-1) one answer's share of the cell whose sums start at <paramref name="at"/>.</summary>
    public static void Add(long[] sums, int at, long? importance, long? satisfaction, int sign = 1)
    {
        sums[at] += sign;
        if (importance is { } i)
        {
            sums[at + 1] += sign;
            sums[at + 2] += sign * i;
            sums[at + 3] += sign * i * i;
        }

        if (satisfaction is { } s)
        {
            sums[at + 4] += sign;
            sums[at + 5] += sign * s;
            sums[at + 6] += sign * s * s;
        }
    }

    /// <summary>The total answers of a row's sums (its <see cref="Total"/> column).</summary>
    public static long TotalOf(long[] sums)
    {
        var total = 0L;
        for (var at = 0; at < Width; at += Sums)
        {
            total += sums[at];
        }

        return total;
    }

    /// <summary>Reads the <see cref="Width"/> cell columns of the current row, starting at column <paramref name="first"/>, into <paramref name="sums"/>.</summary>
    public static void Read(DbDataReader reader, int first, long[] sums)
    {
        for (var column = 0; column < Width; column++)
        {
            sums[column] += reader.GetInt64(first + column);
        }
    }

    /// <summary>Hands every cell with answers to the matrix, as the engine takes stored aggregates.</summary>
    public static void AddTo(AnswerMatrix matrix, long[] sums)
    {
        for (var cell = 0; cell < Cells; cell++)
        {
            var at = cell * Sums;
            if (sums[at] != 0)
            {
                matrix.AddCell((Answer)(cell / 5 + 1), (Answer)(cell % 5 + 1), new CellStatistics(
                    sums[at], sums[at + 1], sums[at + 2], sums[at + 3], sums[at + 4], sums[at + 5], sums[at + 6]));
            }
        }
    }
}
