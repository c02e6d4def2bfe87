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
    [InlineData("en", "Key findings", "Better/Worse chart", "Bubble size = mean importance", "Classification", "Change the view", "to")]
    [InlineData("vi", "Những điểm chính", "Biểu đồ Better/Worse", "mức độ quan trọng", "Phân loại", "Thay đổi cách xem", "đến")]
    public async Task PrintingGivesAnA4PdfThatOpensWithTheFindingsAndTheChartKeepsEveryColumnAndNeverPrintsTheAddress(
        string lang, string findings, string chart, string legend, string classification, string controls, string to)
    {
        var (surveyId, path) = await DemoReportLink();
        var token = path.Split('/')[^1];
        var analysis = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis?lang={lang}");
        var page = await fixture.NewPageAsync(1280);
        await page.GotoAsync($"{path}?lang={lang}");

        // Chromium's print, as "Print → Save as PDF" does, with the page's print stylesheet (A4 from @page).
        var pdf = Path.Combine(BrowserFixture.ScreenshotFolder, $"report-{lang}.pdf");
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
        await page.Context.CloseAsync();

        // And printed with the browser's own defaults, which put the date and title in a header and the page's
        // address in a footer wherever the page leaves a margin for them (Playwright's PDF draws its templates even
        // over a page without margins, so it cannot stand in for a browser's print here).
        var defaults = Path.Combine(BrowserFixture.ScreenshotFolder, $"report-{lang}-browser-defaults.pdf");
        Run(BrowserFixture.ChromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            $"--print-to-pdf={defaults}", new Uri(fixture.BaseAddress, $"{path}?lang={lang}").ToString());
        var printed = Run("pdftotext", defaults, "-");
        Assert.Contains("Customer service (demo)", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, printed, StringComparison.Ordinal);

        var info = Run("pdfinfo", pdf);
        Assert.Matches(@"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var texts = Enumerable.Range(1, pages).Select(number => Run("pdftotext", "-layout", "-f", $"{number}", "-l", $"{number}", pdf, "-")).ToArray();
        var all = Run("pdftotext", pdf, "-");

        // The secret address is nowhere on paper.
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("/r/", all, StringComparison.Ordinal);
        Assert.DoesNotContain(controls, all, StringComparison.Ordinal);

        // Page 1: the headline, the findings and the whole chart (its legend's bubble-size line).
        Assert.Contains("Customer service (demo)", texts[0]);
        Assert.Matches($@"(?m)^\s*{Regex.Escape(findings)}\s*$", texts[0]);
        Assert.Matches($@"(?m)^\s*{Regex.Escape(chart)}\s*$", texts[0]);
        Assert.Contains(legend, texts[0]);

        // No near-empty page but the last.
        Assert.All(texts[..^1], text => Assert.True(text.Split('\n').Count(line => line.Trim().Length > 0) >= 20, $"a page holds only: {text}"));

        // Every classification column's value of every feature, in that feature's part of the printout.
        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        var heading = Regex.Match(all, $@"(?m)^\f?{Regex.Escape(classification)}\s*$");
        Assert.True(heading.Success, "the printout has no classification");
        var flat = Regex.Replace(all[heading.Index..], @"\s+", " ");
        var starts = features.Select(feature => flat.IndexOf(feature.GetProperty("name").GetString()!, StringComparison.Ordinal)).ToArray();
        Assert.All(starts, start => Assert.True(start > 0, "a feature is missing from the printed classification"));
        Assert.Equal(starts.Order(), starts);
        for (var f = 0; f < features.Length; f++)
        {
            var feature = features[f];
            var card = flat[starts[f]..(f + 1 < features.Length ? starts[f + 1] : flat.Length)];
            string[] values =
            [
                feature.GetProperty("label").GetString()!, $"({feature.GetProperty("code").GetString()})",
                feature.GetProperty("dual").ValueKind == JsonValueKind.String ? feature.GetProperty("dual").GetString()! : "—",
                feature.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture),
                Number(feature.GetProperty("better")), Number(feature.GetProperty("worse")),
                $"{Number(feature.GetProperty("betterInterval").GetProperty("low"))} {to} {Number(feature.GetProperty("betterInterval").GetProperty("high"))}",
                $"{Number(feature.GetProperty("worseInterval").GetProperty("low"))} {to} {Number(feature.GetProperty("worseInterval").GetProperty("high"))}",
                Number(feature.GetProperty("categoryStrength")), Number(feature.GetProperty("totalStrength")),
                $"{feature.GetProperty("fong").GetProperty("first").GetString()}",
                feature.GetProperty("categoryProbabilities").GetProperty(feature.GetProperty("code").GetString()!).GetDouble().ToString("0.000", CultureInfo.GetCultureInfo(lang)),
                Number(feature.GetProperty("importance").GetProperty("mean")), Number(feature.GetProperty("satisfaction").GetProperty("mean")),
                .. feature.GetProperty("warnings").EnumerateArray().Select(warning => string.Join(" ", warning.GetString()!.Split(' ').Take(4))),
            ];
            Assert.All(values, value => Assert.True(card.Contains(value, StringComparison.Ordinal), $"the printed card of {feature.GetProperty("key")} lacks \"{value}\": {card}"));
        }
    }

    [Theory]
    [InlineData("en", "en-GB")]
    [InlineData("vi", "vi-VN")]
    public async Task OnAPhoneEachFeatureIsACardWithItsWarningsAndTheChartIsAlsoAListByQuadrant(string lang, string locale)
    {
        var (surveyId, path) = await DemoReportLink();
        var analysis = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis?lang={lang}");
        var page = await fixture.NewPageAsync(375, locale);
        await page.GotoAsync($"{path}?lang={lang}");

        var rows = page.Locator("#classification tbody tr");
        Assert.Equal("block", await rows.First.EvaluateAsync<string>("row => getComputedStyle(row).display"));
        // A card is no wider than the screen: nothing to scroll sideways to read.
        Assert.True(await rows.First.EvaluateAsync<bool>("row => row.getBoundingClientRect().right <= window.innerWidth"));
        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        for (var f = 0; f < features.Length; f++)
        {
            foreach (var warning in features[f].GetProperty("warnings").EnumerateArray())
            {
                var cell = rows.Nth(f).Locator("[data-field=warnings]");
                Assert.True(await cell.IsVisibleAsync());
                Assert.True(await cell.EvaluateAsync<bool>("cell => cell.getBoundingClientRect().right <= window.innerWidth"));
                Assert.Contains(warning.GetString()!, await cell.InnerTextAsync(), StringComparison.Ordinal);
            }
        }

        Assert.True(await page.Locator("#chart .quadrants").IsVisibleAsync());
        Assert.Equal(
            features.Count(feature => feature.GetProperty("better").ValueKind == JsonValueKind.Number),
            await page.Locator("#chart .quadrants li[data-key]").CountAsync());
        var wider = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.skip'))
                .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))
            """);
        Assert.True(wider.Length == 0, "wider than the phone: " + string.Join("\n", wider));
        await page.Context.CloseAsync();
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
        // The README's pictures (docs/screenshots/report*.png are copies): the top of the page, the classification, a phone's card.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-top.png"), FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = 1560 } });
        var classification = await page.Locator("#classification").BoundingBoxAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-classification.png"), FullPage = true, Clip = new Clip { X = 0, Y = classification!.Y - 16, Width = 1280, Height = 1100 } });
        await page.SetViewportSizeAsync(375, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-375.png"), FullPage = true });
        var card = await page.Locator("#classification tbody tr").First.BoundingBoxAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-phone.png"), FullPage = true, Clip = new Clip { X = 0, Y = card!.Y - 200, Width = 375, Height = 900 } });
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
