using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using KanoApi.Reports;

namespace KanoApi.Tests.Reports;

/// <summary>
/// The report at <c>GET /v1/surveys/{id}/report</c>: the same numbers as the analysis, backlog, segments and
/// respondent-quality endpoints, every option of theirs, escaped names and the headers of a private page.
/// </summary>
public sealed class ReportTests(ReportTests.Survey survey) : IClassFixture<ReportTests.Survey>
{
    /// <summary>One survey for the class: random answers in two waves and two segments, plus three straight-liners.</summary>
    public sealed class Survey : KanoApiFactory, IAsyncLifetime
    {
        public static readonly string[] Keys = ["fast-checkout", "dark-mode", "order-tracking", "gift-wrap", "live-chat"];

        public long Id { get; private set; }

        public async Task InitializeAsync()
        {
            var admin = CreateAdminClient();
            Id = await Given.ASurvey(admin, "Checkout study");
            var effort = 1;
            foreach (var key in Keys)
            {
                await Given.AFeature(admin, Id, key, effort: effort++);
            }

            // Fewer than 200 respondents in all, so every feature carries the small-sample warning.
            var straightLiners = Enumerable.Range(1, 3).Select(index => new TestRespondent(
                $"same-{index}", "w1", new Dictionary<string, string> { ["plan"] = "free", ["channel"] = "store" },
                Keys.ToDictionary(key => key, _ => new FeatureAnswer(Answer.Neutral, Answer.Neutral, 5, 3))));
            await Given.Responses(admin, Id, [.. Shaped(150), .. Given.RandomRespondents(13, 30, Keys), .. straightLiners]);
        }

        public const int Respondents = 183;

        /// <summary>
        /// Respondents with a clear category per feature (fast-checkout basic, dark-mode delighter, order-tracking
        /// expected, gift-wrap indifferent with some Q) and live-chat split by plan: expected for pro, indifferent for free.
        /// </summary>
        private static IEnumerable<TestRespondent> Shaped(int count)
        {
            var (a, o, m, i, q) = ((Answer.Like, Answer.Neutral), (Answer.Like, Answer.Dislike), (Answer.Neutral, Answer.Dislike), (Answer.Neutral, Answer.Neutral), (Answer.Like, Answer.Like));
            for (var r = 0; r < count; r++)
            {
                var pro = r % 2 == 0;
                var tenth = r % 10;
                (Answer, Answer)[] pairs =
                [
                    tenth < 6 ? m : tenth < 8 ? o : tenth < 9 ? i : a,
                    tenth < 6 ? a : i,
                    tenth < 6 ? o : tenth < 8 ? m : a,
                    tenth < 8 ? i : tenth < 9 ? q : a,
                    pro ? (tenth < 8 ? o : i) : (tenth < 8 ? i : o),
                ];
                yield return new TestRespondent(
                    $"shaped-{r}",
                    r < count / 2 ? "w1" : "w2",
                    new Dictionary<string, string> { ["plan"] = pro ? "pro" : "free", ["channel"] = r % 3 == 0 ? "online" : "store" },
                    Keys.Select((key, k) => (Key: key, Pair: pairs[k], Index: k)).ToDictionary(
                        entry => entry.Key,
                        entry => new FeatureAnswer(entry.Pair.Item1, entry.Pair.Item2, 1 + (r + entry.Index) % 9, 1 + r % 5)));
            }
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly HttpClient admin = survey.CreateAdminClient();

    private async Task<ReportHtml> Report(string query = "", HttpClient? client = null)
    {
        var response = await (client ?? admin).GetAsync($"/v1/surveys/{survey.Id}/report{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return new ReportHtml(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Api(string path) => await (await admin.GetAsync($"/v1/surveys/{survey.Id}/{path}")).Json();

    private static string Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "—" : value.GetDouble().ToString(CultureInfo.InvariantCulture);

    private static string Interval(JsonElement interval) =>
        interval.ValueKind == JsonValueKind.Null ? "—" : $"{Number(interval.GetProperty("low"))} to {Number(interval.GetProperty("high"))}";

    [Fact]
    public async Task TheClassificationTableSaysHowSureEachResultIsAsTheAnalysisDoes()
    {
        var analysis = await Api("analysis");
        var rows = (await Report()).Rows("classification");

        foreach (var (feature, row) in analysis.GetProperty("features").EnumerateArray().Zip(rows))
        {
            Assert.Equal(Interval(feature.GetProperty("betterInterval")), row.Cells["better-interval"]);
            Assert.Equal(Interval(feature.GetProperty("worseInterval")), row.Cells["worse-interval"]);
            var code = feature.GetProperty("code").GetString()!;
            var probability = feature.GetProperty("categoryProbabilities").GetProperty(code).GetDouble();
            Assert.StartsWith(probability.ToString("0.000", CultureInfo.InvariantCulture), row.Cells["certainty"], StringComparison.Ordinal);
            var settle = feature.GetProperty("settle");
            if (settle.ValueKind != JsonValueKind.Null && settle.GetProperty("more").GetInt64() > 0)
            {
                Assert.Contains($"{settle.GetProperty("more").GetInt64()} more", row.Cells["certainty"], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task TheClassificationTableShowsTheAnalysisNumbersOfEveryFeature()
    {
        var analysis = await Api("analysis");
        var rows = (await Report()).Rows("classification");

        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(features.Select(feature => feature.GetProperty("key").GetString()), rows.Select(row => row.Key));
        foreach (var (feature, row) in features.Zip(rows))
        {
            Assert.Equal(feature.GetProperty("name").GetString(), row.Header);
            Assert.Equal($"{feature.GetProperty("label").GetString()} ({feature.GetProperty("code").GetString()})", row.Cells["category"]);
            Assert.Equal(feature.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture), row.Cells["n"]);
            Assert.Equal(Number(feature.GetProperty("better")), row.Cells["better"]);
            Assert.Equal(Number(feature.GetProperty("worse")), row.Cells["worse"]);
            Assert.Equal(Number(feature.GetProperty("categoryStrength")), row.Cells["category-strength"]);
            Assert.Equal(Number(feature.GetProperty("totalStrength")), row.Cells["total-strength"]);
            Assert.Equal(Number(feature.GetProperty("importance").GetProperty("mean")), row.Cells["importance"]);
            Assert.Equal(Number(feature.GetProperty("satisfaction").GetProperty("mean")), row.Cells["satisfaction"]);
            Assert.Equal(feature.GetProperty("dual").GetString() ?? "—", row.Cells["dual"]);
            var fong = feature.GetProperty("fong");
            Assert.Contains(fong.GetProperty("applicable").GetBoolean() ? fong.GetProperty("first").GetString()! : "too few answers", row.Cells["fong"]);
            foreach (var warning in feature.GetProperty("warnings").EnumerateArray())
            {
                Assert.Contains(warning.GetString()!, row.Cells["warnings"]);
            }
        }

        // Fewer than 200 respondents: every feature carries the small-sample warning, so the warnings column is really checked.
        Assert.All(rows, row => Assert.Contains("fewer than about 200", row.Cells["warnings"]));
    }

    [Fact]
    public async Task TheBacklogAndReviewListAreTheBacklogEndpointsInItsOrder()
    {
        var backlog = await Api("backlog");
        var page = await Report();
        var rows = page.Rows("backlog", "backlog");
        var items = backlog.GetProperty("items").EnumerateArray().ToArray();

        Assert.NotEmpty(items);
        Assert.Equal(items.Select(item => item.GetProperty("key").GetString()), rows.Select(row => row.Key));
        foreach (var (item, row) in items.Zip(rows))
        {
            Assert.Equal(item.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture), row.Cells["rank"]);
            Assert.Equal(item.GetProperty("actionLabel").GetString(), row.Cells["action"]);
            Assert.Equal(item.GetProperty("label").GetString(), row.Cells["category"]);
            Assert.Equal(item.GetProperty("score").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture), row.Cells["score"]);
            Assert.Equal(item.GetProperty("rationale").GetString(), row.Cells["rationale"]);
        }

        var review = backlog.GetProperty("review").EnumerateArray().ToArray();
        var reviewRows = review.Length == 0 ? [] : page.Rows("backlog", "review");
        Assert.Equal(review.Select(item => item.GetProperty("key").GetString()), reviewRows.Select(row => row.Key));
        Assert.Equal(review.Select(item => item.GetProperty("rationale").GetString()), reviewRows.Select(row => row.Cells["rationale"]));
    }

    [Fact]
    public async Task TheChartIsTheChartEndpointsSvgInline()
    {
        var chart = await (await admin.GetAsync($"/v1/surveys/{survey.Id}/analysis/chart.svg")).Content.ReadAsStringAsync();

        var page = await Report();

        Assert.Contains(chart, page.Section("chart"));
    }

    [Fact]
    public async Task InVietnameseLabelsActionsRationalesAndThePageItselfAreVietnamese()
    {
        var backlog = await Api("backlog?lang=vi");
        var byQuery = await Report("?lang=vi");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{survey.Id}/report").WithHeader("Accept-Language", "vi-VN,vi;q=0.9");
        var byHeader = new ReportHtml(await (await admin.SendAsync(request)).Content.ReadAsStringAsync());

        foreach (var page in new[] { byQuery, byHeader })
        {
            Assert.Contains("<html lang=\"vi\">", page.Html);
            Assert.Contains(Texts.Of<ReportTexts>(Language.Vietnamese)["Backlog"], page.Html);
            Assert.Contains(KanoNames.Label(KanoCategory.Basic, Language.Vietnamese), page.Html + string.Join("", page.Rows("classification").Select(row => row.Cells["category"])));
            var rows = page.Rows("backlog", "backlog");
            Assert.Equal(
                backlog.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("rationale").GetString()),
                rows.Select(row => row.Cells["rationale"]));
            Assert.Equal(
                backlog.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("actionLabel").GetString()),
                rows.Select(row => row.Cells["action"]));
        }

        // Vietnamese is written as text, not as numeric character references.
        Assert.Contains("Báo cáo Kano", byQuery.Html);
    }

    [Fact]
    public async Task TheHeadlineNamesTheSurveyRespondentsWavesDatesAndOptions()
    {
        var page = await Report("?rule=mode&table=pouliot");

        Assert.Contains("<h1>Checkout study</h1>", page.Html);
        Assert.Equal(Survey.Respondents.ToString(CultureInfo.InvariantCulture), page.Field("respondents"));
        var waves = page.Field("waves");
        Assert.Matches(@"^w1 \(\d+\), w2 \(\d+\)$", waves);
        var counts = System.Text.RegularExpressions.Regex.Matches(waves, @"\((\d+)\)").Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Survey.Respondents, counts.Sum());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Field("dates"));
        Assert.Equal(Texts.Of<ReportTexts>(Language.English)["EveryRespondent"], page.Field("filter"));
        Assert.Equal($"{Texts.Of<ReportTexts>(Language.English)["PouliotTable"]}; {Texts.Of<ReportTexts>(Language.English)["ModeRule"]}", page.Field("options"));
    }

    [Fact]
    public async Task FiltersGiveTheSameRespondentsAndNumbersAsTheAnalysisWithThoseFilters()
    {
        var analysis = await Api("analysis?wave=w1&segment.plan=pro&maxQuestionable=2");
        var page = await Report("?wave=w1&segment.plan=pro&maxQuestionable=2");

        Assert.Equal(analysis.GetProperty("respondents").GetInt64().ToString(CultureInfo.InvariantCulture), page.Field("respondents"));
        Assert.True(analysis.GetProperty("respondents").GetInt64() < Survey.Respondents);
        Assert.Equal(
            analysis.GetProperty("features").EnumerateArray().Select(feature => Number(feature.GetProperty("better"))),
            page.Rows("classification").Select(row => row.Cells["better"]));
        Assert.Equal("wave w1; plan = pro; leaving out anyone with more than 2 questionable answers", page.Field("filter"));
        Assert.Matches(@"^w1 \(\d+\)$", page.Field("waves"));
    }

    [Fact]
    public async Task WhatTheFormSendsForAllIsNoFilter()
    {
        var everyone = await Report();
        var blank = await Report("?wave=&segment.plan=&segment.channel=&table=&rule=&maxQuestionable=&by=plan&lang=");

        Assert.Equal(everyone.Field("respondents"), blank.Field("respondents"));
        Assert.Equal(everyone.Rows("classification").Select(row => row.Cells["better"]), blank.Rows("classification").Select(row => row.Cells["better"]));
        Assert.Equal(Texts.Of<ReportTexts>(Language.English)["EveryRespondent"], blank.Field("filter"));
    }

    [Fact]
    public async Task TheFormOffersEveryWaveAndSegmentValueAndShowsWhatIsChosen()
    {
        var page = await Report("?wave=w2&segment.channel=online&rule=positive-vs-rest&maxQuestionable=1&by=channel");

        Assert.Equal([("", false), ("w1", false), ("w2", true)], page.Options("wave"));
        Assert.Equal(["", "free", "pro"], page.Options("segment.plan").Select(option => option.Value).Order());
        Assert.Equal(("", true), page.Options("segment.plan")[0]);
        Assert.Contains(("online", true), page.Options("segment.channel"));
        Assert.Contains(("positive-vs-rest", true), page.Options("rule"));
        Assert.Contains(("standard", true), page.Options("table"));
        Assert.Contains(("channel", true), page.Options("by"));
        Assert.Contains(("en", true), page.Options("lang"));
        Assert.Equal($"/v1/surveys/{survey.Id}/report", page.Attribute("<form[^>]*>", "action"));
        Assert.Equal("get", page.Attribute("<form[^>]*>", "method"));
        Assert.Equal("1", page.Attribute("<input[^>]*name=\"maxQuestionable\"[^>]*>", "value"));

        // The link to this view spells out every option, and opening it gives the same page.
        var link = page.Attribute("<a class=\"share\"[^>]*>", "href");
        Assert.Equal(
            $"/v1/surveys/{survey.Id}/report?table=standard&rule=positive-vs-rest&wave=w2&segment.channel=online&maxQuestionable=1&by=channel&lang=en",
            link);
        var again = new ReportHtml(await (await admin.GetAsync(link)).Content.ReadAsStringAsync());
        Assert.Equal(page.Rows("classification").Select(row => row.Cells["category"]), again.Rows("classification").Select(row => row.Cells["category"]));
        Assert.Equal($"/v1/surveys/{survey.Id}/report?table=standard&rule=positive-vs-rest&wave=w2&segment.channel=online&maxQuestionable=1&by=channel&lang=vi",
            page.Attribute("<p class=\"controls language\">\\s*<a[^>]*>", "href"));
    }

    [Fact]
    public async Task TheSegmentComparisonListsWhereTheSegmentsEndpointSeesDisagreement()
    {
        var segments = await Api("analysis/segments?by=plan");
        var page = await Report("?by=plan");

        var disagreements = segments.GetProperty("disagreements").EnumerateArray().ToArray();
        Assert.NotEmpty(disagreements);
        var rows = page.Rows("segments");
        Assert.Equal(disagreements.Select(item => item.GetProperty("key").GetString()), rows.Select(row => row.Key));
        var groups = segments.GetProperty("groups").EnumerateArray().Select(group => group.GetProperty("value").GetString()).ToArray();
        Assert.Equal($"Compared by plan: {string.Join(", ", segments.GetProperty("groups").EnumerateArray().Select(group => $"{group.GetProperty("value").GetString()} ({group.GetProperty("respondents").GetInt64()})"))}", page.Field("segment-values"));
        foreach (var (item, row) in disagreements.Zip(rows))
        {
            foreach (var value in groups)
            {
                Assert.Contains($"({item.GetProperty("codes").GetProperty(value!).GetString()}, n = ", page.Section("segments").Split($"data-key=\"{row.Key}\"")[1].Split($"data-value=\"{value}\"")[1].Split("</td>")[0]);
            }
        }
    }

    [Fact]
    public async Task WithoutByTheFirstSegmentIsComparedAndAnEmptyByComparesNone()
    {
        var first = await Report();
        var none = await Report("?by=");
        var unknown = await Report("?by=region");

        Assert.Contains(("channel", true), first.Options("by"));
        Assert.StartsWith("Compared by channel:", first.Field("segment-values"));
        Assert.Contains(Texts.Of<ReportTexts>(Language.English)["NoSegmentChosen"], ReportHtml.Text(none.Section("segments")));
        Assert.Contains("No respondent has the segment region.", ReportHtml.Text(unknown.Section("segments")));
    }

    [Fact]
    public async Task DataQualityNotesCountWhatTheRespondentQualityReportCounts()
    {
        var quality = await Api("respondent-quality");
        var analysis = await Api("analysis");
        var page = await Report();

        var straightLining = quality.GetProperty("straightLining").GetInt64();
        Assert.True(straightLining >= 3);
        Assert.Equal($"{straightLining} of {Survey.Respondents} respondents gave the same pair of answers for every feature (straight-lining).", page.Field("straight-lining"));
        Assert.StartsWith($"{quality.GetProperty("moreQuestionableThanMax").GetInt64()} respondents gave more than 1 questionable answers.", page.Field("many-questionable"));
        var features = analysis.GetProperty("features").EnumerateArray().ToArray();
        var q = features.Sum(feature => feature.GetProperty("counts").GetProperty("Q").GetInt64());
        var n = features.Sum(feature => feature.GetProperty("n").GetInt64());
        Assert.StartsWith($"{Math.Round(100.0 * q / n, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture)}% of the {n} answers counted are questionable", page.Field("questionable-rate"));
    }

    [Fact]
    public async Task ThePageIsPrivateUnindexedAndUnderTheStrictPagePolicy()
    {
        var response = await admin.GetAsync($"/v1/surveys/{survey.Id}/report");

        Assert.Equal(PublicPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.True(response.Headers.CacheControl.NoStore);
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStylesheetThePageLinksIsServedWithoutAKeyWithAPrintLayout()
    {
        var page = await Report();
        var href = page.Attribute("<link rel=\"stylesheet\"[^>]*>", "href");

        var response = await survey.CreateClient().GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains("@media print", css);
        Assert.Contains("size: A4", css);
        Assert.Contains("@page report { size: A4; margin: 0; }", css);
    }

    [Fact]
    public async Task AnUnchangedReportAnswers304ToItsETag()
    {
        var first = await admin.GetAsync($"/v1/surveys/{survey.Id}/report?by=plan");
        var etag = first.Headers.ETag!.ToString();

        var again = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{survey.Id}/report?by=plan").WithHeader("If-None-Match", etag));
        var otherView = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{survey.Id}/report?by=channel").WithHeader("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherView.StatusCode);
    }

    [Theory]
    [InlineData("?table=kano", "table")]
    [InlineData("?rule=majority", "rule")]
    [InlineData("?lang=fr", "lang")]
    [InlineData("?threshold=101", "threshold")]
    [InlineData("?maxQuestionable=-1", "maxQuestionable")]
    public async Task AnInvalidOptionIsAProblemNamingIt(string query, string option)
    {
        var errors = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{survey.Id}/report{query}"));

        Assert.Contains(option, errors.Keys);
    }

    [Fact]
    public async Task ATooLongByIsAProblemNamingIt()
    {
        var errors = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{survey.Id}/report?by={new string('x', Limits.SegmentNameLength + 1)}"));

        Assert.Contains("by", errors.Keys);
    }

    [Fact]
    public async Task ReadKeysSeeTheReportCollectKeysAndOtherWorkspacesDoNot()
    {
        var reader = survey.CreateClientWithKey(await Given.AKey(survey, Scopes.Read));
        var collector = survey.CreateClientWithKey(await Given.AKey(survey, Scopes.Collect));
        var stranger = survey.CreateClientWithKey(await Given.AKey(survey, Scopes.Admin, inNewWorkspace: true));

        await Report(client: reader);
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.GetAsync($"/v1/surveys/{survey.Id}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await survey.CreateClient().GetAsync($"/v1/surveys/{survey.Id}/report")).StatusCode);
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/v1/surveys/{survey.Id}/report"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await admin.GetAsync("/v1/surveys/999999/report"), HttpStatusCode.NotFound);
    }
}

/// <summary>Reports of surveys whose names, features and segments are hostile or missing.</summary>
public sealed class ReportEdgeTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    [Fact]
    public async Task NamesWavesAndSegmentsAreEscapedEverywhere()
    {
        const string Hostile = "<script>alert(1)</script>\"'&";
        var surveyId = await Given.ASurvey(admin, "Study " + Hostile);
        await Given.AFeature(admin, surveyId, "evil", "Feature " + Hostile);
        await Given.Responses(admin, surveyId,
        [
            new TestRespondent("r-1", "w<1>", new Dictionary<string, string> { ["team\"<b>"] = "a<i>&" }, new Dictionary<string, FeatureAnswer> { ["evil"] = new(Answer.Like, Answer.Dislike) }),
            new TestRespondent("r-2", "w<1>", new Dictionary<string, string> { ["team\"<b>"] = "z\"'" }, new Dictionary<string, FeatureAnswer> { ["evil"] = new(Answer.Neutral, Answer.Dislike) }),
        ]);

        var query = "?wave=" + Uri.EscapeDataString("w<1>") + "&segment." + Uri.EscapeDataString("team\"<b>") + "=" + Uri.EscapeDataString("a<i>&");
        var html = await (await admin.GetAsync($"/v1/surveys/{surveyId}/report{query}")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("w<1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"'", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html);
        var page = new ReportHtml(html);
        Assert.Equal("Study " + Hostile, ReportHtml.Text(html.Split("<h1>")[1].Split("</h1>")[0]));
        Assert.Equal("Feature " + Hostile, page.Rows("classification").Single().Header);
        Assert.Contains(("a<i>&", true), page.Options("segment.team\"<b>".Replace("\"", "&quot;").Replace("<", "&lt;").Replace(">", "&gt;")));
    }

    [Fact]
    public async Task ASurveyWithoutAnswersOrSegmentsStillHasItsReport()
    {
        var surveyId = await Given.ASurvey(admin, "Empty");
        await Given.AFeature(admin, surveyId, "lonely");

        var response = await admin.GetAsync($"/v1/surveys/{surveyId}/report?lang=vi");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new ReportHtml(await response.Content.ReadAsStringAsync());
        Assert.Equal("0", page.Field("respondents"));
        Assert.Equal(Texts.Of<ReportTexts>(Language.Vietnamese)["NoAnswersYet"], page.Field("dates"));
        Assert.Contains(Texts.Of<ReportTexts>(Language.Vietnamese)["NoSegments"], ReportHtml.Text(page.Section("segments")));
        Assert.Contains(Texts.Of<ReportTexts>(Language.Vietnamese)["NothingToInvestIn"], ReportHtml.Text(page.Section("backlog")));
        Assert.Equal("lonely", Assert.Single(page.Rows("backlog", "review")).Key);
    }

    [Fact]
    public async Task AFilterByAValueBeyondTheOfferedOnesStillShowsItChosen()
    {
        var surveyId = await Given.ASurvey(admin, "Many teams");
        await Given.AFeature(admin, surveyId, "f");
        await Given.Responses(admin, surveyId, Enumerable.Range(0, 21).Select(index => new TestRespondent(
            $"r-{index}", null, new Dictionary<string, string> { ["team"] = $"t{index:00}" },
            new Dictionary<string, FeatureAnswer> { ["f"] = new(Answer.Like, Answer.Dislike) })));

        var everyone = new ReportHtml(await admin.GetStringAsync($"/v1/surveys/{surveyId}/report"));
        var rare = new ReportHtml(await admin.GetStringAsync($"/v1/surveys/{surveyId}/report?segment.team=t20"));

        Assert.Equal(21, everyone.Options("segment.team").Count);
        Assert.DoesNotContain(everyone.Options("segment.team"), option => option.Value == "t20");
        Assert.Contains(("t20", true), rare.Options("segment.team"));
        Assert.Equal("1", rare.Field("respondents"));
    }

    [Fact]
    public async Task AReportIsComputedOncePerVersionOfTheDataAndThenServedFromMemory()
    {
        var surveyId = await Given.ASurvey(admin, "Cached");
        await Given.AFeature(admin, surveyId, "f");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("f", 3, 2, 1, 0, 0, 0));
        var first = await admin.GetStringAsync($"/v1/surveys/{surveyId}/report");

        // Behind the API's back (no version changes): the same ETag, so the page computed first is answered again.
        await using (var connection = factory.NewConnection())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE surveys SET name = 'Renamed behind its back' WHERE id = {surveyId}";
            await command.ExecuteNonQueryAsync();
        }

        var cached = await admin.GetAsync($"/v1/surveys/{surveyId}/report");
        Assert.Equal(first, await cached.Content.ReadAsStringAsync());
        Assert.True(cached.Headers.CacheControl!.NoStore);
        Assert.Equal(PublicPages.ContentSecurityPolicy, cached.Headers.GetValues("Content-Security-Policy").Single());

        // A new response changes the data's version: the report is made again, from the database as it is now.
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("f", 1, 0, 0, 0, 0, 0, idPrefix: "late"));
        var fresh = new ReportHtml(await admin.GetStringAsync($"/v1/surveys/{surveyId}/report"));
        Assert.Equal("7", fresh.Field("respondents"));
        Assert.Contains("<h1>Renamed behind its back</h1>", fresh.Html);
    }

    [Fact]
    public void EveryReportTextIsWrittenInBothLanguages()
    {
        var same = new[] { "SegmentFilter", "NotAvailable", "PouliotTableChoice" };
        var (english, vietnamese) = (Texts.Of<ReportTexts>(Language.English), Texts.Of<ReportTexts>(Language.Vietnamese));
        Assert.NotEmpty(english.All());
        foreach (var key in english.All().Select(text => text.Name))
        {
            Assert.False(string.IsNullOrWhiteSpace(english[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(vietnamese[key]), key);
            Assert.True(english[key] != vietnamese[key] || same.Contains(key), $"{key} is not translated");
            Assert.Equal(
                System.Text.RegularExpressions.Regex.Matches(english[key], @"\{\d\}").Select(match => match.Value).Order(),
                System.Text.RegularExpressions.Regex.Matches(vietnamese[key], @"\{\d\}").Select(match => match.Value).Order());
        }
    }
}
