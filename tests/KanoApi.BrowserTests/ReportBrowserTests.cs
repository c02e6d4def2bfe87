using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KanoApi.BrowserTests;

/// <summary>The service with its demo survey ("Customer service", 300 respondents in two waves and two channels).</summary>
public sealed class DemoBrowserFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string>? ServiceEnvironment => new Dictionary<string, string> { ["Kano__SeedDemo"] = "true" };
}

/// <summary>
/// The demo survey's report, opened through a report link in Debian's chromium, in English and Vietnamese: the page
/// shows the API's numbers, the filter form reloads it with others, it prints to a clean A4 PDF, and axe finds nothing.
/// </summary>
public sealed class ReportBrowserTests(DemoBrowserFixture fixture) : IClassFixture<DemoBrowserFixture>
{
    // The chart's geometry (Analysis/BetterWorseChart.cs): the plot spans x 80-710 and y 80-650 of a 960 × 720 drawing.
    private const double PlotLeft = 80, PlotTop = 80, PlotWidth = 630, PlotHeight = 570;

    private static readonly string[] Sections = ["chart", "classification", "backlog", "segments", "quality"];

    private async Task<(long SurveyId, string Path)> DemoReportLink()
    {
        var surveys = await fixture.GetAsync("/v1/surveys");
        var demo = surveys.GetProperty("items").EnumerateArray().Single(survey => survey.GetProperty("name").GetString()!.Contains("(demo)"));
        var surveyId = demo.GetProperty("id").GetInt64();
        var link = await fixture.PostAsync($"/v1/surveys/{surveyId}/links", new { kind = "report", name = "browser test" });
        return (surveyId, new Uri(link.GetProperty("url").GetString()!).AbsolutePath);
    }

    private static string Number(JsonElement value) => value.GetDouble().ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("en", "en-GB")]
    [InlineData("vi", "vi-VN")]
    public async Task TheTableBacklogAndChartShowTheAnalysisNumbers(string lang, string locale)
    {
        var (surveyId, path) = await DemoReportLink();
        var analysis = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis?lang={lang}");
        var backlog = await fixture.GetAsync($"/v1/surveys/{surveyId}/backlog?lang={lang}");
        var page = await fixture.NewPageAsync(1280, locale);

        // No ?lang=: the browser's own language chooses.
        var response = await page.GotoAsync(path);

        Assert.Equal(200, response!.Status);
        Assert.Equal(lang, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Customer service (demo)", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("300", await page.Locator("[data-field=respondents]").InnerTextAsync());

        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        var rows = page.Locator("#classification tbody tr");
        Assert.Equal(features.Length, await rows.CountAsync());
        for (var f = 0; f < features.Length; f++)
        {
            var row = rows.Nth(f);
            var feature = features[f];
            Assert.Equal(feature.GetProperty("key").GetString(), await row.GetAttributeAsync("data-key"));
            Assert.Equal(feature.GetProperty("label").GetString(), await row.Locator("[data-field=category] .category").InnerTextAsync());
            Assert.Equal(Number(feature.GetProperty("better")), await row.Locator("[data-field=better]").InnerTextAsync());
            Assert.Equal(Number(feature.GetProperty("worse")), await row.Locator("[data-field=worse]").InnerTextAsync());
            Assert.Equal(Number(feature.GetProperty("categoryStrength")), await row.Locator("[data-field=category-strength]").InnerTextAsync());
            Assert.Equal(Number(feature.GetProperty("importance").GetProperty("mean")), await row.Locator("[data-field=importance]").InnerTextAsync());
        }

        var items = backlog.GetProperty("items").EnumerateArray().ToArray();
        var backlogRows = page.Locator("#backlog table.backlog tbody tr");
        Assert.Equal(items.Length, await backlogRows.CountAsync());
        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(items[i].GetProperty("key").GetString(), await backlogRows.Nth(i).GetAttributeAsync("data-key"));
            Assert.Equal(items[i].GetProperty("actionLabel").GetString(), await backlogRows.Nth(i).Locator("[data-field=action]").InnerTextAsync());
            Assert.Equal(items[i].GetProperty("rationale").GetString(), await backlogRows.Nth(i).Locator("[data-field=rationale]").InnerTextAsync());
        }

        Assert.Equal(
            backlog.GetProperty("review").EnumerateArray().Select(item => item.GetProperty("key").GetString()),
            await page.Locator("#backlog table.review tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.key)"));

        // Each bubble of the chart stands where the feature's Better and Worse put it.
        var bubbles = page.Locator("#chart svg circle.feature");
        var plotted = features.Where(feature => feature.GetProperty("better").ValueKind == JsonValueKind.Number).ToArray();
        Assert.Equal(plotted.Length, await bubbles.CountAsync());
        foreach (var feature in plotted)
        {
            var bubble = page.Locator($"#chart svg circle.feature[data-key=\"{feature.GetProperty("key").GetString()}\"]");
            var cx = double.Parse((await bubble.GetAttributeAsync("cx"))!, CultureInfo.InvariantCulture);
            var cy = double.Parse((await bubble.GetAttributeAsync("cy"))!, CultureInfo.InvariantCulture);
            Assert.Equal(PlotLeft + Math.Abs(feature.GetProperty("worse").GetDouble()) * PlotWidth, cx, 0.6);
            Assert.Equal(PlotTop + (1 - feature.GetProperty("better").GetDouble()) * PlotHeight, cy, 0.6);
        }

        Assert.True(await page.Locator("#chart svg").IsVisibleAsync());
        await Screenshots(page, $"report-{lang}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ChangingTheFilterReloadsThePageWithOtherNumbers()
    {
        var (surveyId, path) = await DemoReportLink();
        var everyone = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis?lang=en");
        var filtered = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis?lang=en&wave=2026-Q4&segment.channel=online");
        var page = await fixture.NewPageAsync(1280);
        await page.GotoAsync(path + "?lang=en");
        var before = await page.Locator("#classification [data-field=better]").AllInnerTextsAsync();

        await page.SelectOptionAsync("#f-wave", "2026-Q4");
        await page.SelectOptionAsync("select[name='segment.channel']", "online");
        await page.Locator(".filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("wave=2026-Q4"));

        Assert.StartsWith(fixture.BaseAddress + path.TrimStart('/'), page.Url);
        Assert.Contains("segment.channel=online", page.Url);
        Assert.Equal(filtered.GetProperty("respondents").GetInt64().ToString(CultureInfo.InvariantCulture), await page.Locator("[data-field=respondents]").InnerTextAsync());
        var after = await page.Locator("#classification [data-field=better]").AllInnerTextsAsync();
        Assert.Equal(filtered.GetProperty("features").EnumerateArray().Select(feature => Number(feature.GetProperty("better"))), after);
        Assert.Equal(everyone.GetProperty("features").EnumerateArray().Select(feature => Number(feature.GetProperty("better"))), before);
        Assert.NotEqual(before, after);
        Assert.Equal("2026-Q4", await page.Locator("#f-wave").InputValueAsync());

        // The address is the shareable link: opening it in a fresh browser gives the same view.
        var shared = await fixture.NewPageAsync(375);
        await shared.GotoAsync(page.Url);
        Assert.Equal(after, await shared.Locator("#classification [data-field=better]").AllInnerTextsAsync());
        await page.Context.CloseAsync();
        await shared.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en", "Better/Worse chart", "Classification", "Prioritised backlog", "Segment comparison", "Data quality", "Change the view")]
    [InlineData("vi", "Biểu đồ Better/Worse", "Phân loại", "Danh sách ưu tiên", "So sánh theo phân khúc", "Chất lượng dữ liệu", "Thay đổi cách xem")]
    public async Task PrintingGivesAnA4PdfWithEverySectionOnItsOwnPagesAndNoControls(
        string lang, string chart, string classification, string backlog, string segments, string quality, string controls)
    {
        var (_, path) = await DemoReportLink();
        var page = await fixture.NewPageAsync(1280);
        await page.GotoAsync($"{path}?lang={lang}");

        // Chromium's own print, as "Print → Save as PDF" does, with the page's print stylesheet (A4 from @page).
        var pdf = Path.Combine(BrowserFixture.ScreenshotFolder, $"report-{lang}.pdf");
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
        await page.Context.CloseAsync();

        var info = Run("pdfinfo", pdf);
        Assert.Matches(@"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var texts = Enumerable.Range(1, pages).Select(number => Run("pdftotext", "-layout", "-f", $"{number}", "-l", $"{number}", pdf, "-")).ToArray();
        var all = string.Join("\n", texts);

        Assert.Contains("Customer service (demo)", texts[0]);
        Assert.DoesNotContain(controls, all);
        // Each section begins a page (break-before: page): its heading is on a different page from the previous one's.
        var firstPages = new[] { chart, classification, backlog, segments, quality }
            .Select(heading => Array.FindIndex(texts, text => Regex.IsMatch(text, $@"(?m)^\s*{Regex.Escape(heading)}\s*$")))
            .ToArray();
        Assert.All(firstPages, index => Assert.True(index > 0, $"a section heading is missing or on the headline's page: {string.Join(", ", firstPages)}"));
        Assert.Equal(firstPages.Order(), firstPages);
        Assert.Equal(firstPages.Length, firstPages.Distinct().Count());
        // The chart is kept whole: its title and its legend's last line are on the same page as the chart heading.
        var chartPage = texts[firstPages[0]];
        Assert.Contains("Better/Worse", chartPage);
        Assert.Contains(lang == "vi" ? "mức độ quan trọng" : "Bubble size = mean importance", chartPage);
    }

    [Theory]
    [InlineData("en", 1280)]
    [InlineData("vi", 1280)]
    [InlineData("en", 375)]
    [InlineData("vi", 375)]
    public async Task AxeFindsNoAccessibilityViolations(string lang, int width)
    {
        var (_, path) = await DemoReportLink();
        var page = await fixture.NewPageAsync(width);
        await page.GotoAsync($"{path}?lang={lang}");

        var violations = await Axe.ViolationsAsync(page);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.Context.CloseAsync();
    }

    /// <summary>Whole-page screenshots at 1280 and 375 px, kept as test output.</summary>
    private async Task Screenshots(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(375, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-375.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "at 375 px the page scrolls sideways; only its tables may");
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    [Fact]
    public async Task TheReportKeepsItsWideWhiteLayoutUnderTheSharedShellAndStylesheet()
    {
        var (_, path) = await DemoReportLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);

        // One <main>, the report's own (the shell adds none around it), one stylesheet, this service's.
        Assert.Equal(1, await page.Locator("main").CountAsync());
        Assert.Equal(1, await page.Locator("link[rel=stylesheet]").CountAsync());
        var layout = await page.EvaluateAsync<string>(
            "() => [getComputedStyle(document.body).maxWidth, getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.querySelector('h1')).fontSize].join(' ')");
        Assert.Equal("1280px rgb(255, 255, 255) 30.4px", layout);
    }
}
