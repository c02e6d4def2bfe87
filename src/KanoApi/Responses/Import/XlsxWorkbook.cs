using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace KanoApi.Responses.Import;

/// <summary>
/// What reading a workbook's sheet needs besides the sheet: its shared strings (held in memory, as every XLSX reader
/// holds them, bounded by <see cref="MostSharedStrings"/>), which cell styles are dates, the date system, and where the
/// chosen sheet is. Read once per import; <see cref="XlsxTable"/> then reads the sheet's XML a row at a time.
/// <see cref="Screen"/> runs first, on the zip's directory alone: sizes and ratios no spreadsheet has (a zip bomb).
/// </summary>
internal sealed class XlsxWorkbook
{
    /// <summary>A part's uncompressed size may be at most this many times its compressed size (spreadsheet XML compresses about 10-50 times; a zip bomb a thousand).</summary>
    private const long MostRatio = 200;

    /// <summary>The whole workbook uncompressed, at most (a 200 MB file of sheet XML is about this).</summary>
    private const long MostUncompressed = 4L << 30;

    /// <summary>The shared strings part, which is held in memory, at most.</summary>
    private const long MostSharedStrings = 128L << 20;

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private XlsxWorkbook(string sheet, string sheetPath, IReadOnlyList<string> strings, bool[] dateStyles, bool date1904)
    {
        Sheet = sheet;
        SheetPath = sheetPath;
        Strings = strings;
        DateStyles = dateStyles;
        Date1904 = date1904;
    }

    /// <summary>The sheet's name.</summary>
    public string Sheet { get; }

    /// <summary>The sheet's part in the zip (xl/worksheets/sheet1.xml).</summary>
    public string SheetPath { get; }

    public IReadOnlyList<string> Strings { get; }

    /// <summary>Per cell style (the <c>s</c> attribute), whether its number format shows a date.</summary>
    public bool[] DateStyles { get; }

    /// <summary>Whether the workbook counts days from 1904 (old Mac Excel) instead of 1900.</summary>
    public bool Date1904 { get; }

    /// <summary>
    /// Refuses from the zip's directory alone what is not a spreadsheet export: not a zip, a zip bomb (declared sizes
    /// or ratios no spreadsheet has), shared strings too large to hold, no worksheet. Null when it may be read, else
    /// the reason. The sheets' XML is checked as it is read (<see cref="XlsxTable"/>), in the same pass as the rows.
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

            if (zip.GetEntry("xl/sharedStrings.xml") is { } strings && strings.Length > MostSharedStrings)
            {
                return $"its shared strings expand to {strings.Length >> 20} MB; an import reads at most {MostSharedStrings >> 20} MB of them";
            }

            return zip.Entries.Any(IsWorksheet) ? null : "it holds no worksheet";
        }
        catch (InvalidDataException)
        {
            return "it is not a valid zip archive (or a part of it is damaged)";
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>
    /// The workbook's parts for <paramref name="sheet"/> (the first sheet when null). Throws
    /// <see cref="ImportFormatException"/> for a sheet it does not have, or parts that are not well-formed.
    /// </summary>
    public static XlsxWorkbook Read(Stream file, string? sheet)
    {
        file.Position = 0;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var (name, path, date1904) = FindSheet(zip, sheet);
            return new XlsxWorkbook(name, path, ReadStrings(zip), ReadDateStyles(zip), date1904);
        }
        catch (Exception exception) when (exception is XmlException or InvalidDataException)
        {
            throw Refused(exception is XmlException xml
                ? $"a part is not well-formed XML ({ResponseReading.Truncate(xml.Message)})"
                : "it is not a valid zip archive (or a part of it is damaged)");
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>The error of a workbook an import cannot read, keyed <c>file</c> as the screen's are.</summary>
    public static ImportFormatException Refused(string reason) => new("file", $"is not an XLSX workbook an import can read: {reason}");

    public static XmlReader XmlOf(ZipArchiveEntry entry) =>
        XmlReader.Create(entry.Open(), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true, IgnoreProcessingInstructions = true,
        });

    private static bool IsWorksheet(ZipArchiveEntry entry) =>
        entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sheet's name and part, from xl/workbook.xml and its relationships (the first worksheet part when a file has neither).</summary>
    private static (string Name, string Path, bool Date1904) FindSheet(ZipArchive zip, string? wanted)
    {
        var sheets = new List<(string Name, string? Id)>();
        var date1904 = false;
        if (zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            using var xml = XmlOf(workbook);
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (xml.LocalName == "sheet")
                {
                    sheets.Add((xml.GetAttribute("name") ?? "", xml.GetAttribute("id", Relationships)));
                }
                else if (xml.LocalName == "workbookPr")
                {
                    date1904 = xml.GetAttribute("date1904") is "1" or "true";
                }
            }
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var xml = XmlOf(rels);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                {
                    targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }

        var found = sheets
            .Select(sheet => (sheet.Name, Path: sheet.Id is not null && targets.TryGetValue(sheet.Id, out var path) ? path : null))
            .Where(sheet => sheet.Path is not null && zip.GetEntry(sheet.Path) is not null)
            .ToList();
        if (found.Count == 0)
        {
            var first = zip.Entries.Where(IsWorksheet).OrderBy(entry => entry.FullName, StringComparer.Ordinal).FirstOrDefault()
                ?? throw Refused("it holds no worksheet");
            found.Add((Path.GetFileNameWithoutExtension(first.FullName), first.FullName));
        }

        if (wanted is null)
        {
            return (found[0].Name, found[0].Path!, date1904);
        }

        foreach (var (name, path) in found)
        {
            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return (name, path!, date1904);
            }
        }

        throw new ImportFormatException("sheet", $"the workbook has no sheet '{ResponseReading.Truncate(wanted)}'; its sheets are {string.Join(", ", found.Select(sheet => $"'{sheet.Name}'"))}");
    }

    /// <summary>The shared strings, each the text of its runs (phonetic guides left out).</summary>
    private static List<string> ReadStrings(ZipArchive zip)
    {
        var strings = new List<string>();
        if (zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return strings;
        }

        using var xml = XmlOf(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(XlsxTable.ReadText(xml));
            }
        }

        return strings;
    }

    /// <summary>Which cell styles (xl/styles.xml cellXfs, by index) show a date: a built-in date format or a custom one with date parts.</summary>
    private static bool[] ReadDateStyles(ZipArchive zip)
    {
        if (zip.GetEntry("xl/styles.xml") is not { } entry)
        {
            return [];
        }

        var custom = new Dictionary<int, bool>();
        var styles = new List<bool>();
        using var xml = XmlOf(entry);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    custom[id] = IsDateFormat(xml.GetAttribute("formatCode") ?? "");
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var format = int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var numFmtId) ? numFmtId : 0;
                    styles.Add(custom.TryGetValue(format, out var isDate) ? isDate : format is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58));
                    break;
            }
        }

        return [.. styles];
    }

    /// <summary>Whether a number format shows a date or time: a d, m, y, h or s outside quoted text, escapes and [colour] brackets.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
            {
                return true;
            }
        }

        return false;
    }
}
