using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using KanoApi.Reports;

namespace KanoApi.Tests.Localization;

/// <summary>
/// A third language is a set of resource files: with <see cref="PseudoLocale"/>'s files and its tag in
/// <c>Kano:Languages</c> — no code — the form, the report, the 404 page and the API's labels speak it, and no English
/// is left on the pages but the data (names, segment values) and the method's untranslated symbols.
/// </summary>
public sealed partial class PseudoLocaleTests(PseudoLocaleTests.Factory factory) : IClassFixture<PseudoLocaleTests.Factory>
{
    public sealed class Factory : KanoApiFactory
    {
        public Factory() => PseudoLocale.EnsureWritten();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kano:Languages:0"] = "en",
            ["Kano:Languages:1"] = "vi",
            ["Kano:Languages:2"] = PseudoLocale.Code,
        };
    }

    private static readonly string[] Keys = ["zq-alpha", "zq-beta", "zq-gamma"];

    /// <summary>What the survey's data puts on a page: its name, feature keys and names, waves, segment names and values.</summary>
    private static readonly string[] Data = ["Qzx study", .. Keys, "w1", "w2", "channel", "online", "store", "plan", "free", "pro"];

    /// <summary>The method's symbols, the same in every language: the coefficients, n, and the six evaluation codes.</summary>
    private static readonly HashSet<string> Symbols = ["Better", "Worse", "n", "A", "O", "M", "I", "R", "Q"];

    private readonly HttpClient admin = factory.CreateAdminClient();
    private readonly HttpClient anonymous = factory.CreateClient();

    private async Task<long> ASurveyWithAnswers()
    {
        var response = await admin.PostAsJsonAsync("/v1/surveys", new { name = "Qzx study", language = "en" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var surveyId = (await response.Json()).GetProperty("id").GetInt64();
        foreach (var key in Keys)
        {
            await Given.AFeature(admin, surveyId, key);
        }

        await Given.Responses(admin, surveyId, Given.RandomRespondents(11, 60, Keys));
        return surveyId;
    }

    [Fact]
    public async Task TheFormSpeaksALanguageThatIsOnlyResourceFiles()
    {
        var surveyId = await ASurveyWithAnswers();
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "form", name = "Pseudo" })).Json();
        var path = new Uri(link.GetProperty("url").GetString()!).AbsolutePath;

        var html = await anonymous.GetStringAsync($"{path}?lang={PseudoLocale.Code}");

        Assert.Contains($"<html lang=\"{PseudoLocale.Code}\">", html);
        Assert.Contains(PseudoLocale.Of(Texts.Of<PageTexts>(Language.English)["Submit"]), html);
        Assert.Contains(PseudoLocale.Of(AnswerWordings.Modern[0]), html);
        Assert.Contains(PseudoLocale.Of(QuestionnaireWording.DefaultFunctionalQuestion("{0}", Language.English)).Replace("{0}", "zq-alpha"), html);
        AssertNoEnglishLeft(html);
    }

    [Fact]
    public async Task TheReportSpeaksALanguageThatIsOnlyResourceFiles()
    {
        var surveyId = await ASurveyWithAnswers();

        var html = await admin.GetStringAsync($"/v1/surveys/{surveyId}/report?lang={PseudoLocale.Code}");

        Assert.Contains($"<html lang=\"{PseudoLocale.Code}\">", html);
        Assert.Contains(PseudoLocale.Of(Texts.Of<ReportTexts>(Language.English)["Backlog"]), html);
        Assert.Contains(PseudoLocale.Of(KanoNames.Label(KanoCategory.Indifferent, Language.English)), html);
        // The language switch offers it by its own name, the other languages by theirs.
        Assert.Contains($"lang=\"{PseudoLocale.Code}\">{PseudoLocale.Of("English")}</option>", html);
        Assert.Contains("lang=\"vi\">Tiếng Việt</a>", html);
        AssertNoEnglishLeft(html);

        // The check sees English where there is some: the same report in English fails it.
        var english = await admin.GetStringAsync($"/v1/surveys/{surveyId}/report?lang=en");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoEnglishLeft(english));
    }

    [Fact]
    public async Task TheNotFoundPageSpeaksALanguageThatIsOnlyResourceFiles()
    {
        var response = await anonymous.GetAsync($"/f/no-such-link?lang={PseudoLocale.Code}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(PseudoLocale.Of(Texts.Of<PageTexts>(Language.English)["NotFoundTitle"]), html);
        AssertNoEnglishLeft(html);
    }

    [Fact]
    public async Task TheApiLabelsAndWarningsSpeakALanguageThatIsOnlyResourceFiles()
    {
        var surveyId = await ASurveyWithAnswers();

        var response = await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?lang={PseudoLocale.Code}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PseudoLocale.Code, response.Content.Headers.ContentLanguage.Single());
        var features = (await response.Json()).GetProperty("features").EnumerateArray().ToArray();
        Assert.NotEmpty(features);
        foreach (var feature in features)
        {
            var category = Enum.Parse<KanoCategory>(feature.GetProperty("category").GetString()!, ignoreCase: true);
            Assert.Equal(PseudoLocale.Of(KanoNames.Label(category, Language.English)), feature.GetProperty("label").GetString());
            // 60 respondents: every feature warns that the sample is small, in the pseudo language (codes A…Q aside).
            var warnings = feature.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()!).ToArray();
            Assert.NotEmpty(warnings);
            Assert.All(warnings, warning => Assert.Matches(@"^\[[^A-Za-z]*\]$", Regex.Replace(warning, @"\b[AOMIRQ]\b", "")));
        }

        var backlog = await (await admin.GetAsync($"/v1/surveys/{surveyId}/backlog?lang={PseudoLocale.Code}")).Json();
        var rationales = backlog.GetProperty("items").EnumerateArray().Concat(backlog.GetProperty("review").EnumerateArray())
            .Select(item => item.GetProperty("rationale").GetString()!).ToArray();
        Assert.NotEmpty(rationales);
        Assert.All(rationales, rationale => Assert.DoesNotMatch("[A-Za-z]{2,}", Regex.Replace(rationale, @"\b(Better|Worse)\b", "")));

        // An unknown language is still refused by name, the pseudo one now among those allowed.
        var refused = await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?lang=fr");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"allowed: en, vi, {PseudoLocale.Code}", await refused.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Every text a reader sees — text between tags and the aria-label, title, placeholder and alt attributes — holds no
    /// ASCII word once the data and the method's symbols are taken out: the pseudo texts have accented letters only.
    /// </summary>
    private static void AssertNoEnglishLeft(string html)
    {
        // Other languages' names in the language switch are in their own language and marked so.
        var page = OtherLanguageElement().Replace(html, "");
        var texts = VisibleAttribute().Matches(page).Select(match => match.Groups[2].Value)
            .Concat(Tag().Split(page))
            .Select(text => WebUtility.HtmlDecode(text).Trim())
            .Where(text => text.Length > 0)
            .ToArray();
        Assert.NotEmpty(texts);
        var english = texts
            .Select(text => Data.OrderByDescending(data => data.Length).Aggregate(text, (rest, data) => rest.Replace(data, " ", StringComparison.Ordinal)))
            .Where(rest => Word().Matches(rest).Any(word => !Symbols.Contains(word.Value)))
            .ToArray();
        Assert.True(english.Length == 0, "English left on the page: " + string.Join(" | ", english));
    }

    [GeneratedRegex("""<(a|option)\b[^>]*\blang="(?!qps-Ploc")[^"]*"[^>]*>.*?</\1>""", RegexOptions.Singleline)]
    private static partial Regex OtherLanguageElement();

    [GeneratedRegex(@"\b(aria-label|title|placeholder|alt)=""([^""]*)""")]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex("<!DOCTYPE[^>]*>|<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex Word();
}
