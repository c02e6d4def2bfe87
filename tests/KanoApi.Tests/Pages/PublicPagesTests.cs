using System.Net;
using System.Net.Http.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Pages;

public sealed class PublicPagesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public async Task TheStylesheetIsServedByTheAppWithThePageSecurityPolicyAndNoKey()
    {
        var response = await factory.CreateClient().GetAsync(Stylesheet.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PublicPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        Assert.Contains(".options", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AMethodAPageDoesNotHaveIsA405ToAnyoneNotA401()
    {
        // Pages need no key, so a link checker's HEAD (or a stray PUT) must not be told to bring one.
        var admin = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var form = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "form" })).Json();
        var report = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();
        foreach (var (method, path, allowed) in new[]
        {
            (HttpMethod.Head, new Uri(form.GetProperty("url").GetString()!).AbsolutePath, "POST"),
            (HttpMethod.Put, new Uri(form.GetProperty("url").GetString()!).AbsolutePath, "POST"),
            (HttpMethod.Head, new Uri(report.GetProperty("url").GetString()!).AbsolutePath, "GET"),
            (HttpMethod.Head, Stylesheet.Path, "GET"),
        })
        {
            using var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(method, path));

            Assert.True(HttpStatusCode.MethodNotAllowed == response.StatusCode, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Contains(allowed, response.Content.Headers.Allow);
        }
    }

    [Fact]
    public async Task EveryNotFoundAndMethodNotAllowedAnswerUnderThePagesKeepsSearchEnginesOut()
    {
        var admin = factory.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var form = new Uri((await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "form" })).Json()).GetProperty("url").GetString()!).AbsolutePath;
        var report = new Uri((await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json()).GetProperty("url").GetString()!).AbsolutePath;
        foreach (var (method, path, status) in new[]
        {
            (HttpMethod.Get, "/f/", HttpStatusCode.NotFound),
            (HttpMethod.Get, form + "/more", HttpStatusCode.NotFound),
            (HttpMethod.Post, "/r/", HttpStatusCode.NotFound),
            (HttpMethod.Get, report + "/more", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/pages/0/missing.css", HttpStatusCode.NotFound),
            (HttpMethod.Head, form, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Put, form, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Delete, report, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Post, report, HttpStatusCode.MethodNotAllowed),
        })
        {
            using var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(method, path));

            Assert.True(status == response.StatusCode, $"{method} {path}: {(int)response.StatusCode}");
            Assert.True(response.Headers.TryGetValues("X-Robots-Tag", out var robots), $"{method} {path} has no X-Robots-Tag");
            Assert.Equal("noindex, nofollow", robots.Single());
        }

        // The API's own answers say nothing to robots: they are not pages.
        Assert.False((await factory.CreateClient().GetAsync("/v1/nothing-here")).Headers.Contains("X-Robots-Tag"));
    }

    [Fact]
    public void ThePageSecurityPolicyAllowsNoScriptAtAllAndNothingFromElsewhere()
    {
        Assert.Contains("default-src 'none'", PublicPages.ContentSecurityPolicy);
        Assert.DoesNotContain("script-src", PublicPages.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", PublicPages.ContentSecurityPolicy);
        Assert.Contains("frame-ancestors 'none'", PublicPages.ContentSecurityPolicy);
    }

    [Theory]
    [InlineData("?lang=vi", "en-GB,en;q=0.9", "vi")]
    [InlineData("?lang=en", "vi", "en")]
    [InlineData("", "vi-VN,vi;q=0.9,en;q=0.5", "vi")]
    [InlineData("", "fr-FR,en;q=0.8,vi;q=0.5", "en")]
    [InlineData("", "fr-FR", "vi")]
    [InlineData("?lang=de", "", "vi")]
    [InlineData("", "en;q=0", "vi")]
    [InlineData("", "en;q=0, fr", "vi")]
    [InlineData("", "en-GB;q=0, vi;q=0.2", "vi")]
    public async Task ThePageLanguageIsTheQueryThenTheBrowsersPreferenceThenTheSurveys(string query, string acceptLanguage, string expected)
    {
        // The app's own request localisation (its providers and languages) negotiates; Choose falls back to the survey's.
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers.AcceptLanguage = acceptLanguage;
        Language? chosen = null;
        var negotiate = new Microsoft.AspNetCore.Localization.RequestLocalizationMiddleware(
            next => { chosen = Languages.Choose(next.Request, fallback: Language.Vietnamese); return Task.CompletedTask; },
            factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await negotiate.Invoke(context);
        Assert.Equal(Language.Of(expected), chosen);
    }

    [Fact]
    public void EveryPageTextIsWrittenInBothLanguages()
    {
        var (english, vietnamese) = (Texts.Of<PageTexts>(Language.English), Texts.Of<PageTexts>(Language.Vietnamese));
        Assert.NotEmpty(english.All());
        foreach (var key in english.All().Select(text => text.Name))
        {
            Assert.False(string.IsNullOrWhiteSpace(english[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(vietnamese[key]), key);
            Assert.True(english[key] != vietnamese[key], $"{key} is not translated");
        }
    }
}

public sealed class PageRateLimitTests(PageRateLimitTests.Factory factory) : IClassFixture<PageRateLimitTests.Factory>
{
    public sealed class Factory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kano:RateLimits:PagePermitsPerMinute"] = "2",
        };
    }

    [Fact]
    public async Task PublicPagesAreLimitedPerAddressAndSayItAsAPage()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Stylesheet.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Stylesheet.Path)).StatusCode);

        var refused = await client.GetAsync(Stylesheet.Path + "?lang=vi");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains(Texts.Of<PageTexts>(Language.Vietnamese)["TooManyRequestsTitle"], await refused.Content.ReadAsStringAsync());

        // The API's own allowance is separate: a page flood does not lock the address out of the API.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateAdminClient().GetAsync("/v1/surveys")).StatusCode);
    }
}
