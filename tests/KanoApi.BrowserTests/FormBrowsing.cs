using Microsoft.Playwright;

namespace KanoApi.BrowserTests;

/// <summary>What the form's browser tests do as a respondent: answer a question by its words, keep a picture of the page.</summary>
public static class FormBrowsing
{
    /// <summary>Answers one question by its visible words: the group named by the question, the radio named by the answer.</summary>
    public static Task Choose(IPage page, string question, string answer, bool exactQuestion = false) =>
        page.GetByRole(AriaRole.Group, new() { Name = question, Exact = exactQuestion })
            .GetByRole(AriaRole.Radio, new() { Name = answer, Exact = true })
            .CheckAsync();

    /// <summary>The whole page, and what the first screen shows (the README's pictures are some of these).</summary>
    public static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + "-first-screen.png") });
    }
}
