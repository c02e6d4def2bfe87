using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

/// <summary>
/// What respondents read, in their language: the survey's public title, each feature's name and description per
/// language (in the form and in GET …/questionnaire alike), the standard intro and the thank-you that names the survey.
/// </summary>
public sealed class FormContentTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task<(long SurveyId, string Path)> ACheckoutSurveyWithAFormLink()
    {
        var surveyId = await Given.ASurvey(admin, "Checkout 2026 wave 2 (internal)");
        await Given.AFeature(admin, surveyId, "fast-checkout", "Fast checkout");
        var link = await (await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { })).Json();
        return (surveyId, new Uri(link.GetProperty("url").GetString()!).PathAndQuery);
    }

    private async Task<JsonElement> Questionnaire(long surveyId, string lang) =>
        await (await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?lang={lang}")).Json();

    private async Task<string> FormPage(string path, string lang) =>
        await (await factory.CreateClient().GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}lang={lang}")).Content.ReadAsStringAsync();

    [Fact]
    public async Task AVietnameseRespondentReadsTheFeaturesVietnameseNameAndDescriptionInTheFormAndTheQuestionnaire()
    {
        var (surveyId, path) = await ACheckoutSurveyWithAFormLink();
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/fast-checkout", new
        {
            description = "Pay in one step.",
            nameVi = "Thanh toán nhanh",
            descriptionVi = "Thanh toán chỉ trong một bước.",
        });
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var feature = await patched.Json();
        Assert.Equal("Thanh toán nhanh", feature.GetProperty("nameVi").GetString());
        Assert.Equal("Fast checkout", feature.GetProperty("name").GetString());

        var vietnamese = (await Questionnaire(surveyId, "vi")).GetProperty("features")[0];
        Assert.Equal("Thanh toán nhanh", vietnamese.GetProperty("name").GetString());
        Assert.Equal("Thanh toán chỉ trong một bước.", vietnamese.GetProperty("description").GetString());
        Assert.Equal(QuestionnaireWording.DefaultFunctionalQuestion("Thanh toán nhanh", Language.Vietnamese), vietnamese.GetProperty("functionalQuestion").GetString());
        Assert.Equal(QuestionnaireWording.DefaultDysfunctionalQuestion("Thanh toán nhanh", Language.Vietnamese), vietnamese.GetProperty("dysfunctionalQuestion").GetString());
        var english = (await Questionnaire(surveyId, "en")).GetProperty("features")[0];
        Assert.Equal("Fast checkout", english.GetProperty("name").GetString());
        Assert.Equal("Pay in one step.", english.GetProperty("description").GetString());

        var form = await FormPage(path, "vi");
        Assert.Contains("Thanh toán nhanh", form);
        Assert.Contains("Thanh toán chỉ trong một bước.", form);
        Assert.DoesNotContain("Fast checkout", form);
        Assert.DoesNotContain("Pay in one step.", form);

        // "" clears the translation: Vietnamese respondents read the name again.
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/fast-checkout", new { nameVi = "" });
        Assert.Equal("Fast checkout", (await Questionnaire(surveyId, "vi")).GetProperty("features")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task RespondentsReadTheSurveysPublicTitleInTheirLanguageNotItsInternalName()
    {
        var (surveyId, path) = await ACheckoutSurveyWithAFormLink();
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { title = new { en = "Your checkout", vi = "Trải nghiệm thanh toán" } } });
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        Assert.Equal("Your checkout", (await patched.Json()).GetProperty("questionnaire").GetProperty("title").GetProperty("en").GetString());

        Assert.Equal("Your checkout", (await Questionnaire(surveyId, "en")).GetProperty("title").GetString());
        Assert.Equal("Trải nghiệm thanh toán", (await Questionnaire(surveyId, "vi")).GetProperty("title").GetString());
        var english = await FormPage(path, "en");
        Assert.Contains("<h1>Your checkout</h1>", english);
        Assert.DoesNotContain("internal", english);
        Assert.Contains("<h1>Trải nghiệm thanh toán</h1>", await FormPage(path, "vi"));

        // The thank-you names the survey the respondent answered.
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path + "?lang=vi")).Content.ReadAsStringAsync();
        var thanks = await (await Submit(browser, path + "?lang=vi", page, AllAnswered("fast-checkout"))).Content.ReadAsStringAsync();
        Assert.Contains(Texts.Of<PageTexts>(Language.Vietnamese).Format("ThankYouFor", "Trải nghiệm thanh toán"), thanks);

        // Without a title of their own language respondents read the survey's name, as before.
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { title = new { vi = "" } } });
        Assert.Equal("Checkout 2026 wave 2 (internal)", (await Questionnaire(surveyId, "vi")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheStandardIntroSaysWhoAsksWhatIsAskedHowLongItTakesAndThatNoNameIsAsked()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, [.. Enumerable.Range(1, 10).Select(i => $"f{i}")]);
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askedBy = "Acme Bank", askImportance = true, askSatisfaction = true } });
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());

        // Ten features with both scales: 20 Kano questions of 10 s and 20 scale questions of 5 s, five minutes.
        var questionnaire = await Questionnaire(surveyId, "en");
        Assert.Equal(5, questionnaire.GetProperty("estimatedMinutes").GetInt32());
        var intro = questionnaire.GetProperty("intro").GetString()!;
        Assert.StartsWith("Acme Bank would like to know what you think.", intro);
        Assert.Contains("10 features, 40 questions: about 5 min.", intro);
        Assert.Contains(KanoTexts.Get("Questionnaire.Intro.Privacy", Language.English), intro);
        var vietnamese = (await Questionnaire(surveyId, "vi")).GetProperty("intro").GetString()!;
        Assert.Contains("10 tính năng, 40 câu hỏi: khoảng 5 phút.", vietnamese);

        // The survey's own intro replaces the standard one in its language only.
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { intro = new { en = "Our own words." } } });
        Assert.Equal("Our own words.", (await Questionnaire(surveyId, "en")).GetProperty("intro").GetString());
        Assert.Equal(vietnamese, (await Questionnaire(surveyId, "vi")).GetProperty("intro").GetString());
    }

    [Fact]
    public async Task TitleWhoAsksStepSizeAndTranslationsOutOfBoundsAreRefusedWithTheFieldNamedAndNothingChanged()
    {
        var surveyId = await Given.ASurvey(admin);
        await Given.AFeature(admin, surveyId, "wifi");
        var before = await (await admin.GetAsync($"/v1/surveys/{surveyId}")).Content.ReadAsStringAsync();

        var errors = await ProblemAssert.IsValidationProblem(await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new
        {
            name = "Renamed",
            questionnaire = new { title = new { en = new string('t', 201), vi = "hai\u202Edòng" }, askedBy = new string('a', 201), featuresPerStep = 21 },
        }));
        Assert.Contains("questionnaire.title.en", errors.Keys);
        Assert.Contains("questionnaire.title.vi", errors.Keys);
        Assert.Contains("questionnaire.askedBy", errors.Keys);
        Assert.Contains("questionnaire.featuresPerStep", errors.Keys);
        Assert.Contains("questionnaire.featuresPerStep", (await ProblemAssert.IsValidationProblem(
            await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { featuresPerStep = -1 } }))).Keys);
        Assert.Equal(before, await (await admin.GetAsync($"/v1/surveys/{surveyId}")).Content.ReadAsStringAsync());

        var featureErrors = await ProblemAssert.IsValidationProblem(await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/wifi", new
        {
            nameVi = new string('n', 201),
            descriptionVi = new string('d', 2001),
        }));
        Assert.Equal(["descriptionVi", "nameVi"], featureErrors.Keys.Order(StringComparer.Ordinal));
        var created = await ProblemAssert.IsValidationProblem(await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new
        {
            key = "parking",
            name = "Parking",
            nameVi = "bãi\u0000xe",
        }));
        Assert.Contains("nameVi", created.Keys);
        Assert.Equal(1, (await (await admin.GetAsync($"/v1/surveys/{surveyId}")).Json()).GetProperty("features").GetInt64());

        var set = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { featuresPerStep = 20, askedBy = "Acme" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(20, (await set.Json()).GetProperty("questionnaire").GetProperty("featuresPerStep").GetInt32());
    }
}
