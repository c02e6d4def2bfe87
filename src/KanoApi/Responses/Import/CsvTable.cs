using CsvHelper;

namespace KanoApi.Responses.Import;

/// <summary>
/// A CSV file's rows through CsvHelper, numbered as a spreadsheet does: <paramref name="rowsBefore"/> is 1 when the
/// header row was read by <see cref="CsvReader.ReadHeaderAsync"/> (the reader does not count it in its record
/// numbers), 0 when every row is read as a record.
/// </summary>
internal sealed class CsvTable(CsvReader csv, int rowsBefore, bool ownsReader = false) : IImportTable
{
    private readonly int before = rowsBefore;

    public int Row { get; private set; } = rowsBefore;

    public int FieldCount => csv.FieldCount;

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await csv.ReadAsync(cancellationToken))
            {
                return false;
            }
        }
        catch (CsvFormatException exception)
        {
            throw FormatError(exception, Row);
        }

        Row = (int)csv.RowNumber + before;
        return true;
    }

    public string GetString(int index) => csv.GetString(index);

    public ValueTask DisposeAsync() => ownsReader ? csv.DisposeAsync() : ValueTask.CompletedTask;

    public bool IsEmpty(int index) => csv.IsEmpty(index);

    public string At(int row, int index, string column) => $"row {row}, column {column}";

    /// <summary>A CSV format error ends the reading: reported at its record, or else at the row after the last one read.</summary>
    public static ImportFormatException FormatError(CsvFormatException exception, int lastRowRead) =>
        new(exception.RecordNumber > 0 ? $"row {exception.RecordNumber}" : $"row {lastRowRead + 1}",
            "is not valid CSV (unbalanced quotes, or a record larger than the limit)");
}
