using System.Net;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

/// <summary>
/// A form post is accepted only from the form's own site: an <c>Origin</c> header, when sent, must be the service's own
/// origin, and <c>Sec-Fetch-Site</c>, when sent, must say same-origin (or none: typed by the person). Anything else is a
/// 403 page and stores nothing, even with a valid antiforgery token and cookie (SameSite cookies are the other guard).
/// </summary>
public sealed class FormOriginTests(FormOriginTests.Factory factory) : IClassFixture<FormOriginTests.Factory>
{
    /// <summary>A service whose public address (what links are built on) differs from the address the test server is called at.</summary>
    public sealed class Factory : KanoApiFactory
    {
        public const string PublicOrigin = "https://kano.example.com";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kano:PublicBaseUrl"] = PublicOrigin + "/",
        };
    }

    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task<(HttpResponseMessage Response, long SurveyId)> PostWith(params (string Name, string Value)[] headers)
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var fields = HiddenFields(page);
        foreach (var (name, value) in AllAnswered("wifi"))
        {
            fields[name] = value;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers)
        {
            request.WithHeader(name, value);
        }

        return (await browser.SendAsync(request), surveyId);
    }

    public static TheoryData<string, string> ForeignPosts => new()
    {
        { "Origin", "https://attacker.example" },
        { "Origin", "http://localhost.attacker.example" },
        { "Origin", "http://localhost:8081" },
        { "Origin", "https://localhost" },
        { "Origin", "null" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    [Theory]
    [MemberData(nameof(ForeignPosts))]
    public async Task APostFromAnotherSiteIsAForbiddenPageAndStoresNothing(string header, string value)
    {
        var (response, surveyId) = await PostWith((header, value));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["ForeignPostTitle"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    public static TheoryData<string[]> OwnPosts => new()
    {
        new[] { "Origin", "http://localhost", "Sec-Fetch-Site", "same-origin" },
        new[] { "Origin", "HTTP://LOCALHOST" },
        new[] { "Origin", Factory.PublicOrigin, "Sec-Fetch-Site", "same-origin" },
        new[] { "Sec-Fetch-Site", "none" },
        Array.Empty<string>(),
    };

    [Theory]
    [MemberData(nameof(OwnPosts))]
    public async Task APostFromTheFormsOwnSiteOrFromAClientThatSaysNothingIsStored(string[] headers)
    {
        var (response, surveyId) = await PostWith(headers.Chunk(2).Select(pair => (pair[0], pair[1])).ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
    }

    [Fact]
    public async Task TheFormPageLetsBrowsersNameItsOriginOnItsOwnPostsOnly()
    {
        // no-referrer would make browsers send "Origin: null" on the form's own post; same-origin sends the origin to
        // this site alone, and to no other site a Referer with the link's token.
        var (_, path, _) = await AFormLink(admin, null, "wifi");
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
