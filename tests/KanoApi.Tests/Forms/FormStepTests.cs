using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Forms;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.Forms;

/// <summary>
/// The form asked a few features per step (questionnaire.featuresPerStep): the earlier steps' answers travel sealed
/// with the page, nothing is stored until the last step, and a state the service did not seal for this respondent is
/// refused with a message, storing nothing.
/// </summary>
public sealed partial class FormStepTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Five = ["wifi", "parking", "coffee", "lockers", "printing"];

    private readonly HttpClient admin = factory.CreateAdminClient();

    private static Texts English => Texts.Of<PageTexts>(Language.English);

    private async Task<(long SurveyId, string Path)> AFiveFeatureFormInStepsOfTwo()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, Five);
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { featuresPerStep = 2 } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        return (surveyId, path);
    }

    /// <summary>The keys of the features a page asks, in the order shown.</summary>
    private static string[] FeaturesOn(string html) => [.. FeatureCard().Matches(html).Select(match => match.Groups["key"].Value)];

    /// <summary>Each feature answered with its own pair, so a stored answer shows which step it came from.</summary>
    private static Dictionary<string, string> Answered(IEnumerable<string> keys, string functional = "like", string dysfunctional = "dislike") =>
        keys.SelectMany(key => new[] { KeyValuePair.Create($"{key}.functional", functional), KeyValuePair.Create($"{key}.dysfunctional", dysfunctional) })
            .ToDictionary();

    [Fact]
    public async Task AFormInStepsAsksAFewFeaturesPerPageAndStoresNothingUntilTheLastStep()
    {
        var (surveyId, path) = await AFiveFeatureFormInStepsOfTwo();
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var seen = new List<string>();
        for (var step = 1; step <= 3; step++)
        {
            Assert.Contains(English.Format("StepOf", step, 3), page);
            Assert.Contains($"<progress aria-labelledby=\"progress-label\" max=\"3\" value=\"{step}\"", page);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
            var features = FeaturesOn(page);
            Assert.Equal(step < 3 ? 2 : 1, features.Length);
            seen.AddRange(features);
            Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());

            // The first step's features "like / dislike", the later ones "must-be / dislike".
            var response = await Submit(browser, path, page, Answered(features, step == 1 ? "like" : "must-be"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains(English["ThankYouTitle"], page);
        Assert.Equal(Five.Order(), seen.Order());
        var stored = Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
        var answers = stored.GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("feature").GetString()!, a => a.GetProperty("functional").GetString());
        Assert.Equal(5, answers.Count);
        Assert.All(seen.Take(2), key => Assert.Equal("like", answers[key]));
        Assert.All(seen.Skip(2), key => Assert.Equal("must-be", answers[key]));
    }

    [Fact]
    public async Task ExpectationAndPerceptionGivenOnAnEarlierStepAreStoredWithTheLastStep()
    {
        var (surveyId, path) = await AFiveFeatureFormInStepsOfTwo();
        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askServiceQuality = true } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var first = FeaturesOn(page);
        var fields = Answered(first);
        fields[$"{first[0]}.expectation"] = "6";
        fields[$"{first[0]}.perception"] = "2";

        for (var step = 1; step <= 3; step++)
        {
            var response = await Submit(browser, path, page, step == 1 ? fields : Answered(FeaturesOn(page)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await response.Content.ReadAsStringAsync();
        }

        var stored = Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
        var answer = stored.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("feature").GetString() == first[0]);
        Assert.Equal(6, answer.GetProperty("expectation").GetInt32());
        Assert.Equal(2, answer.GetProperty("perception").GetInt32());
    }

    [Fact]
    public async Task AMissingAnswerIsShownNextToItsQuestionOnItsOwnStepAndBackKeepsTheAnswersGiven()
    {
        var (surveyId, path) = await AFiveFeatureFormInStepsOfTwo();
        var browser = factory.CreateClient();
        var first = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var firstFeatures = FeaturesOn(first);
        var second = await (await Submit(browser, path, first, Answered(firstFeatures))).Content.ReadAsStringAsync();
        var secondFeatures = FeaturesOn(second);

        var missing = Answered(secondFeatures);
        missing.Remove($"{secondFeatures[1]}.dysfunctional");
        var refused = await Submit(browser, path, second, missing);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(English.Format("StepOf", 2, 3), html);
        Assert.Equal(secondFeatures, FeaturesOn(html));
        Assert.Contains($"id=\"q-{secondFeatures[1]}-dysfunctional-error\"", html);
        Assert.Contains($"href=\"#q-{secondFeatures[1]}-dysfunctional\"", html);
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());

        // Back, from the refused step: the first step again, its answers chosen.
        var back = new Dictionary<string, string>(missing) { ["go"] = "back" };
        var previous = await (await Submit(browser, path, html, back)).Content.ReadAsStringAsync();
        Assert.Contains(English.Format("StepOf", 1, 3), previous);
        Assert.Equal(firstFeatures, FeaturesOn(previous));
        Assert.Equal(4, Regex.Count(previous, "checked"));

        // Forward again: step 2 shows what was chosen there before going back.
        var again = await (await Submit(browser, path, previous, Answered(firstFeatures))).Content.ReadAsStringAsync();
        Assert.Contains(English.Format("StepOf", 2, 3), again);
        Assert.Equal(3, Regex.Count(again, "checked"));
        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task AnAlteredForeignOrOversizedStepStateIsRefusedWithAClearMessageAndStoresNothing()
    {
        var (surveyId, path) = await AFiveFeatureFormInStepsOfTwo();
        var browser = factory.CreateClient();
        var first = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var second = await (await Submit(browser, path, first, Answered(FeaturesOn(first)))).Content.ReadAsStringAsync();
        var sealedState = HiddenFields(second)[FormSteps.Field];

        var other = factory.CreateClient();
        var othersPage = await (await other.GetAsync(path)).Content.ReadAsStringAsync();
        var othersState = HiddenFields(othersPage)[FormSteps.Field];

        var altered = sealedState[..^3] + (sealedState[^3] == 'A' ? 'B' : 'A') + sealedState[^2..];
        foreach (var state in new[] { altered, othersState, new string('A', FormSteps.MaxLength + 1), "", "not a seal" })
        {
            var fields = HiddenFields(second);
            fields[FormSteps.Field] = state;
            foreach (var (name, value) in Answered(FeaturesOn(second)))
            {
                fields[name] = value;
            }

            var response = await browser.PostAsync(path, new FormUrlEncodedContent(fields));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(English["StepsUnreadable"], html);
            Assert.Contains(English.Format("StepOf", 1, 3), html);
        }

        Assert.Equal(0, (await StoredResponses(admin, surveyId)).GetArrayLength());
    }

    [Fact]
    public async Task EarlierAnswersPostedAsFieldsDoNotReplaceTheSealedOnes()
    {
        var (surveyId, path) = await AFiveFeatureFormInStepsOfTwo();
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var firstFeatures = FeaturesOn(page);
        page = await (await Submit(browser, path, page, Answered(firstFeatures))).Content.ReadAsStringAsync();
        page = await (await Submit(browser, path, page, Answered(FeaturesOn(page)))).Content.ReadAsStringAsync();

        // The last step, with the first step's answers sent again as plain fields, changed.
        var last = Answered(FeaturesOn(page));
        foreach (var (name, value) in Answered(firstFeatures, "dislike", "like"))
        {
            last[name] = value;
        }

        var thanks = await Submit(browser, path, page, last);
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        var stored = Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray());
        Assert.All(
            stored.GetProperty("answers").EnumerateArray().Where(a => firstFeatures.Contains(a.GetProperty("feature").GetString())),
            answer => Assert.Equal("like", answer.GetProperty("functional").GetString()));
    }

    [Fact]
    public async Task AFormRenderedOnOnePageBeforeTheSurveySwitchedToStepsIsStoredWhenSentWhole()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, Five);
        var browser = factory.CreateClient();
        var onePage = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(FormSteps.Field, HiddenFields(onePage).Keys);
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { featuresPerStep = 2 } });

        var missing = Answered(Five);
        missing.Remove("coffee.functional");
        var refused = await Submit(browser, path, onePage, missing);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"q-coffee-functional-error\"", html);
        Assert.Contains("coffee", FeaturesOn(html));

        Assert.Equal(HttpStatusCode.OK, (await Submit(browser, path, onePage, Answered(Five))).StatusCode);
        Assert.Equal(5, Assert.Single((await StoredResponses(admin, surveyId)).EnumerateArray()).GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task AStepSizeOfAtLeastTheFeatureCountAsksEverythingOnOnePageWithoutAStepState()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi", "parking");
        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { featuresPerStep = 5 } });
        var page = await (await factory.CreateClient().GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Equal(2, FeaturesOn(page).Length);
        Assert.DoesNotContain(FormSteps.Field, HiddenFields(page).Keys);
        Assert.DoesNotContain("<progress", page);
    }

    [GeneratedRegex("<fieldset class=\"card feature\" id=\"feature-(?<key>[^\"]+)\"")]
    private static partial Regex FeatureCard();
}
