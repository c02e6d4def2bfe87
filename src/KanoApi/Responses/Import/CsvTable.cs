using CsvHelper;

namespace KanoApi.Responses.Import;

/// <summary>
/// A CSV file's rows through CsvHelper, numbered as a spreadsheet does: the header row (read by
/// <see cref="CsvReader.ReadHeaderAsync"/>, not counted in the reader's record numbers) is row 1.
/// </summary>
internal sealed class CsvTable(CsvReader csv) : IImportTable
{
    private const int HeaderRow = 1;

    public int Row { get; private set; } = HeaderRow;

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

        Row = (int)csv.RowNumber + HeaderRow;
        return true;
    }

    public string GetString(int index) => csv.GetString(index);

    public bool IsEmpty(int index) => csv.IsEmpty(index);

    public string At(int row, int index, string column) => $"row {row}, column {column}";

    /// <summary>A CSV format error ends the reading: reported at its record, or else at the row after the last one read.</summary>
    public static ImportFormatException FormatError(CsvFormatException exception, int lastRowRead) =>
        new(exception.RecordNumber > 0 ? $"row {exception.RecordNumber}" : $"row {lastRowRead + 1}",
            "is not valid CSV (unbalanced quotes, or a record larger than the limit)");
}
