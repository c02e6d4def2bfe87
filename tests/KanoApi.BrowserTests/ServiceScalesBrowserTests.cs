using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace KanoApi.BrowserTests;

/// <summary>
/// SERVQUAL's expectation and perception on the hosted form (issue 21, Forms/ServiceScales.razor) in Debian's chromium:
/// each statement is a group a person (and a screen reader) finds by its words, each point a radio found by its label.
/// </summary>
public sealed class ServiceScalesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<(long SurveyId, string Path)> AServiceSurveyWithAFormLink()
    {
        var survey = await fixture.PostAsync("/v1/surveys", new { name = "Branch service 2026" });
        var surveyId = survey.GetProperty("id").GetInt64();
        await fixture.PostAsync($"/v1/surveys/{surveyId}/features", new { key = "fast-complaints", name = "fast complaint resolution", dimension = "responsiveness" });
        var patch = await fixture.Api.PatchAsync($"/v1/surveys/{surveyId}", new StringContent(
            JsonSerializer.Serialize(new { questionnaire = new { askServiceQuality = true } }), Encoding.UTF8, "application/json"));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var link = await fixture.PostAsync($"/v1/surveys/{surveyId}/links", new { name = "service scales" });
        return (surveyId, new Uri(link.GetProperty("url").GetString()!).PathAndQuery);
    }

    private static Task Choose(IPage page, string group, string option) =>
        page.GetByRole(AriaRole.Group, new() { Name = group, Exact = false })
            .GetByRole(AriaRole.Radio, new() { Name = option, Exact = true })
            .CheckAsync();

    [Fact]
    public async Task BothStatementsAreAnsweredByTheirLabelledPointsAndStored()
    {
        var (surveyId, path) = await AServiceSurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        Assert.Equal(200, (await page.GotoAsync(path))!.Status);

        await Choose(page, "How would you feel if fast complaint resolution were available?", "I like it");
        await Choose(page, "How would you feel if fast complaint resolution were not available?", "I dislike it");
        await Choose(page, "An excellent service of this kind should perform well on “fast complaint resolution”.", "7 Strongly agree");
        await Choose(page, "This service performs well on “fast complaint resolution”.", "3 Somewhat disagree");
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync();
        var answer = (await fixture.GetAsync($"/v1/surveys/{surveyId}/responses")).GetProperty("items")[0].GetProperty("answers")[0];
        Assert.Equal(7, answer.GetProperty("expectation").GetInt32());
        Assert.Equal(3, answer.GetProperty("perception").GetInt32());
    }

    [Theory]
    [InlineData("vi-VN", 375)]
    [InlineData("en-GB", 375)]
    public async Task AxeFindsNoViolationsInTheScalesOnAPhone(string locale, int width)
    {
        var (_, path) = await AServiceSurveyWithAFormLink();
        var page = await fixture.NewPageAsync(width, locale);
        await page.GotoAsync(path);

        await Assertions.Expect(page.Locator("fieldset.service-scales")).ToBeVisibleAsync();
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
