using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

/// <summary>
/// A form post the framework cannot read, or that holds what no form of this service sends, is a bad request: a 400
/// page in the reader's language, nothing stored, and no error (or stack trace) in the log.
/// </summary>
public sealed class MalformedFormPostTests(LoggedKanoApiFactory factory) : IClassFixture<LoggedKanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    public static TheoryData<string, string> Bodies => new()
    {
        { "a NUL in a field name", "wi\0fi.functional=like" },
        { "a NUL in a field value", "wifi.functional=li\0ke" },
        { "a NUL in the language field", "lang=e\0n" },
        { "more than 1,024 fields", string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=x")) },
        { "a 5,000-character field name", new string('n', 5000) + "=x" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AMalformedFormPostIsABadRequestPageNotAnError(string what, string extra)
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var fields = HiddenFields(page).Concat(AllAnswered("wifi"))
            .Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}");
        var body = string.Join("&", fields) + "&" + string.Join("&", extra.Split('&').Select(pair =>
            string.Join("=", pair.Split('=', 2).Select(Uri.EscapeDataString))));

        var response = await browser.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["UnreadableFormTitle"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
        Assert.False(factory.LoggedAnError);
    }

    [Fact]
    public async Task ABrokenMultipartFormIsABadRequestPage()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        await browser.GetAsync(path);
        var content = new StringContent("------kano\r\nContent-Disposition: form-data; name=\"wifi.functional\"\r\n\r\nlike\r\n------ka", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=----kano");

        var response = await browser.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
        Assert.False(factory.LoggedAnError);
    }

    [Fact]
    public async Task APostThatIsNotAFormAtAllIsAPageNotAnError()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        await browser.GetAsync(path);

        var response = await browser.PostAsync(path, new StringContent("{\"wifi.functional\":\"like\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(Texts.Of<PageTexts>(Language.English)["UnreadableFormTitle"], await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    public static TheoryData<string> MalformedAddresses => new()
    {
        "segment.plan=%00",
        "segment.pl%00an=pro",
        "wave=%00",
        "wave=a&wave=b",
        "segment." + new string('s', 5000) + "=x",
        string.Join("&", Enumerable.Range(0, 1100).Select(i => $"segment.s{i}=x")),
    };

    [Theory]
    [MemberData(nameof(MalformedAddresses))]
    public async Task AMalformedAddressOfAFormOrAReportIsABadRequestPage(string query)
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var report = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();

        foreach (var response in new[]
        {
            await browser.GetAsync(path + "?" + query),
            await Submit(browser, path + "?" + query, page, AllAnswered("wifi")),
            await browser.GetAsync(new Uri(report.GetProperty("url").GetString()!).AbsolutePath + "?" + query),
        })
        {
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
        Assert.False(factory.LoggedAnError);
    }
}
