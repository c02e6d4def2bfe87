using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>Writes a table of cells as the tools' files are: CSV in an encoding with a separator, or an XLSX workbook.</summary>
public static class ExportWriters
{
    public static byte[] Csv(IReadOnlyList<string[]> rows, char separator = ',', Encoding? encoding = null, bool byteOrderMark = false)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join(separator, row.Select(cell => Quote(cell, separator)))).Append("\r\n");
        }

        encoding ??= new UTF8Encoding(false);
        var body = encoding.GetBytes(text.ToString());
        return byteOrderMark ? [.. encoding.GetPreamble(), .. body] : body;
    }

    /// <summary>Excel's "Unicode text": UTF-16 LE with its byte order mark, tab-separated.</summary>
    public static byte[] UnicodeText(IReadOnlyList<string[]> rows) => Csv(rows, '\t', Encoding.Unicode, byteOrderMark: true);

    private static string Quote(string cell, char separator) =>
        cell.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    /// <summary>A cell <see cref="Xlsx"/> writes as Excel writes a date and time: its serial number, styled as a date.</summary>
    public static string DateCell(DateTime moment) => DatePrefix + moment.ToString("O", CultureInfo.InvariantCulture);

    private const string DatePrefix = "\u0001date:";

    /// <summary>
    /// A workbook as Excel writes one: text in the shared strings part, whole numbers as numbers, one sheet named
    /// <paramref name="sheet"/> (and an empty first sheet before it when <paramref name="otherSheetFirst"/>). The
    /// <paramref name="sheetXml"/> hook replaces the sheet's XML, for the malformed workbooks.
    /// </summary>
    public static byte[] Xlsx(
        IReadOnlyList<string[]> rows, string sheet = "Sheet1", bool otherSheetFirst = false, Func<string, string>? sheetXml = null,
        Func<string, string>? sharedStringsXml = null)
    {
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var data = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            data.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = rows[r][c];
                if (cell.Length == 0)
                {
                    continue;
                }

                var reference = Letter(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                if (cell.StartsWith(DatePrefix, StringComparison.Ordinal))
                {
                    var serial = DateTime.Parse(cell[DatePrefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToOADate();
                    data.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" s=\"1\"><v>{serial.ToString("R", CultureInfo.InvariantCulture)}</v></c>");
                }
                else if (long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out _) && cell.Length < 15)
                {
                    data.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{cell}</v></c>");
                }
                else
                {
                    if (!index.TryGetValue(cell, out var at))
                    {
                        index[cell] = at = strings.Count;
                        strings.Add(cell);
                    }

                    data.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"s\"><v>{at}</v></c>");
                }
            }

            data.Append("</row>");
        }

        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var sheetText = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"{Main}\"><sheetData>{data}</sheetData></worksheet>";
        var shared = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"{Main}\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">"
            + string.Concat(strings.Select(text => $"<si><t xml:space=\"preserve\">{SecurityElement.Escape(text)}</t></si>")) + "</sst>";
        var sheets = otherSheetFirst ? new[] { ("Notes", "sheet1.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData/></worksheet>"), (sheet, "sheet2.xml", sheetText) }
            : new[] { (sheet, "sheet1.xml", sheetText) };

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Add("[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + string.Concat(sheets.Select(s => $"<Override PartName=\"/xl/worksheets/{s.Item2}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>");
            Add("_rels/.rels",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Relationships}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Add("xl/workbook.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheets>"
                + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Item1)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>");
            Add("xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + string.Concat(sheets.Select((s, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{Relationships}/worksheet\" Target=\"worksheets/{s.Item2}\"/>"))
                + $"<Relationship Id=\"rId{sheets.Length + 1}\" Type=\"{Relationships}/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                + $"<Relationship Id=\"rId{sheets.Length + 2}\" Type=\"{Relationships}/styles\" Target=\"styles.xml\"/></Relationships>");
            foreach (var (_, file, xml) in sheets)
            {
                Add("xl/worksheets/" + file, xml == sheetText && sheetXml is not null ? sheetXml(xml) : xml);
            }

            Add("xl/sharedStrings.xml", sharedStringsXml is null ? shared : sharedStringsXml(shared));
            // Style 1 is Google Sheets' and Excel's timestamp format, a custom number format.
            Add("xl/styles.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><styleSheet xmlns=\"{Main}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"m/d/yyyy h:mm:ss\"/></numFmts>"
                + "<fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
                + "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
        }

        return output.ToArray();
    }

    public static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + (n - 1) % 26) + letters;
        }

        return letters;
    }
}
