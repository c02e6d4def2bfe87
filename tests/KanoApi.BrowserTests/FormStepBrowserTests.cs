using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static KanoApi.BrowserTests.FormBrowsing;

namespace KanoApi.BrowserTests;

/// <summary>
/// The form as issue 22 wants it for a respondent: in their language (the public title, the features' own names and
/// descriptions), a few features per step with a progress bar, answers side by side on a wide screen, and the same
/// without script, by keyboard and clean under axe at 1280 and 375 px. Writes the README's pictures of the form.
/// </summary>
public sealed class FormStepBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly (string Key, string Name, string NameVi, string DescriptionVi)[] Features =
    [
        ("one-click-checkout", "One-click checkout", "thanh toán một chạm", "Thanh toán bằng thẻ đã lưu chỉ với một lần bấm."),
        ("free-delivery", "Free delivery", "giao hàng miễn phí", "Không tính phí giao hàng cho mọi đơn."),
        ("order-tracking", "Live order tracking", "theo dõi đơn hàng trực tiếp", "Xem đơn hàng đang ở đâu theo thời gian thực."),
        ("gift-wrap", "Gift wrapping", "gói quà", "Gói quà miễn phí kèm thiệp."),
        ("saved-carts", "Saved carts", "lưu giỏ hàng", "Giỏ hàng được giữ giữa các thiết bị."),
    ];

    /// <summary>A survey of five translated features with a public title, asked <paramref name="perStep"/> features per step.</summary>
    private async Task<(long SurveyId, string Path)> ATranslatedSurvey(int perStep, bool scales = false)
    {
        var survey = await fixture.PostAsync("/v1/surveys", new { name = "Checkout 2026 wave 2 (internal)" });
        var surveyId = survey.GetProperty("id").GetInt64();
        foreach (var (key, name, nameVi, descriptionVi) in Features)
        {
            await fixture.PostAsync($"/v1/surveys/{surveyId}/features", new { key, name, nameVi, descriptionVi, description = $"{name}, at no extra effort." });
        }

        var patch = await fixture.Api.PatchAsync($"/v1/surveys/{surveyId}", new StringContent(JsonSerializer.Serialize(new
        {
            questionnaire = new
            {
                randomizeOrder = false,
                featuresPerStep = perStep,
                askImportance = scales,
                askedBy = "Acme Shop",
                title = new { en = "Your checkout at Acme", vi = "Trải nghiệm thanh toán tại Acme" },
            },
        }), Encoding.UTF8, "application/json"));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var link = await fixture.PostAsync($"/v1/surveys/{surveyId}/links", new { name = "browser steps" });
        return (surveyId, new Uri(link.GetProperty("url").GetString()!).PathAndQuery);
    }

    private async Task<int> StoredResponses(long surveyId) =>
        (await fixture.GetAsync($"/v1/surveys/{surveyId}/responses")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task AVietnamesePhoneWithoutScriptAnswersStepByStepInVietnameseAndIsStoredOnlyAtTheEnd()
    {
        var (surveyId, path) = await ATranslatedSurvey(perStep: 2);
        var page = await fixture.NewPageAsync(375, "vi-VN", javaScript: false);
        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trải nghiệm thanh toán tại Acme", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".intro")).ToContainTextAsync("Acme Shop muốn biết ý kiến của bạn.");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("One-click checkout", text);
        Assert.DoesNotContain("internal", text);
        await Screenshot(page, "form-steps-vi-375");

        var steps = new[] { Features[..2], Features[2..4], Features[4..] };
        for (var step = 0; step < steps.Length; step++)
        {
            await Assertions.Expect(page.Locator("#progress-label")).ToHaveTextAsync($"Bước {step + 1} / 3");
            await Assertions.Expect(page.Locator("fieldset.feature")).ToHaveCountAsync(steps[step].Length);
            foreach (var feature in steps[step])
            {
                await Assertions.Expect(page.Locator($"#feature-{feature.Key} .description")).ToHaveTextAsync(feature.DescriptionVi);
                await Choose(page, $"Nếu sản phẩm có {feature.NameVi}, bạn cảm thấy thế nào?", "Tôi thích như vậy", exactQuestion: true);
                await Choose(page, $"Nếu sản phẩm không có {feature.NameVi}, bạn cảm thấy thế nào?", "Tôi không thích như vậy", exactQuestion: true);
            }

            // Nothing wider than the phone, and nothing stored before the last step.
            var box = await page.Locator("main").BoundingBoxAsync();
            Assert.True(box!.X + box.Width <= 375, $"the page is {box.X + box.Width} px wide");
            Assert.Equal(0, await StoredResponses(surveyId));
            await page.GetByRole(AriaRole.Button, new() { Name = step < 2 ? "Tiếp theo" : "Gửi câu trả lời" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cảm ơn bạn!" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Cảm ơn bạn đã trả lời “Trải nghiệm thanh toán tại Acme”.")).ToBeVisibleAsync();
        var analysis = await fixture.GetAsync($"/v1/surveys/{surveyId}/analysis");
        Assert.Equal(1, analysis.GetProperty("respondents").GetInt64());
        Assert.All(analysis.GetProperty("features").EnumerateArray(), f => Assert.Equal(1, f.GetProperty("counts").GetProperty("O").GetInt64()));
    }

    [Fact]
    public async Task AMissingAnswerInAStepIsShownOnThatStepAndBackReturnsToTheEarlierAnswers()
    {
        var (surveyId, path) = await ATranslatedSurvey(perStep: 2);
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        await Choose(page, "How would you feel if One-click checkout were available?", "I like it", exactQuestion: true);
        await Choose(page, "How would you feel if One-click checkout were not available?", "I dislike it", exactQuestion: true);
        await Choose(page, "How would you feel if Free delivery were available?", "I expect it", exactQuestion: true);
        await Choose(page, "How would you feel if Free delivery were not available?", "I dislike it", exactQuestion: true);
        await Screenshot(page, "form-steps-en-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Choose(page, "How would you feel if Live order tracking were available?", "I like it", exactQuestion: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        var missing = page.GetByRole(AriaRole.Group, new() { Name = "How would you feel if Live order tracking were not available?" });
        await Assertions.Expect(missing.GetByText("Please choose an answer.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#progress-label")).ToHaveTextAsync("Step 2 of 3");
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await Assertions.Expect(page.Locator("#progress-label")).ToHaveTextAsync("Step 1 of 3");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "How would you feel if Free delivery were available?" })
            .GetByRole(AriaRole.Radio, new() { Name = "I expect it", Exact = true })).ToBeCheckedAsync();
        Assert.Equal(0, await StoredResponses(surveyId));
    }

    [Fact]
    public async Task OnAWideScreenTheFiveAnswersOfAQuestionSitInOneRowAndAScaleInAnother()
    {
        var (_, path) = await ATranslatedSurvey(perStep: 0, scales: true);
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        var answers = page.Locator("#q-one-click-checkout-functional label");
        await Assertions.Expect(answers).ToHaveCountAsync(5);
        Assert.Single(await Rows(answers));
        var points = page.Locator("#q-one-click-checkout-importance label");
        await Assertions.Expect(points).ToHaveCountAsync(9);
        Assert.Single(await Rows(points));
        await Screenshot(page, "form-scales-row-en-1280");

        // On a phone the answers stack, one a line.
        await page.SetViewportSizeAsync(375, 900);
        Assert.Equal(5, (await Rows(answers)).Count);
    }

    /// <summary>The distinct tops of these elements: one when they sit in one row.</summary>
    private static async Task<HashSet<double>> Rows(ILocator elements)
    {
        var tops = new HashSet<double>();
        foreach (var element in await elements.AllAsync())
        {
            tops.Add(Math.Round((await element.BoundingBoxAsync())!.Y));
        }

        return tops;
    }

    [Theory]
    [InlineData("en-GB", 1280)]
    [InlineData("en-GB", 375)]
    [InlineData("vi-VN", 1280)]
    [InlineData("vi-VN", 375)]
    public async Task AxeFindsNoViolationsOnAFormInStepsWithScales(string locale, int width)
    {
        var (_, path) = await ATranslatedSurvey(perStep: 2, scales: true);
        var page = await fixture.NewPageAsync(width, locale);
        await page.GotoAsync(path);
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await Screenshot(page, $"form-steps-scales-{locale}-{width}");
    }

    [Fact]
    public async Task AStepCanBeAnsweredWithTheKeyboardAlone()
    {
        var (surveyId, path) = await ATranslatedSurvey(perStep: 5);
        var page = await fixture.NewPageAsync(1280, "en-GB");
        await page.GotoAsync(path);
        await page.Locator("#q-one-click-checkout-functional-like").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        for (var question = 1; question < Features.Length * 2; question++)
        {
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Space");
        }

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync();
        Assert.Equal(1, await StoredResponses(surveyId));
    }
}
