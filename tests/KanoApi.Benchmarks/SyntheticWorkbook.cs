using System.Globalization;
using System.IO.Compression;
using System.Text;
using KanoApi.Testing;

namespace KanoApi.Benchmarks;

/// <summary>
/// The same rows as <see cref="SyntheticSurvey.WriteCsvAsync"/>, as an XLSX workbook (one sheet; whole numbers as
/// numbers, text as inline strings), written as a stream: the XLSX import figure reads the CSV figure's data.
/// </summary>
internal static class SyntheticWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static async Task WriteAsync(SyntheticSurvey survey, Stream stream, long first, long count)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
        Write(zip, "_rels/.rels",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Relationships}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Write(zip, "xl/workbook.xml",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheets><sheet name=\"Responses\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Write(zip, "xl/_rels/workbook.xml.rels",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Relationships}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");

        await using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
        await sheet.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>");
        var line = new StringBuilder(survey.Features * 10 + 64);
        var xml = new StringBuilder(survey.Features * 120 + 256);
        WriteRow(xml, 1, survey.CsvHeader().TrimEnd('\n'));
        await sheet.WriteAsync(xml);
        for (var j = first; j < first + count; j++)
        {
            line.Clear();
            survey.AppendCsvRow(line, j);
            WriteRow(xml.Clear(), j - first + 2, line.ToString().TrimEnd('\n'));
            await sheet.WriteAsync(xml);
        }

        await sheet.WriteAsync("</sheetData></worksheet>");
    }

    private static void WriteRow(StringBuilder xml, long row, string csvLine)
    {
        xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
        var cells = csvLine.Split(',');
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c];
            if (cell.Length == 0)
            {
                continue;
            }

            var reference = Column(c) + row.ToString(CultureInfo.InvariantCulture);
            if (cell.Length < 10 && cell.All(char.IsAsciiDigit))
            {
                xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{cell}</v></c>");
            }
            else
            {
                xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(cell)}</t></is></c>");
            }
        }

        xml.Append("</row>");
    }

    private static string Column(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + (n - 1) % 26) + letters;
        }

        return letters;
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
