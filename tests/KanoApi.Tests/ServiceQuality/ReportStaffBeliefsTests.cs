using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KanoApi.Tests.Audiences;
using KanoApi.Tests.Reports;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>
/// The report's "What staff believe" part (issue 21, gap 1) through the real pipeline: the blind spots that
/// GET …/audiences names, with their numbers, in English and Vietnamese; absent without staff answers; and the
/// report's ETag follows the staff audience's data.
/// </summary>
public sealed partial class ReportStaffBeliefsTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    /// <summary>
    /// <see cref="GivenAudiences.TwoBlindSpotsAsync"/>. spare: customers basic (Better 0, Worse −0.6), staff indifferent
    /// (Better 0.3, Worse 0): basic thought optional, settled (Holm p 0.01476). lounge: customers indifferent, staff
    /// delighter: delight customers ignore, not settled (Holm p 0.1775).
    /// </summary>
    private Task<long> TheSurveyAsync() => GivenAudiences.TwoBlindSpotsAsync(admin);

    private Task StaffAsync(long surveyId, IEnumerable<TestRespondent> respondents) => GivenAudiences.Staff(admin, surveyId, respondents);

    private async Task<ReportHtml> ReportAsync(long surveyId, string lang)
    {
        var response = await admin.GetAsync($"/v1/surveys/{surveyId}/report?lang={lang}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ReportHtml(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The blind spots listed in the report, in page order: key, kind, settled, and each span's text by data-field.</summary>
    private static IReadOnlyList<(string Key, string Kind, string Settled, IReadOnlyDictionary<string, string> Fields)> BlindSpots(ReportHtml page) =>
        BlindSpotPattern().Matches(page.Section("service-quality"))
            .Select(spot => (
                spot.Groups["key"].Value,
                spot.Groups["kind"].Value,
                spot.Groups["settled"].Value,
                (IReadOnlyDictionary<string, string>)SpanPattern().Matches(spot.Groups["body"].Value)
                    .ToDictionary(span => span.Groups["field"].Value, span => WebUtility.HtmlDecode(Regex.Replace(span.Groups["text"].Value, @"\s+", " ").Trim()))))
            .ToArray();

    [Fact]
    public async Task TheReportListsTheBlindSpotsOfTheAudiencesComparisonWithTheirNumbers()
    {
        var surveyId = await TheSurveyAsync();
        var compared = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences");
        var page = await ReportAsync(surveyId, "en");

        var section = page.Section("service-quality");
        Assert.Contains("What staff believe", section);
        Assert.Contains("20 staff answered as they believe customers would; 20 customers answered for themselves.", section);
        var spots = BlindSpots(page);
        Assert.Equal(["spare", "lounge"], spots.Select(spot => spot.Key));
        Assert.Equal(["basic-thought-optional", "delight-customers-ignore"], spots.Select(spot => spot.Kind));
        Assert.Equal(["true", "false"], spots.Select(spot => spot.Settled));
        // The sentences are the comparison's own, word for word.
        Assert.Equal(
            compared.GetProperty("blindSpots").EnumerateArray().Select(spot => spot.GetProperty("text").GetString()),
            spots.Select(spot => spot.Fields["text"]));
        Assert.Equal("Customers: Basic (n = 10, Better 0.00, Worse -0.60); staff: Indifferent (n = 10, Better 0.30, Worse 0.00).", spots[0].Fields["numbers"]);
        Assert.Equal("The audiences' answers differ beyond chance (p = 0.0148 after Holm's correction).", spots[0].Fields["settled"]);
        // lounge: A 3/6, I 7/4 against expected 4.5 and 5.5 → chi-square 1.818 on 1 df, p = 0.1775; Holm: max(0.01476, 1 × 0.1775).
        Assert.Equal("Not settled (p = 0.1775 after Holm's correction): a lead to check with more answers.", spots[1].Fields["settled"]);
        Assert.Contains("""<a href="#service-quality">""", page.Html); // the contents link to it, though the survey has no dimensions
    }

    [Fact]
    public async Task TheStaffPartSpeaksVietnamese()
    {
        var surveyId = await TheSurveyAsync();
        var compared = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences?lang=vi");
        var page = await ReportAsync(surveyId, "vi");

        Assert.Contains("Điều nhân viên tin", page.Section("service-quality"));
        var spots = BlindSpots(page);
        Assert.Equal(
            compared.GetProperty("blindSpots").EnumerateArray().Select(spot => spot.GetProperty("text").GetString()),
            spots.Select(spot => spot.Fields["text"]));
        Assert.StartsWith("Nhân viên nghĩ lounge sẽ làm khách hàng thích thú", spots[1].Fields["text"]);
        Assert.StartsWith("Khách hàng: ", spots[0].Fields["numbers"]);
        Assert.Contains("sau hiệu chỉnh Holm", spots[0].Fields["settled"]);
    }

    [Fact]
    public async Task WithoutStaffAnswersTheReportHasNoStaffPart()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare", "lounge");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 6, 4, 0, 0, "c-spare"));
        // A staff read makes the staff audience without answers: still no part.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?audience=staff")).StatusCode);

        var page = await ReportAsync(surveyId, "en");
        Assert.DoesNotContain("staff-beliefs", page.Html);
        Assert.DoesNotContain("What staff believe", page.Html);
        Assert.DoesNotContain("""id="service-quality""", page.Html); // no dimensions, no staff: no section at all
    }

    [Fact]
    public async Task TooFewStaffAnswersAreSaidToBeTooFewAndNoBlindSpotIsNamed()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare", "lounge");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 6, 4, 0, 0, "c-spare"));
        await StaffAsync(surveyId, Given.RespondentsWithCounts("spare", 2, 0, 0, 1, 0, 0, "s-spare"));

        var page = await ReportAsync(surveyId, "en");
        var section = page.Section("service-quality");
        Assert.Contains("Only 3 staff answered: too few to compare with the customers. At least 10 are needed", section);
        Assert.Empty(BlindSpots(page));
        // The comparison itself does name one: the report holds it back.
        var compared = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences");
        Assert.Equal(1, compared.GetProperty("blindSpots").GetArrayLength());

        var vietnamese = await ReportAsync(surveyId, "vi");
        Assert.Contains("Chỉ có 3 nhân viên trả lời: quá ít để so sánh với khách hàng.", vietnamese.Section("service-quality"));
    }

    [Fact]
    public async Task AStaffWriteChangesTheReportsETagAndContent()
    {
        var surveyId = await TheSurveyAsync();
        var first = await admin.GetAsync($"/v1/surveys/{surveyId}/report?lang=en");
        var tag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/report?lang=en");
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await admin.SendAsync(again)).StatusCode);

        // Staff answers only: the customer survey's versions stay, the report must not.
        await StaffAsync(surveyId, Given.RespondentsWithCounts("spare", 0, 0, 10, 0, 0, 0, "s-more"));
        var afterStaff = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/report?lang=en");
        afterStaff.Headers.IfNoneMatch.Add(tag);
        var changed = await admin.SendAsync(afterStaff);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag.Tag, changed.Headers.ETag!.Tag);
        var page = new ReportHtml(await changed.Content.ReadAsStringAsync());
        Assert.Contains("30 staff answered as they believe customers would", page.Section("service-quality"));
        // spare: staff now M 10 A 3 I 7, basic as customers see it: no longer a blind spot.
        Assert.Equal(["lounge"], BlindSpots(page).Select(spot => spot.Key));
    }

    [GeneratedRegex("""<li data-key="(?<key>[^"]*)" data-kind="(?<kind>[^"]*)" data-settled="(?<settled>[^"]*)">(?<body>.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex BlindSpotPattern();

    [GeneratedRegex("""<span data-field="(?<field>[^"]*)">(?<text>.*?)</span>""", RegexOptions.Singleline)]
    private static partial Regex SpanPattern();
}
