using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using KanoApi.Reports;
using Microsoft.Data.Sqlite;

namespace KanoApi.Tests.Reports;

/// <summary>The report a report link opens at <c>/r/{token}</c>: anonymous, that survey only, one 404 page for every dead link.</summary>
public sealed class ReportLinkTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Keys = ["fast-checkout", "dark-mode", "order-tracking"];

    private readonly HttpClient admin = factory.CreateAdminClient();
    private readonly HttpClient anonymous = factory.CreateClient();

    private async Task<long> ASurveyWithAnswers(string language = "en", int seed = 7, int respondents = 80)
    {
        var response = await admin.PostAsJsonAsync("/v1/surveys", new { name = "Shared study", language });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var surveyId = (await response.Json()).GetProperty("id").GetInt64();
        foreach (var key in Keys)
        {
            await Given.AFeature(admin, surveyId, key);
        }

        await Given.Responses(admin, surveyId, Given.RandomRespondents(seed, respondents, Keys));
        return surveyId;
    }

    private async Task<JsonElement> ALink(long surveyId, string kind = "report", object? expiresAt = null)
    {
        var response = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind, name = "Board", expiresAt });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static string PathOf(JsonElement link) => new Uri(link.GetProperty("url").GetString()!).AbsolutePath;

    [Fact]
    public async Task AReportLinkShowsTheReportToAnyoneWithoutAKey()
    {
        var surveyId = await ASurveyWithAnswers();
        var path = PathOf(await ALink(surveyId));
        var analysis = await (await admin.GetAsync($"/v1/surveys/{surveyId}/analysis")).Json();

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/r/", path);
        var page = new ReportHtml(await response.Content.ReadAsStringAsync());
        Assert.Equal("80", page.Field("respondents"));
        Assert.Equal(
            analysis.GetProperty("features").EnumerateArray().Select(feature => feature.GetProperty("better").GetDouble().ToString(CultureInfo.InvariantCulture)),
            page.Rows("classification").Select(row => row.Cells["better"]));

        // The page's form and links stay on the link: nothing points at the API or names the survey's id.
        Assert.Equal(path, page.Attribute("<form[^>]*>", "action"));
        Assert.StartsWith(path + "?", page.Attribute("<a class=\"share\"[^>]*>", "href"));
        Assert.StartsWith(path + "?", page.Attribute("<p class=\"controls language\">\\s*<a[^>]*>", "href"));
        Assert.DoesNotContain("/v1/", page.Html);
    }

    [Fact]
    public async Task TheLinksFilterFormGivesTheFilteredAnalysis()
    {
        var surveyId = await ASurveyWithAnswers();
        var path = PathOf(await ALink(surveyId));
        var analysis = await (await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?wave=w2&segment.plan=pro&rule=mode")).Json();

        var page = new ReportHtml(await anonymous.GetStringAsync($"{path}?wave=w2&segment.plan=pro&segment.channel=&rule=mode&table=&maxQuestionable=&by=channel&lang=en"));

        Assert.Equal(analysis.GetProperty("respondents").GetInt64().ToString(CultureInfo.InvariantCulture), page.Field("respondents"));
        Assert.Equal(
            analysis.GetProperty("features").EnumerateArray().Select(feature => $"{feature.GetProperty("label").GetString()} ({feature.GetProperty("code").GetString()})"),
            page.Rows("classification").Select(row => row.Cells["category"]));
    }

    [Fact]
    public async Task ASharedReportIsPrivateUnindexedAndLeaksNoReferrer()
    {
        var surveyId = await ASurveyWithAnswers();

        var response = await anonymous.GetAsync(PathOf(await ALink(surveyId)));

        Assert.Equal(PublicPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.True(response.Headers.CacheControl.NoStore);
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        // The token is in the address: no link on the page may hand it to another site.
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RevokedExpiredUnknownAndFormLinksAllAnswerTheSame404Page()
    {
        var surveyId = await ASurveyWithAnswers();
        var revoked = await ALink(surveyId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}/links/{revoked.GetProperty("id").GetInt64()}")).StatusCode);
        var expired = await ALink(surveyId, expiresAt: DateTimeOffset.UtcNow.AddHours(1));
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("UPDATE survey_links SET expires_at = @past WHERE id = @id",
                new { past = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"), id = expired.GetProperty("id").GetInt64() });
        }

        var form = await ALink(surveyId, kind: "form");
        var deletedSurvey = await ASurveyWithAnswers();
        var ofDeletedSurvey = await ALink(deletedSurvey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{deletedSurvey}")).StatusCode);
        string[] paths =
        [
            PathOf(revoked),
            PathOf(expired),
            "/r/" + PathOf(form).Split('/')[^1],
            PathOf(ofDeletedSurvey),
            "/r/" + KanoApi.Links.LinkTokens.Generate(),
            "/r/not-a-token",
        ];

        var bodies = new List<string>();
        foreach (var path in paths)
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["NotFoundTitle"], bodies[0]);
        Assert.DoesNotContain("Shared study", bodies[0]);
    }

    [Fact]
    public async Task ALinkOpensItsSurveyOnlyWhateverTheAddressAdds()
    {
        var mine = await ASurveyWithAnswers();
        var other = await ASurveyWithAnswers(seed: 8, respondents: 120);
        var path = PathOf(await ALink(mine));

        var html = await anonymous.GetStringAsync($"{path}?surveyId={other}&segment.plan=pro");
        var otherReport = await admin.GetStringAsync($"/v1/surveys/{other}/report?segment.plan=pro");
        var mineReport = await admin.GetStringAsync($"/v1/surveys/{mine}/report?segment.plan=pro");

        Assert.Equal(new ReportHtml(mineReport).Field("respondents"), new ReportHtml(html).Field("respondents"));
        Assert.NotEqual(new ReportHtml(otherReport).Field("respondents"), new ReportHtml(html).Field("respondents"));
    }

    [Theory]
    [InlineData("vi", "", "vi")]
    [InlineData("vi", "en-GB,en;q=0.9", "en")]
    [InlineData("en", "vi-VN", "vi")]
    [InlineData("vi", "?lang=en", "en")]
    public async Task TheSharedReportSpeaksTheQueryTheBrowserOrElseTheSurveysLanguage(string surveyLanguage, string preference, string expected)
    {
        var surveyId = await ASurveyWithAnswers(surveyLanguage);
        var path = PathOf(await ALink(surveyId));
        var request = new HttpRequestMessage(HttpMethod.Get, path + (preference.StartsWith('?') ? preference : ""));
        if (!preference.StartsWith('?') && preference.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", preference);
        }

        var html = await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"<html lang=\"{expected}\">", html);
        Assert.Contains(Texts.Of<ReportTexts>(Language.Of(expected))["Backlog"], html);
    }

    [Fact]
    public async Task AnInvalidOptionOnASharedReportIsAPageNamingIt()
    {
        // People open shared links in a browser: a hand-edited address gets a page that says what to change, not JSON.
        var surveyId = await ASurveyWithAnswers();
        var path = PathOf(await ALink(surveyId));

        foreach (var (query, option) in new[] { ("maxQuestionable=many", "maxQuestionable"), ("table=kano", "table") })
        {
            var response = await anonymous.GetAsync($"{path}?{query}&lang=vi");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(option, html, StringComparison.Ordinal);
            Assert.Contains("Không thể dùng", html, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        }
    }
}

/// <summary>
/// Shared reports count against the pages' per-address allowance, not an API key's, and cost what the API's report
/// costs (10): the same work behind either address (issue 18, item 2: a link's report cost 1, so each new option
/// value recomputed it for a tenth of the API's price).
/// </summary>
public sealed class ReportLinkRateLimitTests(ReportLinkRateLimitTests.Factory factory) : IClassFixture<ReportLinkRateLimitTests.Factory>
{
    public sealed class Factory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            // Two reports' worth.
            ["Kano:RateLimits:PagePermitsPerMinute"] = "20",
        };
    }

    [Fact]
    public async Task ASharedReportCostsWhatTheApiReportCostsFromThePerAddressAllowanceWithA429Page()
    {
        var admin = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(admin);
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();
        var path = new Uri(link.GetProperty("url").GetString()!).AbsolutePath;
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path + "?lang=vi")).StatusCode);
        var refused = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        // The API report, with a key, has the key's own allowance.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/surveys/{surveyId}/report")).StatusCode);
    }
}
