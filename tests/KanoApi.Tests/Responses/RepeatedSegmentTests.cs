using System.Net;
using System.Net.Http.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Responses;

/// <summary>
/// A segment named twice — repeated, in another case, or as both segment.x and segment[x] — is refused wherever
/// segments are given (the form's address, the API's filters, a report link's address, a link's or a response's
/// segments), naming the segment; it is never merged into "a,b" or kept as two segments that differ only by case.
/// </summary>
public sealed class RepeatedSegmentTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    public static TheoryData<string> RepeatedInAnAddress => new()
    {
        "segment.plan=a&segment.plan=b",
        "segment.plan=a&segment.Plan=b",
        "segment.plan=a&segment[Plan]=b",
        "segment[plan]=a&segment[plan]=a",
    };

    [Theory]
    [MemberData(nameof(RepeatedInAnAddress))]
    public async Task ASegmentRepeatedInTheFormsAddressIsABadAddressPageNamingItAndStoresNothing(string query)
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        var browser = factory.CreateClient();
        var valid = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();

        var shown = await browser.GetAsync(path + "?" + query);
        var sent = await Submit(browser, path + "?" + query, valid, AllAnswered("wifi"));

        foreach (var response in new[] { shown, sent })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(Texts.Of<PageTexts>(Language.English)["BadAddressTitle"], html);
            Assert.Contains("plan", html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task AnAddressSegmentTheLinkAlreadySetsInAnotherCaseGivesWayToTheLinks()
    {
        var (surveyId, path, _) = await AFormLink(admin, new { segments = new { plan = "pro" } }, "wifi");
        var browser = factory.CreateClient();
        var withSegment = path + "?segment.Plan=free&segment.channel=mail";
        var page = await (await browser.GetAsync(withSegment)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, (await Submit(browser, withSegment, page, AllAnswered("wifi"))).StatusCode);

        var segments = Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray()).GetProperty("segments");
        Assert.Equal(["channel", "plan"], segments.EnumerateObject().Select(segment => segment.Name).Order());
        Assert.Equal("pro", segments.GetProperty("plan").GetString());
    }

    [Theory]
    [MemberData(nameof(RepeatedInAnAddress))]
    public async Task ASegmentFilterRepeatedInTheApisQueryIsAProblemNamingIt(string query)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        foreach (var operation in new[] { "analysis", "analysis/segments?by=channel&", "analysis/chart.svg", "analysis/waves", "backlog", "report" })
        {
            var separator = operation.EndsWith('&') ? "" : "?";
            var errors = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{surveyId}/{operation}{separator}{query}"));
            Assert.Contains(errors, error => error.Key.Contains("plan", StringComparison.OrdinalIgnoreCase)
                && error.Value.Any(message => message.Contains("more than once", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [MemberData(nameof(RepeatedInAnAddress))]
    public async Task ASegmentRepeatedInAReportLinksAddressIsAPageNamingIt(string query)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();

        var response = await factory.CreateClient().GetAsync(new Uri(link.GetProperty("url").GetString()!).AbsolutePath + "?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("more than once", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SegmentNamesThatDifferOnlyByCaseAreRefusedInALinkAResponseAndAnImport()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");

        var link = await ProblemAssert.IsValidationProblem(
            await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { segments = new Dictionary<string, string> { ["plan"] = "a", ["Plan"] = "b" } }));
        var response = await ProblemAssert.IsValidationProblem(await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses", new
        {
            segments = new Dictionary<string, string> { ["plan"] = "a", ["PLAN"] = "b" },
            answers = new[] { new { feature = "wifi", functional = "like", dysfunctional = "dislike" } },
        }));

        var import = await ProblemAssert.IsValidationProblem(
            await Given.CsvImport(admin, surveyId, "segment.plan,SEGMENT. Plan,wifi.functional,wifi.dysfunctional\na,b,like,dislike\n"));

        Assert.Contains("segments.Plan", link.Keys);
        Assert.Contains("segments.PLAN", response.Keys);
        Assert.Contains("row 1, column SEGMENT. Plan", import.Keys);
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }
}
