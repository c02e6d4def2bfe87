using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static KanoApi.Tests.Forms.FormPages;

namespace KanoApi.Tests.ServiceQuality;

/// <summary>
/// SERVQUAL's expectation and perception in the questionnaire definition and the hosted form (issue 21): asked only
/// when the survey switches them on, worded per feature in English and Vietnamese, on seven labelled points.
/// </summary>
public sealed class ServiceQualityQuestionnaireTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    private async Task SwitchOn(long surveyId)
    {
        var response = await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}", new { questionnaire = new { askServiceQuality = true } });
        Assert.True(HttpStatusCode.OK == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Questionnaire(long surveyId, string lang) =>
        await (await admin.GetAsync($"/v1/surveys/{surveyId}/questionnaire?lang={lang}")).Json();

    [Fact]
    public async Task WithoutTheSwitchNoFeatureCarriesServiceQualityItems()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "on-time");

        var questionnaire = await Questionnaire(surveyId, "en");

        Assert.Equal(JsonValueKind.Null, questionnaire.GetProperty("features")[0].GetProperty("serviceQuality").ValueKind);
    }

    [Theory]
    [InlineData("en", "An excellent service of this kind should perform well on “On-time delivery”.", "This service performs well on “On-time delivery”.",
        "Strongly disagree", "Neither agree nor disagree", "Strongly agree")]
    [InlineData("vi", "Một dịch vụ xuất sắc cùng loại cần thực hiện tốt “On-time delivery”.", "Dịch vụ này đang thực hiện tốt “On-time delivery”.",
        "Hoàn toàn không đồng ý", "Không đồng ý cũng không phản đối", "Hoàn toàn đồng ý")]
    public async Task WithTheSwitchEachFeatureCarriesBothStatementsOnSevenLabelledPoints(
        string lang, string expectation, string perception, string first, string middle, string last)
    {
        var surveyId = await Given.ASurvey(admin);
        await Given.AFeature(admin, surveyId, "on-time", "On-time delivery");
        await Given.AFeature(admin, surveyId, "wifi", "Free Wi-Fi");
        await SwitchOn(surveyId);

        var questionnaire = await Questionnaire(surveyId, lang);

        var feature = questionnaire.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "on-time");
        var items = feature.GetProperty("serviceQuality");
        Assert.False(string.IsNullOrWhiteSpace(items.GetProperty("instruction").GetString()));
        Assert.Equal("expectation", items.GetProperty("expectation").GetProperty("field").GetString());
        Assert.Equal(expectation, items.GetProperty("expectation").GetProperty("question").GetString());
        Assert.Equal("perception", items.GetProperty("perception").GetProperty("field").GetString());
        Assert.Equal(perception, items.GetProperty("perception").GetProperty("question").GetString());
        var points = items.GetProperty("perception").GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], points.Select(point => point.GetProperty("value").GetInt32()));
        Assert.Equal(7, points.Select(point => point.GetProperty("label").GetString()).Distinct().Count());
        Assert.Equal((first, middle, last), (points[0].GetProperty("label").GetString(), points[3].GetProperty("label").GetString(), points[6].GetProperty("label").GetString()));
        var template = questionnaire.GetProperty("submission").GetProperty("body").GetProperty("answers")[0];
        Assert.Equal(JsonValueKind.Null, template.GetProperty("expectation").ValueKind);
        Assert.Equal(JsonValueKind.Null, template.GetProperty("perception").ValueKind);
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysTheQuestionnairesOptionalPartsMayBeNull()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        foreach (var (contract, field) in new[] { ("QuestionnaireFeature", "serviceQuality"), ("QuestionnaireDefinition", "importance"), ("QuestionnaireDefinition", "satisfaction") })
        {
            var property = schemas.GetProperty(contract).GetProperty("properties").GetProperty(field);
            Assert.True(property.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean(), $"{contract}.{field}: {property}");
        }
    }

    [Fact]
    public async Task TheFormAsksBothScalesInLabelledFieldsetsAndStoresTheChosenPoints()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi", "parking");
        await SwitchOn(surveyId);
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.Contains("<fieldset class=\"service-scales\">", page);
        Assert.Contains("id=\"q-wifi-expectation\"", page);
        Assert.Contains("<legend>This service performs well on “parking”.", page);
        Assert.Contains("name=\"wifi.perception\" value=\"7\"", page);
        Assert.Contains("7 – Strongly agree", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        var answers = AllAnswered("wifi", "parking");
        answers["wifi.expectation"] = "8";
        var refused = await Submit(browser, path, page, answers);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"q-wifi-expectation-error\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await factory.StoredRespondents(surveyId));

        answers["wifi.expectation"] = "7";
        answers["wifi.perception"] = "3";
        answers["parking.perception"] = "5";
        Assert.Equal(HttpStatusCode.OK, (await Submit(browser, path, page, answers)).StatusCode);
        var stored = (await StoredResponses(admin, surveyId))[0].GetProperty("answers").EnumerateArray()
            .ToDictionary(answer => answer.GetProperty("feature").GetString()!);
        Assert.Equal(7, stored["wifi"].GetProperty("expectation").GetInt32());
        Assert.Equal(3, stored["wifi"].GetProperty("perception").GetInt32());
        Assert.Equal(JsonValueKind.Null, stored["parking"].GetProperty("expectation").ValueKind);
        Assert.Equal(5, stored["parking"].GetProperty("perception").GetInt32());
    }

    [Fact]
    public async Task TheFormSpeaksVietnameseStatementsAndLabels()
    {
        var (surveyId, path, _) = await AFormLink(admin, null, "wifi");
        await SwitchOn(surveyId);

        var page = await (await factory.CreateClient().GetAsync(path + (path.Contains('?') ? "&" : "?") + "lang=vi")).Content.ReadAsStringAsync();

        Assert.Contains("Dịch vụ này đang thực hiện tốt “wifi”.", page);
        Assert.Contains("1 – Hoàn toàn không đồng ý", page);
    }
}
