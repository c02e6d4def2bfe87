using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.Testing;
using Microsoft.Playwright;

namespace KanoApi.BrowserTests;

/// <summary>
/// The real service (a separate process over its own SQLite file) and one headless Debian chromium, shared by the
/// tests of a class. Playwright drives the browser installed by the system package: it never downloads one.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package; override with KANO_CHROMIUM for another installed build.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("KANO_CHROMIUM") ?? "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    private readonly string folder = Path.Combine(Path.GetTempPath(), "kano-browser-tests", Guid.NewGuid().ToString("N"));
    private ServiceProcess? service;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Extra environment of the service, for a fixture that needs it (e.g. the demo survey seeded).</summary>
    protected virtual IReadOnlyDictionary<string, string>? ServiceEnvironment => null;

    public Uri BaseAddress => service!.BaseAddress;

    /// <summary>An API client with the service's admin key.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots beside the test project, kept as test output.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "KanoApi.BrowserTests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No chromium at {ChromiumPath}: install Debian's package (apt-get install chromium) or set KANO_CHROMIUM.");
        }

        Directory.CreateDirectory(folder);
        service = ServiceProcess.Start(ServiceProcess.FindServiceDll(), Path.Combine(folder, "kano.db"), ServiceEnvironment);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        Api = service.CreateClient(TimeSpan.FromSeconds(30));

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        if (service is not null)
        {
            await service.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temporary folder is cleaned by the system
        }
    }

    /// <summary>A fresh browser context (no cookies from other tests) of the given width, in the given browser language.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, string locale = "en-GB", bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = locale,
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await Api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement;
    }
}

/// <summary>axe-core (from npm, tests/KanoApi.BrowserTests/node_modules) run inside a page.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "KanoApi.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException("axe-core is missing: run `npm ci` in tests/KanoApi.BrowserTests.", path);
    });

    /// <summary>
    /// The violations axe finds (WCAG 2.x A and AA and best practices), as "rule: target" lines; empty when none.
    /// axe is injected through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        await page.EvaluateAsync(Script.Value);
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '));
            }
            """);
        return result.EnumerateArray().Select(item => item.GetString()!).ToArray();
    }
}
