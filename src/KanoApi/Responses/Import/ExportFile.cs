using System.Text;
using CsvHelper;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>Options of a tool-export import given in the query: they override the mapping's.</summary>
internal sealed record ExportOptions(int? HeaderRows, string? Sheet);

/// <summary>
/// A survey tool's export as staged: its type (CSV in UTF-8 with or without a byte order mark, CSV in UTF-16 LE as
/// Excel's "Unicode text" writes it, or an XLSX workbook), read into its header (<see cref="ImportHeader"/>) and then
/// row by row as an <see cref="IImportTable"/> for the same row checks and pipeline as KanoApi's own CSV.
/// </summary>
internal sealed class ExportFile
{
    private readonly Stream content;
    private readonly Encoding? encoding;
    private char separator = ',';
    private string? sheet;
    private XlsxWorkbook? workbook;

    private ExportFile(Stream content, bool workbook, Encoding? encoding, string encodingName)
    {
        this.content = content;
        Workbook = workbook;
        this.encoding = encoding;
        EncodingName = encodingName;
    }

    public bool Workbook { get; }

    public string? EncodingName { get; }

    public string? Separator => Workbook ? null : CsvSeparator.NameOf(separator);

    public string? Sheet => sheet;

    /// <summary>Whether a CSV file's first row named a recognised column under some separator.</summary>
    public bool SeparatorRecognised { get; private set; }

    public ImportHeader Header { get; private set; } = null!;

    /// <summary>What the staged file is, from its first bytes; null with the reason in <paramref name="errors"/> when it is none of the types read.</summary>
    public static ExportFile? Of(StagedBody body, ValidationErrors errors)
    {
        Span<byte> start = stackalloc byte[4];
        body.Content.Position = 0;
        var read = body.Content.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        body.Content.Position = 0;
        start = start[..read];
        if (start.StartsWith("PK\u0003\u0004"u8))
        {
            if (XlsxWorkbook.Screen(body.Content) is { } reason)
            {
                errors.Add("file", $"is not an XLSX workbook an import can read: {reason}");
                return null;
            }

            return new ExportFile(body.Content, workbook: true, null, "XLSX");
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new ExportFile(body.Content, workbook: false, Encoding.Unicode, "UTF-16 LE (Excel's Unicode text)");
        }

        if (body.NotUtf8 is { } offset)
        {
            errors.Add("body", $"is not UTF-8 text (an invalid byte near offset {offset}), UTF-16 with a byte order mark, or an XLSX workbook; save the file as CSV UTF-8");
            return null;
        }

        return new ExportFile(body.Content, workbook: false, null, start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? "UTF-8 with BOM" : "UTF-8");
    }

    /// <summary>
    /// Reads the header rows (their number given by <paramref name="options"/> or <paramref name="mapping"/>, else
    /// detected) of the CSV file, its separator the one under which the first row names the most recognised columns, or
    /// of the workbook's sheet. False with the reason in <paramref name="errors"/>.
    /// </summary>
    public async Task<bool> ReadHeaderAsync(
        ExportOptions options, ImportMapping? mapping, Func<string, bool> recognised, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var headerRows = options.HeaderRows ?? mapping?.HeaderRows;
        if (headerRows is not null and not (1 or 2 or 3))
        {
            errors.Add(options.HeaderRows is null ? "mapping.headerRows" : "headerRows", "must be 1, 2 or 3");
            return false;
        }

        sheet = Workbook ? options.Sheet ?? mapping?.Sheet : null;
        if (!Workbook)
        {
            bool any;
            (separator, any) = await CsvSeparator.DetectAsync(content, recognised, cancellationToken, encoding);
            SeparatorRecognised = any;
        }

        var first = new List<IReadOnlyList<string>>(ImportHeader.MostRows);
        try
        {
            await using var table = Open(null);
            while (first.Count < ImportHeader.MostRows && await table.ReadAsync(cancellationToken))
            {
                var cells = new string[table.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = table.GetString(i);
                }

                first.Add(cells);
            }

            if (table is XlsxTable read)
            {
                sheet = read.Sheet;
            }
        }
        catch (ImportFormatException exception)
        {
            errors.Add(exception.At, exception.Message);
            return false;
        }

        if (first.Count == 0 || first[0].All(string.IsNullOrWhiteSpace))
        {
            errors.Add("row 1", "the file has no header row: the first row names the columns");
            return false;
        }

        Header = ImportHeader.Read(first, headerRows);
        return true;
    }

    /// <summary>The rows after the header rows, for the row checks.</summary>
    public async Task<IImportTable> OpenRowsAsync(CancellationToken cancellationToken)
    {
        var table = Open(Header.Columns.Count);
        try
        {
            for (var skipped = 0; skipped < Header.Rows && await table.ReadAsync(cancellationToken); skipped++)
            {
            }

            return table;
        }
        catch
        {
            await table.DisposeAsync();
            throw;
        }
    }

    private IImportTable Open(int? width)
    {
        if (Workbook)
        {
            // The workbook's shared strings and styles are read once, for the header and then the rows.
            workbook ??= XlsxWorkbook.Read(content, sheet);
            return XlsxTable.Open(content, workbook, width);
        }

        content.Position = 0;
        return new CsvTable(CsvReader.Create(content, CsvSeparator.ReaderOptions(separator, encoding, hasHeader: false), leaveOpen: true), rowsBefore: 0, ownsReader: true);
    }
}
