namespace KanoApi.Responses.Import;

/// <summary>
/// The rows of an imported file, one at a time, as text cells: what the row checks read, whatever the file type. Rows
/// are numbered as the file's own tool shows them (a spreadsheet's row numbers, header rows included).
/// </summary>
internal interface IImportTable : IAsyncDisposable
{
    /// <summary>The row number of the row last read.</summary>
    int Row { get; }

    /// <summary>How many cells the row last read has.</summary>
    int FieldCount { get; }

    /// <summary>Moves to the next row; false at the end. A malformed file throws <see cref="ImportFormatException"/>.</summary>
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    string GetString(int index);

    bool IsEmpty(int index);

    /// <summary>Where a cell is, as an error key names it: "row 31, column anonymous.dysfunctional" (and D31 in a workbook).</summary>
    string At(int row, int index, string column);
}

/// <summary>A file that cannot be read on from here: the error ends the reading and is reported at <see cref="At"/>.</summary>
internal sealed class ImportFormatException(string at, string message) : Exception(message)
{
    public string At { get; } = at;
}
