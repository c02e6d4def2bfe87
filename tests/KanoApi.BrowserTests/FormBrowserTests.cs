using System.Text.Json;
using Microsoft.Playwright;
using static KanoApi.BrowserTests.FormBrowsing;

namespace KanoApi.BrowserTests;

/// <summary>The hosted form in Debian's chromium, against the real service: what a customer with a link does.</summary>
public sealed class FormBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Features = ["one-click-checkout", "free-delivery", "order-tracking"];

    private async Task<(long SurveyId, string Path, long LinkId)> ASurveyWithAFormLink(bool scales = false)
    {
        var survey = await fixture.PostAsync("/v1/surveys", new { name = "Checkout 2026", description = "Browser test" });
        var surveyId = survey.GetProperty("id").GetInt64();
        var names = new Dictionary<string, string>
        {
            ["one-click-checkout"] = "one-click checkout",
            ["free-delivery"] = "free delivery on every order",
            ["order-tracking"] = "live order tracking",
        };
        foreach (var key in Features)
        {
            await fixture.PostAsync($"/v1/surveys/{surveyId}/features", new { key, name = names[key] });
        }

        var patch = await fixture.Api.PatchAsync($"/v1/surveys/{surveyId}", JsonContent(new
        {
            questionnaire = new
            {
                askImportance = scales,
                intro = new
                {
                    en = "We are improving checkout. Tell us how you would feel about each idea; it takes about two minutes.",
                    vi = "Chúng tôi đang cải thiện việc thanh toán. Hãy cho biết bạn cảm thấy thế nào về từng ý tưởng; chỉ mất khoảng hai phút.",
                },
            },
        }));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var link = await fixture.PostAsync($"/v1/surveys/{surveyId}/links", new { name = "browser test", segments = new { channel = "browser" } });
        return (surveyId, new Uri(link.GetProperty("url").GetString()!).PathAndQuery, link.GetProperty("id").GetInt64());
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonElement> Analysis(long surveyId) => await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis");

    private async Task<int> StoredResponses(long surveyId) =>
        (await fixture.GetAsync($"/v1/surveys/{surveyId}/responses")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task AnEnglishSubmissionFromTheBrowserAppearsInTheAnalysis()
    {
        var (surveyId, path, _) = await ASurveyWithAFormLink(scales: true);
        var page = await fixture.NewPageAsync(1280, "en-GB");
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Screenshot(page, "form-en-1280");

        await Choose(page, "How would you feel if one-click checkout were available?", "I like it");
        await Choose(page, "How would you feel if one-click checkout were not available?", "I dislike it");
        await Choose(page, "How would you feel if free delivery on every order were available?", "I expect it");
        await Choose(page, "How would you feel if free delivery on every order were not available?", "I dislike it");
        await Choose(page, "How would you feel if live order tracking were available?", "I like it");
        await Choose(page, "How would you feel if live order tracking were not available?", "I am neutral");
        await page.Locator("#feature-one-click-checkout").GetByRole(AriaRole.Radio, new() { Name = "9 Extremely important" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync();
        await Screenshot(page, "thank-you-en-1280");
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        var analysis = await Analysis(surveyId);
        Assert.Equal(1, analysis.GetProperty("respondents").GetInt64());
        var byKey = analysis.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(1, byKey["one-click-checkout"].GetProperty("counts").GetProperty("O").GetInt64());
        Assert.Equal(1, byKey["free-delivery"].GetProperty("counts").GetProperty("M").GetInt64());
        Assert.Equal(1, byKey["order-tracking"].GetProperty("counts").GetProperty("A").GetInt64());
        var stored = (await fixture.GetAsync($"/v1/surveys/{surveyId}/responses")).GetProperty("items")[0];
        Assert.Equal("browser", stored.GetProperty("segments").GetProperty("channel").GetString());
        Assert.Contains(stored.GetProperty("answers").EnumerateArray(), a => a.GetProperty("feature").GetString() == "one-click-checkout" && a.GetProperty("importance").GetInt32() == 9);
    }

    [Fact]
    public async Task AVietnameseSubmissionOnAPhoneAppearsInTheAnalysis()
    {
        var (surveyId, path, _) = await ASurveyWithAFormLink();
        // With JavaScript switched off in the page: the form needs none.
        var page = await fixture.NewPageAsync(375, "vi-VN", javaScript: false);
        await page.GotoAsync(path);
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        await Screenshot(page, "form-vi-375");

        // Nothing wider than the phone: no sideways scrolling.
        var box = await page.Locator("main").BoundingBoxAsync();
        Assert.True(box!.X >= 0 && box.X + box.Width <= 375, $"the page is {box.X + box.Width} px wide");

        await Choose(page, "Nếu sản phẩm có one-click checkout, bạn cảm thấy thế nào?", "Tôi thích như vậy");
        await Choose(page, "Nếu sản phẩm không có one-click checkout, bạn cảm thấy thế nào?", "Tôi thấy bình thường");
        await Choose(page, "Nếu sản phẩm có free delivery on every order, bạn cảm thấy thế nào?", "Tôi thích như vậy");
        await Choose(page, "Nếu sản phẩm không có free delivery on every order, bạn cảm thấy thế nào?", "Tôi không thích như vậy");
        await Choose(page, "Nếu sản phẩm có live order tracking, bạn cảm thấy thế nào?", "Tôi thấy bình thường");
        await Choose(page, "Nếu sản phẩm không có live order tracking, bạn cảm thấy thế nào?", "Tôi thấy bình thường");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi câu trả lời" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cảm ơn bạn!" })).ToBeVisibleAsync();
        await Screenshot(page, "thank-you-vi-375");

        var byKey = (await Analysis(surveyId)).GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(1, byKey["one-click-checkout"].GetProperty("counts").GetProperty("A").GetInt64());
        Assert.Equal(1, byKey["free-delivery"].GetProperty("counts").GetProperty("O").GetInt64());
        Assert.Equal(1, byKey["order-tracking"].GetProperty("counts").GetProperty("I").GetInt64());
    }

    [Fact]
    public async Task TheLanguageSwitchOnThePageTurnsTheFormVietnamese()
    {
        var (_, path, _) = await ASurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Gửi câu trả lời" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AMissingAnswerShowsItsMessageNextToTheQuestionAndNothingIsStored()
    {
        var (surveyId, path, _) = await ASurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        await Choose(page, "How would you feel if one-click checkout were available?", "I like it");
        await Choose(page, "How would you feel if one-click checkout were not available?", "I dislike it");
        await Choose(page, "How would you feel if free delivery on every order were available?", "I expect it");
        await Choose(page, "How would you feel if live order tracking were available?", "I like it");
        await Choose(page, "How would you feel if live order tracking were not available?", "I am neutral");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        var missing = page.GetByRole(AriaRole.Group, new() { Name = "How would you feel if free delivery on every order were not available?" });
        await Assertions.Expect(missing.GetByText("Please choose an answer.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".error")).ToHaveCountAsync(1);
        // The answers given are still chosen, so only the missing one needs doing.
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "How would you feel if one-click checkout were available?" })
            .GetByRole(AriaRole.Radio, new() { Name = "I like it", Exact = true })).ToBeCheckedAsync();
        await Screenshot(page, "form-missing-answer-1280");
        Assert.Empty(await Axe.ViolationsAsync(page));
        Assert.Equal(0, await StoredResponses(surveyId));

        await missing.GetByRole(AriaRole.Radio, new() { Name = "I dislike it", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync();
        Assert.Equal(1, await StoredResponses(surveyId));
    }

    [Fact]
    public async Task TheFormCanBeAnsweredWithTheKeyboardAlone()
    {
        var (surveyId, path, _) = await ASurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);

        // Tab past the language switch into the first question, choose with the arrow keys; Tab moves to the next group.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        for (var question = 0; question < Features.Length * 2; question++)
        {
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync();

        // Space chose "I like it", the arrow moved to "I expect it": every answer is must-be/must-be, indifferent.
        var features = (await Analysis(surveyId)).GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(3, features.Length);
        Assert.All(features, f => Assert.Equal(1, f.GetProperty("counts").GetProperty("I").GetInt64()));
    }

    [Fact]
    public async Task ARevokedLinkShowsTheNotFoundPage()
    {
        var (surveyId, path, linkId) = await ASurveyWithAFormLink();
        var revoke = await fixture.Api.DeleteAsync($"/v1/surveys/{surveyId}/links/{linkId}");
        Assert.True(revoke.IsSuccessStatusCode);

        var page = await fixture.NewPageAsync(1280, "en-GB");
        var response = await page.GotoAsync(path);
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link does not work" })).ToBeVisibleAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));
        await Screenshot(page, "link-not-found-1280");
    }

    [Theory]
    [InlineData("en-GB", 1280)]
    [InlineData("en-GB", 375)]
    [InlineData("vi-VN", 1280)]
    [InlineData("vi-VN", 375)]
    public async Task AxeFindsNoViolationsOnTheForm(string locale, int width)
    {
        var (_, path, _) = await ASurveyWithAFormLink(scales: true);
        var page = await fixture.NewPageAsync(width, locale);
        await page.GotoAsync(path);
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await Screenshot(page, $"form-scales-{locale}-{width}");
    }

    [Fact]
    public async Task ThePageRunsNoScriptAndLoadsNothingFromElsewhere()
    {
        var (_, path, _) = await ASurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(path);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.All(requests, url => Assert.StartsWith(fixture.BaseAddress.ToString(), url));
        // The stylesheet applied: the submit button is styled by it, not the browser's default grey.
        var background = await page.GetByRole(AriaRole.Button).EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
        Assert.Equal("rgb(11, 92, 173)", background);
    }

    [Fact]
    public async Task TheSharedStylesheetFramesEachFeatureAsACardAndEachQuestionBelowALine()
    {
        // The form and the report share one sheet; its report section must not restyle the form (nor the form's the report).
        var (_, path, _) = await ASurveyWithAFormLink();
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        var card = await page.Locator("fieldset.card").First.EvaluateAsync<string>(
            "c => [getComputedStyle(c).paddingTop, getComputedStyle(c).borderTopWidth, getComputedStyle(c).backgroundColor].join(' ')");
        Assert.Equal("16px 1px rgb(255, 255, 255)", card);
        var question = await page.Locator("fieldset.question").First.EvaluateAsync<string>(
            "q => [getComputedStyle(q).paddingTop, getComputedStyle(q).borderTopWidth].join(' ')");
        Assert.Equal("12px 1px", question);
    }
}
