using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.Infrastructure;

namespace KanoApi.Tests.Questionnaire;

public sealed class QuestionnaireTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task<JsonElement> Patch(long surveyId, object body)
    {
        var response = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private async Task<JsonElement> Questionnaire(long surveyId, string query = "")
    {
        var response = await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static string[] Keys(JsonElement questionnaire) =>
        questionnaire.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("key").GetString()!).ToArray();

    [Fact]
    public async Task ASurveysQuestionnaireSettingsHaveDefaultsAndAPatchChangesOnlyWhatItSends()
    {
        var surveyId = await Given.ASurvey(admin);
        var survey = await (await admin.GetAsync($"/v1/surveys/{surveyId}")).Json();
        var settings = survey.GetProperty("questionnaire");
        Assert.Equal("modern", settings.GetProperty("answerWording").GetString());
        Assert.True(settings.GetProperty("randomizeOrder").GetBoolean());
        Assert.False(settings.GetProperty("askImportance").GetBoolean());
        Assert.False(settings.GetProperty("askSatisfaction").GetBoolean());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("intro").GetProperty("en").ValueKind);

        var patched = await Patch(surveyId, new { questionnaire = new { answerWording = "berger", askImportance = true, intro = new { en = "Three minutes.", vi = "Ba phút." } } });
        settings = patched.GetProperty("questionnaire");
        Assert.Equal("berger", settings.GetProperty("answerWording").GetString());
        Assert.True(settings.GetProperty("askImportance").GetBoolean());
        Assert.True(settings.GetProperty("randomizeOrder").GetBoolean());
        Assert.Equal("Ba phút.", settings.GetProperty("intro").GetProperty("vi").GetString());

        patched = await Patch(surveyId, new { questionnaire = new { intro = new { en = "" } } });
        settings = patched.GetProperty("questionnaire");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("intro").GetProperty("en").ValueKind);
        Assert.Equal("Ba phút.", settings.GetProperty("intro").GetProperty("vi").GetString());
        Assert.Equal("berger", settings.GetProperty("answerWording").GetString());
    }

    [Fact]
    public async Task InvalidQuestionnaireSettingsAreListedByFieldAndNothingChanges()
    {
        var surveyId = await Given.ASurvey(admin);
        var response = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new
        {
            name = "Renamed",
            questionnaire = new { answerWording = "shakespeare", thankYou = new { vi = new string('x', 2001) } },
        });
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal(["questionnaire.answerWording", "questionnaire.thankYou.vi"], errors.Keys.Order(StringComparer.Ordinal));
        var survey = await (await admin.GetAsync($"/v1/surveys/{surveyId}")).Json();
        Assert.Equal("Checkout", survey.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AFeatureWithoutItsOwnQuestionsIsAskedTheDefaultPairInBothLanguages()
    {
        var surveyId = await Given.ASurvey(admin);
        await Given.AFeature(admin, surveyId, "one-click", "one-click checkout");

        var english = (await Questionnaire(surveyId, "?lang=en")).GetProperty("features")[0];
        Assert.Equal("How would you feel if one-click checkout were available?", english.GetProperty("functionalQuestion").GetString());
        Assert.Equal("How would you feel if one-click checkout were not available?", english.GetProperty("dysfunctionalQuestion").GetString());

        var vietnamese = (await Questionnaire(surveyId, "?lang=vi")).GetProperty("features")[0];
        Assert.Equal("Nếu sản phẩm có one-click checkout, bạn cảm thấy thế nào?", vietnamese.GetProperty("functionalQuestion").GetString());
        Assert.Equal("Nếu sản phẩm không có one-click checkout, bạn cảm thấy thế nào?", vietnamese.GetProperty("dysfunctionalQuestion").GetString());
    }

    [Fact]
    public async Task AFeaturesOwnQuestionsAreAskedInTheirLanguageAndTheDefaultFillsTheOther()
    {
        var surveyId = await Given.ASurvey(admin);
        var created = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/features", new
        {
            key = "wifi",
            name = "Free Wi-Fi",
            functionalQuestionVi = "Nếu cửa hàng có Wi-Fi miễn phí, bạn cảm thấy thế nào?",
            dysfunctionalQuestionVi = "Nếu cửa hàng không có Wi-Fi miễn phí, bạn cảm thấy thế nào?",
        });
        Assert.Equal("Nếu cửa hàng có Wi-Fi miễn phí, bạn cảm thấy thế nào?", (await created.Json()).GetProperty("functionalQuestionVi").GetString());

        var vietnamese = (await Questionnaire(surveyId, "?lang=vi")).GetProperty("features")[0];
        Assert.Equal("Nếu cửa hàng không có Wi-Fi miễn phí, bạn cảm thấy thế nào?", vietnamese.GetProperty("dysfunctionalQuestion").GetString());
        var english = (await Questionnaire(surveyId, "?lang=en")).GetProperty("features")[0];
        Assert.Equal("How would you feel if Free Wi-Fi were available?", english.GetProperty("functionalQuestion").GetString());

        var patched = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/wifi", new { functionalQuestion = "If the shop offers free Wi-Fi, how do you feel?", functionalQuestionVi = "" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        english = (await Questionnaire(surveyId, "?lang=en")).GetProperty("features")[0];
        Assert.Equal("If the shop offers free Wi-Fi, how do you feel?", english.GetProperty("functionalQuestion").GetString());
        vietnamese = (await Questionnaire(surveyId, "?lang=vi")).GetProperty("features")[0];
        Assert.Equal("Nếu sản phẩm có Free Wi-Fi, bạn cảm thấy thế nào?", vietnamese.GetProperty("functionalQuestion").GetString());
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameOrderAndDifferentSeedsGiveDifferentOrders()
    {
        var features = Enumerable.Range(1, 8).Select(i => $"feature-{i}").ToArray();
        var surveyId = await Given.ASurveyWithFeatures(admin, features);

        var first = Keys(await Questionnaire(surveyId, "?seed=respondent-1"));
        Assert.Equal(first, Keys(await Questionnaire(surveyId, "?seed=respondent-1")));
        Assert.Equal(features.Order(), first.Order());

        var orders = new HashSet<string>();
        for (var i = 1; i <= 6; i++)
        {
            orders.Add(string.Join(",", Keys(await Questionnaire(surveyId, $"?seed=respondent-{i}"))));
        }

        Assert.True(orders.Count >= 5, $"6 seeds gave only {orders.Count} orders");
        Assert.DoesNotContain(string.Join(",", features), orders.Take(1));

        var unseeded = await Questionnaire(surveyId);
        Assert.Equal(16, unseeded.GetProperty("seed").GetString()!.Length);
    }

    [Fact]
    public async Task WithoutRandomisationEveryRespondentSeesTheCreationOrder()
    {
        var features = new[] { "zeta", "alpha", "mid" };
        var surveyId = await Given.ASurveyWithFeatures(admin, features);
        await Patch(surveyId, new { questionnaire = new { randomizeOrder = false } });

        Assert.Equal(features, Keys(await Questionnaire(surveyId, "?seed=a")));
        Assert.Equal(features, Keys(await Questionnaire(surveyId, "?seed=b")));
        var unordered = await Questionnaire(surveyId);
        Assert.False(unordered.GetProperty("randomizeOrder").GetBoolean());
        Assert.False(unordered.GetProperty("randomizedOrder").GetBoolean());
    }

    [Fact]
    public async Task TheQuestionnaireNamesTheOrderSettingAsTheSurveyDoesAndKeepsTheShippedNameAsAnAlias()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var questionnaire = await Questionnaire(surveyId);

        Assert.True(questionnaire.GetProperty("randomizeOrder").GetBoolean());
        Assert.True(questionnaire.GetProperty("randomizedOrder").GetBoolean());
    }

    [Fact]
    public async Task TheSubmissionTemplateCarriesTheSeedAsRespondentIdSoPostingItTwiceStoresOneRespondent()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        foreach (var query in new[] { "?seed=customer-77", "" })
        {
            var questionnaire = await Questionnaire(surveyId, query);
            var submission = questionnaire.GetProperty("submission");
            var body = System.Text.Json.Nodes.JsonNode.Parse(submission.GetProperty("body").GetRawText())!;
            Assert.Equal(questionnaire.GetProperty("seed").GetString(), (string?)body["respondentId"]);
            body["answers"]![0]!["functional"] = "like";
            body["answers"]![0]!["dysfunctional"] = "dislike";

            var first = await admin.SendAsync(Given.JsonRequest(HttpMethod.Post, submission.GetProperty("path").GetString()!, body.ToJsonString()));
            Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
            var again = await admin.SendAsync(Given.JsonRequest(HttpMethod.Post, submission.GetProperty("path").GetString()!, body.ToJsonString()));
            await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict);
        }

        var stored = await (await admin.GetAsync($"/v1/surveys/{surveyId}/responses")).Json();
        Assert.Equal(2, stored.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnswerOptionsCarryCodeAndLabelInTheChosenWordingAndLanguage()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        static string Labels(JsonElement q) => string.Join("|", q.GetProperty("features")[0].GetProperty("options").EnumerateArray()
            .Select(o => $"{o.GetProperty("position").GetInt32()}:{o.GetProperty("code").GetString()}:{o.GetProperty("label").GetString()}"));

        Assert.Equal("1:like:I like it|2:must-be:I expect it|3:neutral:I am neutral|4:live-with:I can tolerate it|5:dislike:I dislike it",
            Labels(await Questionnaire(surveyId, "?lang=en")));
        Assert.Equal("1:like:Tôi thích như vậy|2:must-be:Điều đó là đương nhiên|3:neutral:Tôi thấy bình thường|4:live-with:Tôi có thể chấp nhận|5:dislike:Tôi không thích như vậy",
            Labels(await Questionnaire(surveyId, "?lang=vi")));

        await Patch(surveyId, new { questionnaire = new { answerWording = "kano-1984" } });
        var kano = await Questionnaire(surveyId, "?lang=en");
        Assert.Equal("kano-1984", kano.GetProperty("answerWording").GetString());
        Assert.StartsWith("1:like:I like it that way|2:must-be:It must be that way", Labels(kano));

        await admin.PutAsJsonAsync($"/v1/surveys/{surveyId}/wordings", new Dictionary<string, string[]> { ["like"] = ["Love it"], ["dislike"] = ["Hate it"] });
        await Patch(surveyId, new { questionnaire = new { answerWording = "survey" } });
        Assert.Equal("1:like:Love it|2:must-be:I expect it|3:neutral:I am neutral|4:live-with:I can tolerate it|5:dislike:Hate it",
            Labels(await Questionnaire(surveyId, "?lang=en")));
    }

    [Fact]
    public async Task TheScalesAreInTheQuestionnaireOnlyWhenAskedWithALabelForEveryPoint()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var plain = await Questionnaire(surveyId);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("importance").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("satisfaction").ValueKind);

        await Patch(surveyId, new { questionnaire = new { askImportance = true, askSatisfaction = true } });
        var english = await Questionnaire(surveyId, "?lang=en");
        var importance = english.GetProperty("importance").GetProperty("points");
        Assert.Equal(Enumerable.Range(1, 9), importance.EnumerateArray().Select(p => p.GetProperty("value").GetInt32()));
        Assert.Equal("Not at all important", importance[0].GetProperty("label").GetString());
        Assert.Equal("Extremely important", importance[8].GetProperty("label").GetString());
        Assert.Equal(["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
            english.GetProperty("satisfaction").GetProperty("points").EnumerateArray().Select(p => p.GetProperty("label").GetString()));

        var vietnamese = await Questionnaire(surveyId, "?lang=vi");
        Assert.Equal(["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
            vietnamese.GetProperty("satisfaction").GetProperty("points").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task TheSubmissionBodyFilledInWithOptionCodesIsStoredByPostResponses()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi", "parking");
        await Patch(surveyId, new { questionnaire = new { askImportance = true } });
        var questionnaire = await Questionnaire(surveyId, "?seed=r-1");
        var submission = questionnaire.GetProperty("submission");
        Assert.Equal("POST", submission.GetProperty("method").GetString());

        var body = System.Text.Json.Nodes.JsonNode.Parse(submission.GetProperty("body").GetRawText())!;
        foreach (var answer in body["answers"]!.AsArray())
        {
            answer!["functional"] = questionnaire.GetProperty("features")[0].GetProperty("options")[0].GetProperty("code").GetString();
            answer["dysfunctional"] = "dislike";
            answer["importance"] = 7;
        }

        Assert.Equal(Keys(questionnaire), body["answers"]!.AsArray().Select(a => (string)a!["feature"]!));
        var stored = await admin.SendAsync(Given.JsonRequest(HttpMethod.Post, submission.GetProperty("path").GetString()!, body.ToJsonString()));
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheQuestionnaireAnswers304UntilTheSurveyItsFeaturesOrTheSeedChange()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var first = await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?seed=s&lang=en");
        var etag = first.Headers.ETag!.ToString();

        async Task<HttpStatusCode> Conditional(string query) =>
            (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/questionnaire{query}").WithHeader("If-None-Match", etag))).StatusCode;

        Assert.Equal(HttpStatusCode.NotModified, await Conditional("?seed=s&lang=en"));
        Assert.Equal(HttpStatusCode.OK, await Conditional("?seed=t&lang=en"));
        Assert.Equal(HttpStatusCode.OK, await Conditional("?seed=s&lang=vi"));

        await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/wifi", new { name = "Free Wi-Fi" });
        Assert.Equal(HttpStatusCode.OK, await Conditional("?seed=s&lang=en"));
        etag = (await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?seed=s&lang=en")).Headers.ETag!.ToString();
        await Patch(surveyId, new { questionnaire = new { askSatisfaction = true } });
        Assert.Equal(HttpStatusCode.OK, await Conditional("?seed=s&lang=en"));
    }

    [Fact]
    public async Task ReadAndCollectKeysMayReadTheQuestionnaireButNotAnotherSurveysOrWorkspaces()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var otherId = await Given.ASurveyWithFeatures(admin, "parking");
        var reader = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Read));
        var collector = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Collect, surveyId));
        var stranger = factory.CreateClientWithKey(await Given.AKey(factory, Scopes.Admin, inNewWorkspace: true));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/surveys/{surveyId}/questionnaire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await collector.GetAsync($"/v1/surveys/{surveyId}/questionnaire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.GetAsync($"/v1/surveys/{otherId}/questionnaire")).StatusCode);
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/v1/surveys/{surveyId}/questionnaire"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABadLanguageOrSeedIsAValidationProblem()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var errors = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?lang=fr&seed={new string('s', 101)}"));
        Assert.Equal(["lang", "seed"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("who%3F")]
    [InlineData("%20")]
    public async Task ASeedThatCouldNotBeARespondentIdIsAValidationProblem(string seed)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "wifi");
        var errors = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?seed={seed}"));
        Assert.Equal(["seed"], errors.Keys);
    }
}
