using System.IO.Compression;
using System.Net;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>Workbooks that are not what an export is: each is a 400 problem that says why, never a 500, and nothing is stored.</summary>
public sealed class MalformedWorkbookTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private static List<string[]> Table() => SurveyToolExports.GoogleForms(SurveyToolExports.Respondents(3), vietnamese: false);

    public static TheoryData<string> Cases() =>
        ["broken XML", "shared string out of range", "formula", "formula in the last row", "zip bomb", "a million empty columns", "not a zip", "no worksheet"];

    private static byte[] Workbook(string malformation) => malformation switch
    {
        "broken XML" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml[..(xml.Length / 2)]),
        "shared string out of range" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml.Replace("t=\"s\"><v>2</v>", "t=\"s\"><v>99999</v>", StringComparison.Ordinal)),
        "formula" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml.Replace("<c r=\"C2\" t=\"s\"><v>", "<c r=\"C2\" t=\"s\"><f>HYPERLINK(\"http://127.0.0.1/\")</f><v>", StringComparison.Ordinal)),
        // The screen reads the sheet beside MiniExcel: a fault it meets after MiniExcel's last row still refuses the file.
        "formula in the last row" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml.Insert(xml.LastIndexOf("<v>", StringComparison.Ordinal), "<f>1+1</f>")),
        "zip bomb" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml.Replace("<sheetData>", "<sheetData>" + new string(' ', 32 << 20), StringComparison.Ordinal)),
        "a million empty columns" => ExportWriters.Xlsx(Table(), sheetXml: xml => xml.Replace("</row>", "<c r=\"XFD1\"/></row>", StringComparison.Ordinal)),
        "not a zip" => [.. "PK\u0003\u0004"u8, .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))],
        _ => OnlyContentTypes(),
    };

    private static byte[] OnlyContentTypes()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            writer.Write("<Types/>");
        }

        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AMalformedWorkbookIsRefusedWithAProblemAndNothingIsStored(string malformation)
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = Workbook(malformation);

        var preview = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import/preview", SurveyToolImportTests.Form(file, "xlsx"));
        var import = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", SurveyToolImportTests.Form(file, "xlsx"));

        foreach (var response in new[] { preview, import })
        {
            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.ToString());
        }

        var list = await (await client.GetAsync($"/v1/surveys/{surveyId}/responses")).Json();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("formula", "cell C2 holds a formula")]
    [InlineData("shared string out of range", "refers to shared string 99999, which the workbook does not have")]
    [InlineData("a million empty columns", "cell XFD1 is in column 16384; an import reads at most 2048 columns")]
    [InlineData("broken XML", "a part is not well-formed XML")]
    [InlineData("formula in the last row", "holds a formula")]
    public async Task AMalformationFoundWhileTheSheetIsReadIsA400ThatNamesIt(string malformation, string said)
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);

        foreach (var path in new[] { "import/preview", "import" })
        {
            var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/{path}", SurveyToolImportTests.Form(Workbook(malformation), "xlsx"));

            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
            var file = problem.GetProperty("errors").GetProperty("file")[0].GetString();
            Assert.Contains(said, file);
        }
    }

    [Fact]
    public async Task AFormulaInASheetTheImportDoesNotReadIsNoReasonToRefuseTheWorkbook()
    {
        var surveyId = await SurveyToolImportTests.ASurveyWithTheFeatures(client);
        var file = ExportWriters.Xlsx(Table(), sheet: "Responses", otherSheetFirst: true);
        using (var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read))
        {
            Assert.NotNull(zip.GetEntry("xl/worksheets/sheet1.xml"));
        }

        var withFormula = Rewrite(file, "xl/worksheets/sheet1.xml", "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>");

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import?sheet=Responses", SurveyToolImportTests.Form(withFormula, "xlsx"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await response.Json()).GetProperty("stored").GetInt32());
    }

    /// <summary>The workbook with one part's text replaced.</summary>
    private static byte[] Rewrite(byte[] workbook, string part, string text)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == part)
                {
                    to.Write(System.Text.Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }
        }

        return output.ToArray();
    }
}
