using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

public sealed class FormTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private Task<(long SurveyId, string Path, long LinkId)> AFormLink(object? link = null, params string[] features) =>
        FormPages.AFormLink(admin, link, features);

    /// <summary>A browser-like client: keeps the antiforgery cookie between the page and its post.</summary>
    private HttpClient Browser() => factory.CreateClient();

    private Task<JsonElement> Responses(long surveyId) => FormPages.StoredResponses(admin, surveyId);

    [Fact]
    public async Task TheFormPageAsksEveryFeatureBothQuestionsWithoutAnyScript()
    {
        var (_, path, _) = await AFormLink(null, "wifi", "parking");
        var response = await Browser().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PublicPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("How would you feel if wifi were available?", html);
        Assert.Contains("How would you feel if parking were not available?", html);
        Assert.Equal(4, Regex.Count(html, "<fieldset class=\"question"));
        Assert.Equal(20, Regex.Count(html, "type=\"radio\""));
        Assert.Contains(PublicPages.AntiforgeryField, HiddenFields(html).Keys);
    }

    [Fact]
    public async Task NamesAndTextsTheTeamTypedAreEscapedNotRunAsMarkup()
    {
        var surveyId = await Given.ASurvey(admin, "<b>Checkout</b>");
        await Given.AFeature(admin, surveyId, "wifi", "<script>alert(1)</script>");
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { intro = new { en = "<img src=x onerror=alert(1)>" } } });
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { })).Json();

        var html = await (await Browser().GetAsync(new Uri(link.GetProperty("url").GetString()!).PathAndQuery + "?lang=en")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task TheFormSpeaksVietnameseByTheBrowsersLanguageOrTheSwitch()
    {
        var (_, path, _) = await AFormLink();
        var browser = Browser();
        var request = new HttpRequestMessage(HttpMethod.Get, path).WithHeader("Accept-Language", "vi-VN,vi;q=0.9");
        var html = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("Nếu sản phẩm có wifi, bạn cảm thấy thế nào?", html);
        Assert.Contains("Tôi thích như vậy", html);
        Assert.Contains(Texts.Of<PageTexts>(Language.Vietnamese)["Submit"], html);

        html = await (await browser.GetAsync(path + "?lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("?lang=vi", html);
    }

    [Fact]
    public async Task AValidSubmissionIsStoredOnceFiledUnderTheLinkAndCountedInTheAnalysis()
    {
        var (surveyId, path, linkId) = await AFormLink(new { wave = "2026-Q4", segments = new { channel = "newsletter" } }, "wifi", "parking");
        var browser = Browser();
        var withSegment = path + "?segment.plan=pro";
        var page = await (await browser.GetAsync(withSegment)).Content.ReadAsStringAsync();

        var first = await Submit(browser, withSegment, page, AllAnswered("wifi", "parking"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ThankYouTitle"], await first.Content.ReadAsStringAsync());
        var again = await Submit(browser, withSegment, page, AllAnswered("wifi", "parking"));
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ThankYouTitle"], await again.Content.ReadAsStringAsync());

        var stored = Assert.Single((await Responses(surveyId)).EnumerateArray());
        Assert.Equal("2026-Q4", stored.GetProperty("wave").GetString());
        Assert.Equal("newsletter", stored.GetProperty("segments").GetProperty("channel").GetString());
        Assert.Equal("pro", stored.GetProperty("segments").GetProperty("plan").GetString());
        Assert.StartsWith("form-", stored.GetProperty("respondentId").GetString());

        var analysis = await (await admin.GetAsync($"/v1/surveys/{surveyId}/analysis")).Json();
        Assert.Equal(1, analysis.GetProperty("respondents").GetInt64());
        foreach (var feature in analysis.GetProperty("features").EnumerateArray())
        {
            // like/dislike is one-dimensional (O) in the standard table.
            Assert.Equal(1, feature.GetProperty("n").GetInt64());
            Assert.Equal(1, feature.GetProperty("counts").GetProperty("O").GetInt64());
        }
        var link = await (await admin.GetAsync($"/v1/surveys/{surveyId}/links/{linkId}")).Json();
        Assert.Equal(1, link.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task AMissingAnswerShowsTheMessageNextToItsQuestionAndStoresNothing()
    {
        var (surveyId, path, _) = await AFormLink(null, "wifi", "parking");
        var browser = Browser();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var answers = AllAnswered("wifi", "parking");
        answers.Remove("parking.dysfunctional");
        answers["wifi.functional"] = "adore";

        var response = await Submit(browser, path, page, answers);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"q-parking-dysfunctional-error\"", html);
        Assert.Contains("id=\"q-wifi-functional-error\"", html);
        Assert.Equal(2, Regex.Count(html, $"<p class=\"error\" id=\"[^\"]+\">{Texts.Of<PageTexts>(Language.English)["ChooseAnAnswer"]}</p>"));
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ErrorSummary"], html);
        // What was answered stays chosen, and the same respondent (and so the same order) is kept.
        Assert.Contains("value=\"dislike\" checked", html);
        Assert.Equal(HiddenFields(page)["respondent"], HiddenFields(html)["respondent"]);
        Assert.Equal(0, (await Responses(surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task APostWithoutAValidAntiforgeryTokenStoresNothing()
    {
        var (surveyId, path, _) = await AFormLink(null, "wifi");
        var page = await (await Browser().GetAsync(path)).Content.ReadAsStringAsync();
        var fields = HiddenFields(page);
        foreach (var (name, value) in AllAnswered("wifi"))
        {
            fields[name] = value;
        }

        // Another site's page posting into the form: it has neither this browser's cookie nor a matching token.
        var forged = await Browser().PostAsync(path, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["FormExpired"], await forged.Content.ReadAsStringAsync());
        fields.Remove(PublicPages.AntiforgeryField);
        Assert.Equal(HttpStatusCode.BadRequest, (await Browser().PostAsync(path, new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(0, (await Responses(surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task UnknownRevokedFullAndExpiredLinksAnswerTheSameNotFoundPage()
    {
        var (surveyId, path, linkId) = await AFormLink(new { maxResponses = 1 }, "wifi");
        var unknown = await Browser().GetAsync("/f/" + KanoApi.Links.LinkTokens.Generate());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var notFound = await unknown.Content.ReadAsStringAsync();
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["NotFoundTitle"], notFound);

        var browser = Browser();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ThankYouTitle"], await (await Submit(browser, path, page, AllAnswered("wifi"))).Content.ReadAsStringAsync());
        var full = await Browser().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, full.StatusCode);
        Assert.Equal(notFound, await full.Content.ReadAsStringAsync());

        var (_, otherPath, otherId) = await AFormLink(null, "wifi");
        var otherBrowser = Browser();
        var otherPage = await (await otherBrowser.GetAsync(otherPath)).Content.ReadAsStringAsync();
        await admin.DeleteAsync($"/v1/surveys/{surveyId}/links/{linkId}");
        var otherSurvey = (await (await admin.GetAsync("/v1/surveys?limit=200")).Json()).GetProperty("items").EnumerateArray().Last().GetProperty("id").GetInt64();
        await admin.DeleteAsync($"/v1/surveys/{otherSurvey}/links/{otherId}");
        var revoked = await Submit(otherBrowser, otherPath, otherPage, AllAnswered("wifi"));
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(notFound, await revoked.Content.ReadAsStringAsync());
        Assert.Equal(0, (await Responses(otherSurvey)).GetArrayLength());

        var (_, expiringPath, expiringId) = await AFormLink(new { expiresAt = DateTimeOffset.UtcNow.AddHours(1) }, "wifi");
        Assert.Equal(HttpStatusCode.OK, (await Browser().GetAsync(expiringPath)).StatusCode);
        await using (var connection = factory.NewConnection())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE survey_links SET expires_at = @past WHERE id = @id",
                new { past = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"), id = expiringId });
        }

        var expired = await Browser().GetAsync(expiringPath);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(notFound, await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReportLinkDoesNotOpenTheForm()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var report = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();
        var token = report.GetProperty("url").GetString()!.Split('/')[^1];
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/f/" + token)).StatusCode);
    }

    [Fact]
    public async Task TheScalesAreOptionalButAChosenPointMustBeOnTheScale()
    {
        var (surveyId, path, _) = await AFormLink(null, "wifi");
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askImportance = true, askSatisfaction = true } });
        var browser = Browser();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains("Extremely important", page);
        Assert.Contains("Very satisfied", page);

        var answers = AllAnswered("wifi");
        answers["wifi.importance"] = "10";
        var refused = await Submit(browser, path, page, answers);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"q-wifi-importance-error\"", await refused.Content.ReadAsStringAsync());

        answers["wifi.importance"] = "8";
        Assert.Equal(HttpStatusCode.OK, (await Submit(browser, path, page, answers)).StatusCode);
        var stored = (await Responses(surveyId))[0].GetProperty("answers")[0];
        Assert.Equal(8, stored.GetProperty("importance").GetInt32());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("satisfaction").ValueKind);
    }

    [Fact]
    public async Task AnInvalidSegmentInTheAddressIsRefusedWithAPageNotStoredHalfway()
    {
        var (surveyId, path, _) = await AFormLink(null, "wifi");
        var response = await Browser().GetAsync(path + "?segment.plan=" + new string('x', 101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["BadAddressTitle"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await Responses(surveyId)).GetArrayLength());
    }
}
