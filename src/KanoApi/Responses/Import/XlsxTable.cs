using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace KanoApi.Responses.Import;

/// <summary>
/// A worksheet's rows through ExcelDataReader, which streams the sheet's XML a row at a time (never a workbook DOM).
/// Before the reader sees the file, <see cref="Screen"/> refuses what would make it slow or large instead of wrong:
/// a zip bomb (declared sizes or compression ratios no spreadsheet has), a sheet with more columns than any export,
/// formulas (an export holds values; a formula's cached value is not what the respondent answered). Cells are read as
/// text, numbers in the invariant culture, so "3" and 3 read alike; errors name the cell (D31) too.
/// </summary>
internal sealed class XlsxTable : IImportTable
{
    /// <summary>More columns than any export of at most 200 features with its metadata; a wider sheet is refused.</summary>
    public const int MostColumns = 2048;

    /// <summary>A part's uncompressed size may be at most this many times its compressed size (spreadsheet XML compresses about 10-50 times; a zip bomb a thousand).</summary>
    private const long MostRatio = 200;

    /// <summary>The whole workbook uncompressed, at most (a 200 MB file of sheet XML is about this).</summary>
    private const long MostUncompressed = 4L << 30;

    /// <summary>The shared strings part, which the reader holds in memory, at most.</summary>
    private const long MostSharedStrings = 128L << 20;

    private readonly IExcelDataReader reader;
    private readonly int width;

    static XlsxTable()
    {
        // ExcelDataReader decodes legacy code pages (a workbook's older parts may name one); .NET has them only when registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private XlsxTable(IExcelDataReader reader, int width)
    {
        this.reader = reader;
        this.width = width;
    }

    public int Row { get; private set; }

    public int FieldCount => width;

    /// <summary>The sheet's name.</summary>
    public string Sheet => reader.Name;

    /// <summary>
    /// Opens <paramref name="sheet"/> (the first when null) of the screened workbook; <paramref name="width"/> is the
    /// header's, so short rows read as blank cells. Throws <see cref="ImportFormatException"/> for a missing sheet or a
    /// workbook the reader cannot open.
    /// </summary>
    public static XlsxTable Open(Stream file, string? sheet, int? width)
    {
        file.Position = 0;
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(file, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception exception) when (IsMalformed(exception))
        {
            throw new ImportFormatException("file", $"is not a readable XLSX workbook ({Describe(exception)})");
        }

        if (sheet is not null)
        {
            var names = new List<string>();
            while (!string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(reader.Name);
                if (!reader.NextResult())
                {
                    reader.Dispose();
                    throw new ImportFormatException("sheet", $"the workbook has no sheet '{ResponseReading.Truncate(sheet)}'; its sheets are {string.Join(", ", names.Select(name => $"'{name}'"))}");
                }
            }
        }

        if (reader.FieldCount > MostColumns)
        {
            var count = reader.FieldCount;
            reader.Dispose();
            throw new ImportFormatException("file", $"the sheet has {count} columns; an import reads at most {MostColumns}");
        }

        return new XlsxTable(reader, width ?? reader.FieldCount);
    }

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!reader.Read())
            {
                return ValueTask.FromResult(false);
            }
        }
        catch (Exception exception) when (IsMalformed(exception))
        {
            throw new ImportFormatException($"row {Row + 1}", $"is not readable XLSX ({Describe(exception)})");
        }

        Row++;
        return ValueTask.FromResult(true);
    }

    public string GetString(int index)
    {
        if (index >= reader.FieldCount)
        {
            return "";
        }

        return reader.GetValue(index) switch
        {
            null => "",
            string text => text,
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            bool flag => flag ? "TRUE" : "FALSE",
            var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
        };
    }

    public bool IsEmpty(int index) => index >= reader.FieldCount || reader.IsDBNull(index);

    public string At(int row, int index, string column) => $"row {row}, column {column} ({HeaderColumn.LetterOf(index)}{row})";

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Refuses a workbook that is not a spreadsheet export before the reader sees it: not a zip, a zip bomb, no sheet,
    /// broken XML, formulas, or a cell that names a shared string the workbook does not have (the reader would read
    /// the index itself as the text). Null when it may be read, else the reason. The sheets' XML is read here with a
    /// streaming XmlReader, as the reader reads it: memory stays flat.
    /// </summary>
    public static string? Screen(Stream file)
    {
        file.Position = 0;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length > Math.Max(entry.CompressedLength, 1) * MostRatio || total > MostUncompressed)
                {
                    return "its parts expand far beyond any spreadsheet's (a zip bomb?)";
                }
            }

            var strings = zip.Entries.FirstOrDefault(entry => entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase));
            if (strings is not null && strings.Length > MostSharedStrings)
            {
                return $"its shared strings expand to {strings.Length >> 20} MB; an import reads at most {MostSharedStrings >> 20} MB of them";
            }

            var sharedStrings = strings is null ? 0 : CountSharedStrings(strings);
            var sheets = zip.Entries.Where(entry => entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
                && entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (sheets.Length == 0)
            {
                return "it holds no worksheet";
            }

            foreach (var sheet in sheets)
            {
                if (ScreenSheet(sheet, sharedStrings) is { } reason)
                {
                    return reason;
                }
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return "it is not a valid zip archive (or a part of it is damaged)";
        }
        catch (XmlException exception)
        {
            return $"a part is not well-formed XML ({ResponseReading.Truncate(exception.Message)})";
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static XmlReader XmlOf(ZipArchiveEntry entry) =>
        XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true });

    private static int CountSharedStrings(ZipArchiveEntry entry)
    {
        using var xml = XmlOf(entry);
        var count = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si" && xml.Depth == 1)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The reason a sheet is refused (a formula, a shared string out of range), or null.</summary>
    private static string? ScreenSheet(ZipArchiveEntry entry, int sharedStrings)
    {
        using var xml = XmlOf(entry);
        string? cell = null;
        var shared = false;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "c":
                    cell = xml.GetAttribute("r");
                    shared = xml.GetAttribute("t") == "s";
                    break;
                case "f":
                    return $"cell {cell ?? "?"} holds a formula; export the responses as values (an export holds what respondents answered, not calculations)";
                case "v" when shared:
                    var text = xml.ReadElementContentAsString();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= sharedStrings)
                    {
                        return $"cell {cell ?? "?"} refers to shared string {ResponseReading.Truncate(text)}, which the workbook does not have (it has {sharedStrings})";
                    }

                    break;
            }
        }

        return null;
    }

    private static bool IsMalformed(Exception exception) =>
        exception is XmlException or InvalidDataException or ExcelReaderException or IndexOutOfRangeException or ArgumentOutOfRangeException
            or FormatException or InvalidOperationException or NotSupportedException or OverflowException or KeyNotFoundException
            or DecoderFallbackException;

    private static string Describe(Exception exception) => exception switch
    {
        XmlException => "broken XML",
        IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException => "a cell refers to a shared string or style that is not there",
        InvalidDataException => "a damaged zip part",
        _ => "malformed workbook",
    };
}
