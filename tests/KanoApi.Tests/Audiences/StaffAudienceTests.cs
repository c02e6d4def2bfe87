using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KanoApi.Tests.Forms;

namespace KanoApi.Tests.Audiences;

/// <summary>
/// Issue 21, gap 1: staff answer a survey as they believe customers would, through ?audience=staff and staff form
/// links, and their answers never count in the customer analysis, respondent count, backlog, exports or webhooks.
/// </summary>
public sealed class StaffAudienceTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    /// <summary>Everything a customer read shows, as text: analysis and backlog (JSON and CSV), waves, responses, the survey and the list of surveys.</summary>
    private async Task<Dictionary<string, string>> CustomerReadsAsync(long surveyId)
    {
        var reads = new Dictionary<string, string>();
        foreach (var path in new[] { "analysis", "analysis/waves", "analysis/segments?by=plan", "backlog", "responses?limit=200", "respondent-quality", "" })
        {
            reads[path] = await admin.GetStringAsync($"/v1/surveys/{surveyId}/{path}");
        }

        foreach (var path in new[] { "analysis", "backlog" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/{path}").WithHeader("Accept", "text/csv");
            reads[path + ".csv"] = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        }

        // Surveys made by other tests of the class may appear, never a staff audience.
        reads["surveys"] = string.Join(",", (await admin.GetFromJsonAsync<JsonElement>("/v1/surveys?limit=200")).GetProperty("items").EnumerateArray()
            .Select(survey => survey.GetProperty("id").GetInt64()).Where(id => id >= surveyId));
        return reads;
    }

    private static object Respondent(string id, string functional, string dysfunctional, string feature = "spare") => new
    {
        respondentId = id,
        wave = "w1",
        segments = new { plan = "pro" },
        answers = new[] { new { feature, functional, dysfunctional } },
    };

    private async Task<long> ASurveyWithCustomersAsync()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare", "lounge");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 6, 4, 0, 0, "c"));
        return surveyId;
    }

    private async Task StaffAnswerThroughEveryPathAsync(long surveyId)
    {
        var one = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses?audience=staff", Respondent("s-1", "like", "neutral"));
        Assert.True(HttpStatusCode.Created == one.StatusCode, await one.Content.ReadAsStringAsync());
        Assert.Equal($"/v1/surveys/{surveyId}/responses/s-1?audience=staff", one.Headers.Location!.OriginalString);

        var batch = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses/batch?audience=staff",
            new { responses = new[] { Respondent("s-2", "like", "neutral"), Respondent("s-3", "neutral", "neutral"), Respondent("c-1", "neutral", "neutral") } });
        Assert.True(HttpStatusCode.Created == batch.StatusCode, await batch.Content.ReadAsStringAsync());

        var content = new StringContent("respondentId,spare.functional,spare.dysfunctional,lounge.functional,lounge.dysfunctional\ns-4,like,neutral,like,neutral\n", System.Text.Encoding.UTF8, "text/csv");
        var import = await admin.PostAsync($"/v1/surveys/{surveyId}/responses/import?audience=staff", content);
        Assert.True(HttpStatusCode.Created == import.StatusCode, await import.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StaffAnswersChangeNothingInTheCustomerAnalysisCountBacklogOrExports()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        var before = await CustomerReadsAsync(surveyId);

        await StaffAnswerThroughEveryPathAsync(surveyId);

        var after = await CustomerReadsAsync(surveyId);
        foreach (var (path, text) in before)
        {
            Assert.True(text == after[path], $"{path} changed:\n{text}\n---\n{after[path]}");
        }

        Assert.Equal(10, (await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}")).GetProperty("respondents").GetInt64());
        Assert.Equal(10, await factory.StoredRespondents(surveyId));

        // The staff audience holds the four staff respondents (c-1 is a staff respondent id of its own, not a customer's).
        var staff = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?audience=staff");
        Assert.Equal(5, staff.GetProperty("respondents").GetInt64());
        var staffResponses = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/responses?audience=staff&limit=200");
        Assert.Equal(["s-1", "s-2", "s-3", "c-1", "s-4"], staffResponses.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("respondentId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/surveys/{surveyId}/responses/s-1?audience=staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/surveys/{surveyId}/responses/s-1")).StatusCode);

        // Erasing a staff response takes it out of the staff audience's count only (on PostgreSQL, by the respondents' trigger).
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}/responses/s-1?audience=staff")).StatusCode);
        Assert.Equal(4, (await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?audience=staff")).GetProperty("respondents").GetInt64());
        Assert.Equal(10, (await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}")).GetProperty("respondents").GetInt64());
        Assert.Equal(before["analysis"], await admin.GetStringAsync($"/v1/surveys/{surveyId}/analysis"));
    }

    [Fact]
    public async Task TheStaffAudienceIsNeverListedNorAddressedByItsOwnIdAndDiesWithItsSurvey()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        await StaffAnswerThroughEveryPathAsync(surveyId);
        var staffId = await factory.Count("SELECT id FROM surveys WHERE staff_of = @surveyId", new { surveyId });
        Assert.NotEqual(0, staffId);

        Assert.DoesNotContain(staffId, (await admin.GetFromJsonAsync<JsonElement>("/v1/surveys?limit=200")).GetProperty("items").EnumerateArray().Select(survey => survey.GetProperty("id").GetInt64()));
        foreach (var path in new[] { "", "/analysis", "/responses", "/features", "/questionnaire" })
        {
            await ProblemAssert.IsProblem(await admin.GetAsync($"/v1/surveys/{staffId}{path}"), HttpStatusCode.NotFound);
        }

        await ProblemAssert.IsProblem(await admin.DeleteAsync($"/v1/surveys/{staffId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await admin.PostAsJsonAsync($"/v1/surveys/{staffId}/responses", Respondent("x", "like", "neutral")), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM surveys WHERE id = @staffId", new { staffId }));
        Assert.Equal(0, await factory.StoredRespondents(staffId));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM features WHERE survey_id = @staffId", new { staffId }));
    }

    [Fact]
    public async Task TheAudienceOptionIsRefusedWhereItMeansNothingAndAnUnknownAudienceIsRefusedEverywhere()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare");
        foreach (var path in new[] { "features", "links", "wordings", "import-mappings", "", "respondent-quality", "report" })
        {
            var problem = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{surveyId}/{path}?audience=staff"));
            Assert.Contains("audience", problem.Keys);
        }

        await ProblemAssert.IsValidationProblem(await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/features?audience=staff", new { key = "x", name = "x" }));
        var unknown = await ProblemAssert.IsValidationProblem(await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?audience=managers"));
        Assert.Equal(["must be customers or staff"], unknown["audience"]);
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM features WHERE key = 'x'"));
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM surveys WHERE staff_of = @surveyId", new { surveyId }));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/surveys/{surveyId}/analysis?audience=customers")).StatusCode);
    }

    [Fact]
    public async Task TheStaffAudiencesFeaturesFollowTheSurveysThroughCreateRenameAndDelete()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        await StaffAnswerThroughEveryPathAsync(surveyId);
        await Given.AFeature(admin, surveyId, "valet", "Valet parking");
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/spare", new { key = "spare-tyre", name = "Spare tyre" })).StatusCode);
        var staffAnswersToLounge = await factory.Count(
            "SELECT count(*) FROM answers a JOIN features f ON f.id = a.feature_id JOIN surveys s ON s.id = f.survey_id WHERE s.staff_of = @surveyId AND f.key = 'lounge'", new { surveyId });
        Assert.Equal(1, staffAnswersToLounge);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/surveys/{surveyId}/features/lounge")).StatusCode);

        var staff = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?audience=staff");
        Assert.Equal(["spare-tyre", "valet"], staff.GetProperty("features").EnumerateArray().Select(feature => feature.GetProperty("key").GetString()));
        Assert.Equal("Spare tyre", staff.GetProperty("features")[0].GetProperty("name").GetString());
        Assert.Equal(5, staff.GetProperty("features")[0].GetProperty("n").GetInt64());
        Assert.Equal(0, await factory.Count(
            "SELECT count(*) FROM answers a JOIN respondents r ON r.id = a.respondent_id JOIN surveys s ON s.id = r.survey_id WHERE s.staff_of = @surveyId AND a.feature_id NOT IN (SELECT id FROM features)", new { surveyId }));

        // A staff answer to the renamed feature goes in under its new key.
        var renamed = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/responses?audience=staff", Respondent("s-9", "like", "dislike", "spare-tyre"));
        Assert.True(HttpStatusCode.Created == renamed.StatusCode, await renamed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheStaffQuestionnaireAndFormAskHowACustomerWouldFeelAndTheFormRecordsIntoTheStaffAudience()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        var questionnaire = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/questionnaire?audience=staff&lang=vi");
        Assert.Equal(surveyId, questionnaire.GetProperty("surveyId").GetInt64());
        Assert.Contains(questionnaire.GetProperty("features").EnumerateArray(),
            feature => feature.GetProperty("functionalQuestion").GetString() == "Khách hàng sẽ cảm thấy thế nào nếu sản phẩm có spare?");
        Assert.Equal($"/v1/surveys/{surveyId}/responses?audience=staff", questionnaire.GetProperty("submission").GetProperty("path").GetString());

        var created = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { audience = "staff", name = "Front desk" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("staff", (await created.Json()).GetProperty("audience").GetString());
        var path = new Uri((await created.Json()).GetProperty("url").GetString()!).PathAndQuery;
        var browser = factory.CreateClient();
        var page = await (await browser.GetAsync(path + "?lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("How would a customer feel if spare were available?", page);
        Assert.Contains("How would a customer feel if lounge were not available?", page);
        Assert.DoesNotContain("How would you feel", page);

        var sent = await FormPages.Submit(browser, path, page, FormPages.AllAnswered("spare", "lounge"));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal(10, await factory.StoredRespondents(surveyId));
        var staff = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/analysis?audience=staff");
        Assert.Equal(1, staff.GetProperty("respondents").GetInt64());

        var report = await ProblemAssert.IsValidationProblem(await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report", audience = "staff" }));
        Assert.Contains("audience", report.Keys);
        var unknown = await ProblemAssert.IsValidationProblem(await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { audience = "board" }));
        Assert.Equal(["must be customers or staff"], unknown["audience"]);
    }

    [Fact]
    public async Task AnIdempotencyKeyUsedForCustomersIsNotReplayedForStaff()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        HttpRequestMessage Post(string query) =>
            Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/responses{query}", JsonSerializer.Serialize(Respondent("k-1", "like", "neutral")))
                .WithHeader("Idempotency-Key", "3f0c2a9e-staff");

        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(Post(""))).StatusCode);
        var staff = await admin.SendAsync(Post("?audience=staff"));
        await ProblemAssert.IsProblem(staff, HttpStatusCode.UnprocessableEntity);
        Assert.False(staff.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(Post("?audience=customers"))).StatusCode); // the default audience: the first request's replay
    }

    [Fact]
    public async Task StaffAnswersMakeNoWebhookEvent()
    {
        var surveyId = await ASurveyWithCustomersAsync();
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO webhook_endpoints (workspace_id, url, events, secret, created_at, updated_at)
                SELECT workspace_id, 'http://127.0.0.1:9/hooks', 'responses.stored.v1', 'whsec_test', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
                FROM surveys WHERE id = @surveyId
                """,
                new { surveyId });
        }

        var before = await factory.Count("SELECT count(*) FROM webhook_events");
        await StaffAnswerThroughEveryPathAsync(surveyId);
        Assert.Equal(before, await factory.Count("SELECT count(*) FROM webhook_events"));
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 1, 0, 0, 0, 0, 0, "later"));
        Assert.Equal(before + 1, await factory.Count("SELECT count(*) FROM webhook_events WHERE survey_id = @surveyId", new { surveyId }));
    }
}
