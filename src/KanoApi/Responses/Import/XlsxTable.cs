using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace KanoApi.Responses.Import;

/// <summary>
/// A worksheet's rows, read from its XML a row at a time with a streaming <see cref="XmlReader"/> (never a workbook
/// DOM), and screened in the same pass: a formula (an export holds values; a formula's cached value is not what the
/// respondent answered), a cell that names a shared string the workbook does not have, a column past
/// <see cref="MostColumns"/>, and XML that is not well-formed each end the reading with a <c>file</c> error naming the
/// cell. Cells are text: shared and inline strings as written, numbers as the sheet writes them (in the invariant
/// culture, so "3" and 3 read alike), date-styled numbers as ISO-8601 date-times; rows are numbered as the sheet
/// numbers them, a row the sheet leaves out read as a blank row. Errors name the cell (D31) too.
/// </summary>
/// <remarks>
/// ExcelDataReader read the sheets before (decision 0019); it gives a cell's value but not whether it was a formula or
/// which shared string it named, so a screen parsed the sheet XML first, and the reader itself walked a sheet without a
/// dimension element once to size it: three parses of the same XML. Reading the few elements an export uses
/// (row, c, v, is/t, f) here parses it once (decision 0025).
/// </remarks>
internal sealed class XlsxTable : IImportTable
{
    /// <summary>More columns than any export of at most 200 features with its metadata; a wider sheet is refused.</summary>
    public const int MostColumns = 2048;

    private readonly ZipArchive zip;
    private readonly XmlReader xml;
    private readonly XlsxWorkbook workbook;
    private readonly int? width;
    private readonly string?[] cells;
    private readonly object rowName;
    private readonly object cellName;
    private readonly object valueName;
    private readonly object inlineName;
    private readonly object formulaName;
    private int count;
    private int waiting;
    private bool blank;

    private XlsxTable(ZipArchive zip, XmlReader xml, XlsxWorkbook workbook, int? width)
    {
        this.zip = zip;
        this.xml = xml;
        this.workbook = workbook;
        this.width = width;
        cells = new string[width ?? MostColumns];
        var names = xml.NameTable;
        (rowName, cellName, valueName, inlineName, formulaName) = (names.Add("row"), names.Add("c"), names.Add("v"), names.Add("is"), names.Add("f"));
    }

    public int Row { get; private set; }

    /// <summary>The header's width when given (short rows read as blank cells), else the row's own.</summary>
    public int FieldCount => width ?? (blank ? 0 : count);

    /// <summary>The sheet's name.</summary>
    public string Sheet => workbook.Sheet;

    /// <summary>Opens the workbook's sheet; <paramref name="width"/> is the header's, so short rows read as blank cells.</summary>
    public static XlsxTable Open(Stream file, XlsxWorkbook workbook, int? width)
    {
        file.Position = 0;
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var entry = zip.GetEntry(workbook.SheetPath) ?? throw XlsxWorkbook.Refused("it holds no worksheet");
            return new XlsxTable(zip, XlsxWorkbook.XmlOf(entry), workbook, width);
        }
        catch (InvalidDataException)
        {
            zip?.Dispose();
            throw XlsxWorkbook.Refused("it is not a valid zip archive (or a part of it is damaged)");
        }
        catch
        {
            zip?.Dispose();
            throw;
        }
    }

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (waiting == 0)
        {
            try
            {
                if (!ReadRow())
                {
                    return ValueTask.FromResult(false);
                }
            }
            catch (XmlException exception)
            {
                throw XlsxWorkbook.Refused($"a part is not well-formed XML ({ResponseReading.Truncate(exception.Message)})");
            }
            catch (InvalidDataException)
            {
                throw XlsxWorkbook.Refused("it is not a valid zip archive (or a part of it is damaged)");
            }
        }

        // A row the sheet leaves out (no cells) is read as a blank row, so rows keep the sheet's numbers.
        blank = Row + 1 < waiting;
        Row++;
        if (!blank)
        {
            waiting = 0;
        }

        return ValueTask.FromResult(true);
    }

    public string GetString(int index) => !blank && index < count ? cells[index] ?? "" : "";

    public bool IsEmpty(int index) => GetString(index).Length == 0;

    public string At(int row, int index, string column) => $"row {row}, column {column} ({HeaderColumn.LetterOf(index)}{row})";

    public ValueTask DisposeAsync()
    {
        xml.Dispose();
        zip.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The text of a shared string's or an inline string's runs (<c>t</c>), phonetic guides (<c>rPh</c>) left out; ends on the element's end.</summary>
    public static string ReadText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return "";
        }

        var depth = xml.Depth;
        string? text = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                xml.Skip();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                var run = xml.ReadElementContentAsString();
                text = text is null ? run : text + run;
            }
            else
            {
                xml.Read();
            }
        }

        return text ?? "";
    }

    /// <summary>Reads the next row element's cells; false at the end of the sheet.</summary>
    private bool ReadRow()
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || !ReferenceEquals(xml.LocalName, rowName))
            {
                continue;
            }

            var number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > Row ? r : Row + 1;
            Array.Clear(cells, 0, count);
            count = 0;
            if (!xml.IsEmptyElement)
            {
                var depth = xml.Depth;
                var next = 0;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, cellName))
                    {
                        next = ReadCell(number, next) + 1;
                    }
                }
            }

            waiting = number;
            return true;
        }

        return false;
    }

    /// <summary>Reads one cell (its column from its reference, else the one after the last); answers its column.</summary>
    private int ReadCell(int row, int next)
    {
        var reference = xml.GetAttribute("r");
        var column = reference is null ? -1 : ColumnOf(reference);
        column = column < 0 ? next : column;
        var at = reference ?? HeaderColumn.LetterOf(column) + row.ToString(CultureInfo.InvariantCulture);
        if (column >= MostColumns)
        {
            throw XlsxWorkbook.Refused($"cell {at} is in column {column + 1}; an import reads at most {MostColumns} columns");
        }

        var type = xml.GetAttribute("t");
        var style = xml.GetAttribute("s");
        string? value = null;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            xml.Read();
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, formulaName))
                {
                    throw XlsxWorkbook.Refused($"cell {at} holds a formula; export the responses as values (an export holds what respondents answered, not calculations)");
                }

                if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, valueName))
                {
                    value = xml.ReadElementContentAsString();
                    continue;
                }

                if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, inlineName))
                {
                    value = ReadText(xml);
                }

                xml.Read();
            }
        }

        value = value is null ? null : type switch
        {
            "s" => Shared(value, at),
            "b" => value.Trim() == "1" ? "TRUE" : "FALSE",
            "str" or "inlineStr" or "e" or "d" => value,
            _ => Number(value, style),
        };
        if (!string.IsNullOrEmpty(value) && column < cells.Length)
        {
            cells[column] = value;
            count = Math.Max(count, column + 1);
        }

        return column;
    }

    private string Shared(string value, string at)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= workbook.Strings.Count)
        {
            throw XlsxWorkbook.Refused($"cell {at} refers to shared string {ResponseReading.Truncate(value)}, which the workbook does not have (it has {workbook.Strings.Count})");
        }

        return workbook.Strings[index];
    }

    /// <summary>A number as text in the invariant culture (a whole number as written), a date-styled one as its ISO-8601 date-time.</summary>
    private string Number(string value, string? style)
    {
        var text = value.Trim();
        var isDate = int.TryParse(style, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < workbook.DateStyles.Length && workbook.DateStyles[s];
        if (!isDate && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return text;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return text;
        }

        if (isDate && number is >= 0 and < 2958466)
        {
            var moment = DateTime.FromOADate(number + (workbook.Date1904 ? 1462 : 0));
            // To the second: a serial's fraction of a day rounds a whole second a few ticks off.
            moment = new DateTime((moment.Ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
            return moment.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A cell reference's column, 0-based: "D31" → 3.</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = column * 26 + (c - 'A' + 1);
                if (column > MostColumns * 26)
                {
                    break;
                }
            }
            else if (c is >= 'a' and <= 'z')
            {
                column = column * 26 + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }

        return column - 1;
    }
}
