using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;

namespace KanoApi.Tests.RespondentQuality;

public sealed class RespondentQualityTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<long> SurveyWithRespondentsAsync()
    {
        var surveyId = await Given.ASurvey(client, "Quality");
        foreach (var key in new[] { "a", "b", "c" })
        {
            await Given.AFeature(client, surveyId, key);
        }

        TestRespondent Respondent(string id, params FeatureAnswer[] answers) => new(
            id, null, new Dictionary<string, string>(),
            new[] { "a", "b", "c" }.Zip(answers).ToDictionary(pair => pair.First, pair => pair.Second));
        var like = new FeatureAnswer(Answer.Like, Answer.Like);             // Q in both tables
        var mustMust = new FeatureAnswer(Answer.MustBe, Answer.MustBe);     // Q only in Pouliot's table
        var good = new FeatureAnswer(Answer.Like, Answer.Dislike);
        var basic = new FeatureAnswer(Answer.Neutral, Answer.Dislike);
        await Given.Responses(client, surveyId,
        [
            Respondent("straight", good, good, good),
            Respondent("two-q", like, like, basic),
            Respondent("pouliot-q", mustMust, mustMust, good),
            Respondent("fine", good, basic, like),
        ]);
        return surveyId;
    }

    [Fact]
    public async Task StraightLinersAndRespondentsWithMoreThanKQuestionableAnswersAreFlagged()
    {
        var surveyId = await SurveyWithRespondentsAsync();

        var report = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=1");

        Assert.Equal(4, report.GetProperty("respondents").GetInt64());
        Assert.Equal(1, report.GetProperty("straightLining").GetInt64());
        Assert.Equal(1, report.GetProperty("moreQuestionableThanMax").GetInt64());
        var flagged = report.GetProperty("flagged").EnumerateArray().ToDictionary(item => item.GetProperty("respondentId").GetString()!);
        Assert.Equal(["straight", "two-q"], flagged.Keys.Order());
        Assert.Equal("straight-lining", flagged["straight"].GetProperty("warnings")[0].GetProperty("code").GetString());
        Assert.Equal(2, flagged["two-q"].GetProperty("questionable").GetInt32());
    }

    [Fact]
    public async Task PouliotsTableCountsIdenticalAnswersAsQuestionable()
    {
        var surveyId = await SurveyWithRespondentsAsync();

        var report = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/respondent-quality?table=pouliot&maxQuestionable=1&lang=vi");

        var flagged = report.GetProperty("flagged").EnumerateArray().Select(item => item.GetProperty("respondentId").GetString()).Order();
        Assert.Equal(["pouliot-q", "straight", "two-q"], flagged);
        Assert.Contains("người trả lời", report.GetProperty("flagged")[0].GetProperty("warnings")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheReportMatchesWhatMaxQuestionableLeavesOutOfTheAnalysis()
    {
        var surveyId = await SurveyWithRespondentsAsync();

        var report = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/respondent-quality?maxQuestionable=1");
        var analysis = await client.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?maxQuestionable=1");

        Assert.Equal(
            report.GetProperty("respondents").GetInt64() - report.GetProperty("moreQuestionableThanMax").GetInt64(),
            analysis.GetProperty("respondents").GetInt64());
    }

    [Fact]
    public async Task AnotherWorkspacesOrAMissingSurveyIsNotFound()
    {
        await ProblemAssert.IsProblem(await client.GetAsync("/v1/surveys/987654/respondent-quality"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheReportTakesNoSegmentFilterAndSaysSo()
    {
        var surveyId = await SurveyWithRespondentsAsync();

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/respondent-quality?segment.plan=pro");

        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Contains("segment.plan", errors.Keys);
    }
}
