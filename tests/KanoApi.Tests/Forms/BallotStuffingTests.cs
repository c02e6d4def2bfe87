using System.Net;
using System.Net.Http.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using Microsoft.Extensions.DependencyInjection;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

/// <summary>
/// One rendered form stores at most one respondent: the respondent it carries is issued with the page, signed and
/// bound to the link, so neither a made-up respondent id nor a replayed antiforgery token makes a second one.
/// </summary>
public sealed class BallotStuffingTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    [Fact]
    public async Task ThirtyMadeUpRespondentIdsThroughOneRenderedFormStoreOneRespondentAndTheLinkStaysOpen()
    {
        var (surveyId, path, linkId) = await AFormLink(admin, new { maxResponses = 30 }, "wifi");
        var attacker = factory.CreateClient();
        var page = await (await attacker.GetAsync(path)).Content.ReadAsStringAsync();

        // The page's antiforgery token and cookie replayed 30 times, each post naming a respondent of its own.
        for (var i = 0; i < 30; i++)
        {
            var answers = AllAnswered("wifi");
            answers["respondent"] = $"form-{Guid.NewGuid():N}";
            await Submit(attacker, path, page, answers);
        }

        // And the page exactly as rendered, 30 times.
        for (var i = 0; i < 30; i++)
        {
            var replay = await Submit(attacker, path, page, AllAnswered("wifi"));
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Contains(Texts.Of<PageTexts>(Language.English)["ThankYouTitle"], await replay.Content.ReadAsStringAsync());
        }

        Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
        var link = await (await admin.GetAsync($"/v1/surveys/{surveyId}/links/{linkId}")).Json();
        Assert.Equal(1, link.GetProperty("responses").GetInt32());
        Assert.Equal("active", link.GetProperty("state").GetString());

        // A real respondent still gets in.
        var person = factory.CreateClient();
        var theirPage = await (await person.GetAsync(path)).Content.ReadAsStringAsync();
        var sent = await Submit(person, path, theirPage, AllAnswered("wifi"));
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ThankYouTitle"], await sent.Content.ReadAsStringAsync());
        Assert.Equal(2, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task AMadeUpRespondentIsRefusedAsAnExpiredFormAndNothingIsStored()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var answers = AllAnswered("wifi");
        answers["respondent"] = "form-0123456789abcdef0123456789abcdef";

        var response = await Submit(browser, path, page, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["FormExpired"], html);
        // The answers are shown again to send, under a respondent issued afresh, not the one the client chose.
        Assert.Contains("value=\"like\" checked", html);
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", html);
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    public static TheoryData<string> NotSeals => new() { "", " ", "x", "!!!!", "%00", "CfDJ8" + new string('A', 5000), "form-" + new string('0', 32) + " 1" };

    [Theory]
    [MemberData(nameof(NotSeals))]
    public async Task WhateverTheRespondentFieldHoldsOtherThanTheSealNothingIsStoredAndNothingFails(string field)
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var answers = AllAnswered("wifi");
        answers["respondent"] = field;

        var response = await Submit(browser, path, page, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["FormExpired"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task ARenderedFormOfOneLinkStoresNothingThroughAnotherLink()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var other = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { segments = new { channel = "other" } })).Json();
        var otherPath = new Uri(other.GetProperty("url").GetString()!).AbsolutePath;
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();

        var response = await Submit(browser, otherPath, page, AllAnswered("wifi"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["FormExpired"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task AnExpiredRenderIsRefusedAndTheAnswersComeBackUnderANewOne()
    {
        var (surveyId, path, linkId) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        // A render whose time ran out a minute ago, signed by this service for this link (what the page would carry).
        var answers = AllAnswered("wifi");
        var respondents = factory.Services.GetRequiredService<KanoApi.Forms.FormRespondents>();
        answers["respondent"] = respondents.Issue(linkId, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)).Ticket;

        var response = await Submit(browser, path, page, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["FormExpired"], html);
        Assert.NotEqual(answers["respondent"], HiddenFields(html)["respondent"]);
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Submit(browser, path, html, AllAnswered("wifi"))).StatusCode);
        Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
    }
}
