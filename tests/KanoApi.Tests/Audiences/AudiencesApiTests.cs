using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace KanoApi.Tests.Audiences;

/// <summary>
/// GET …/audiences: customers against staff through the real pipeline. Expected p-values were recomputed outside this
/// code base (Python: the pooled two-proportion z-test as erfc(|z|/√2), Pearson's chi-square by hand, Holm by hand).
/// </summary>
public sealed class AudiencesApiTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient admin = factory.CreateAdminClient();

    /// <summary>
    /// spare: customers M 6 I 4, staff A 3 I 7. lounge: customers A 3 I 7, staff A 6 I 4. Expectation of spare: customers
    /// 7 (the six M) and 5 (the four I), mean 6.2; staff 4 each, mean 4.
    /// </summary>
    private async Task<long> TheSurveyAsync()
    {
        var surveyId = await GivenAudiences.TwoBlindSpotsAsync(admin);
        await using var connection = factory.NewConnection();
        // The expectation scale's intake is another part of issue 21: the test writes the values straight into the answers.
        await connection.ExecuteAsync(
            """
            UPDATE answers SET expectation = CASE WHEN functional = 3 AND dysfunctional = 5 THEN 7 ELSE 5 END
            WHERE respondent_id IN (SELECT id FROM respondents WHERE survey_id = @surveyId AND respondent_key LIKE 'c-spare-%')
            """,
            new { surveyId });
        await connection.ExecuteAsync(
            """
            UPDATE answers SET expectation = 4
            WHERE respondent_id IN (SELECT r.id FROM respondents r JOIN surveys s ON s.id = r.survey_id WHERE s.staff_of = @surveyId AND r.respondent_key LIKE 's-spare-%')
            """,
            new { surveyId });
        return surveyId;
    }

    private Task StaffAsync(long surveyId, IEnumerable<TestRespondent> respondents) => GivenAudiences.Staff(admin, surveyId, respondents);

    [Fact]
    public async Task EachFeatureComparesTheAudiencesWithTheWaveTestsAndHolmAcrossFeatures()
    {
        var surveyId = await TheSurveyAsync();
        var body = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences?precision=full");
        Assert.Equal(20, body.GetProperty("customerRespondents").GetInt64());
        Assert.Equal(20, body.GetProperty("staffRespondents").GetInt64());
        var spare = body.GetProperty("features")[0];
        var lounge = body.GetProperty("features")[1];
        Assert.Equal(("M", "I", "basic"), (spare.GetProperty("customers").GetProperty("code").GetString(), spare.GetProperty("staff").GetProperty("code").GetString(), spare.GetProperty("customers").GetProperty("category").GetString()));
        Assert.Equal(0.3, spare.GetProperty("betterDifference").GetDouble(), 12);
        Assert.Equal(0.6, spare.GetProperty("worseDifference").GetDouble(), 12);
        Assert.Equal(0.06028917399060221, spare.GetProperty("betterP").GetDouble(), 12);
        Assert.Equal(0.0034147911781178242, spare.GetProperty("worseP").GetDouble(), 12);
        Assert.Equal(0.12057834798120443, spare.GetProperty("betterPHolm").GetDouble(), 12); // 2 × 0.0603
        Assert.Equal(0.17752985241215355, lounge.GetProperty("betterPHolm").GetDouble(), 12); // max(0.1206, 1 × 0.1775)
        Assert.Equal(2 * 0.0034147911781178242, spare.GetProperty("worsePHolm").GetDouble(), 12);
        // Chi-square of spare: A 0/3, M 6/0, I 4/7 against expected 1.5, 3, 5.5 → 9.818 on 2 df, p = e^(−4.909).
        Assert.Equal(9.818181818181818, spare.GetProperty("chiSquare").GetDouble(), 9);
        Assert.Equal(2, spare.GetProperty("df").GetInt32());
        Assert.Equal(2 * 0.007379193640893606, spare.GetProperty("pHolm").GetDouble(), 12);
        Assert.Equal("M→I", spare.GetProperty("movement").GetString());

        Assert.Equal(6.2, spare.GetProperty("customersExpectation").GetDouble(), 12);
        Assert.Equal(4, spare.GetProperty("staffExpectation").GetDouble(), 12);
        Assert.Equal(-2.2, spare.GetProperty("expectationDifference").GetDouble(), 12);
        Assert.Equal((10, 10), (spare.GetProperty("customersExpectationN").GetInt64(), spare.GetProperty("staffExpectationN").GetInt64()));
        Assert.Equal(JsonValueKind.Null, lounge.GetProperty("customersExpectation").ValueKind);
        Assert.Equal(0, lounge.GetProperty("staffExpectationN").GetInt64());
        // Better of spare for customers: 0 of 10, Wilson 95 % interval [0, 0.278]; the interval is flat, as in the CSV.
        Assert.Equal(0, spare.GetProperty("customers").GetProperty("betterLow").GetDouble(), 12);
        Assert.Equal(0.2775328030260577, spare.GetProperty("customers").GetProperty("betterHigh").GetDouble(), 9);

        var blindSpots = body.GetProperty("blindSpots").EnumerateArray().ToArray();
        Assert.Equal(["basic-thought-optional", "delight-customers-ignore"], blindSpots.Select(spot => spot.GetProperty("kind").GetString()));
        Assert.Equal(["spare", "lounge"], blindSpots.Select(spot => spot.GetProperty("key").GetString()));
        Assert.Equal([true, false], blindSpots.Select(spot => spot.GetProperty("settled").GetBoolean())); // lounge: Holm p 0.18
        Assert.StartsWith("Customers hold spare as a basic need, but staff think it optional (Indifferent)", blindSpots[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheComparisonSpeaksVietnameseAndComesAsCsv()
    {
        var surveyId = await TheSurveyAsync();
        var vietnamese = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences?lang=vi");
        Assert.StartsWith("Nhân viên nghĩ lounge sẽ làm khách hàng thích thú", vietnamese.GetProperty("blindSpots")[1].GetProperty("text").GetString());
        Assert.Equal(0.01476, vietnamese.GetProperty("features")[0].GetProperty("pHolm").GetDouble()); // four significant digits

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/audiences").WithHeader("Accept", "text/csv");
        var csv = await admin.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("featureId,key,name,customersN,staffN,customersCode,staffCode", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",spare,spare,10,10,M,I,Basic,Indifferent,", lines[1]);
        Assert.Contains(",6.2,4,-2.2,basic-thought-optional,", lines[1]);
    }

    [Fact]
    public async Task TheTagChangesWithEitherAudiencesAnswersAndOnlyThen()
    {
        var surveyId = await TheSurveyAsync();
        var first = await admin.GetAsync($"/v1/surveys/{surveyId}/audiences");
        var tag = first.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotModified, (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/audiences").WithHeader("If-None-Match", tag))).StatusCode);

        await StaffAsync(surveyId, Given.RespondentsWithCounts("spare", 0, 0, 1, 0, 0, 0, "s-late"));
        var afterStaff = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/audiences").WithHeader("If-None-Match", tag));
        Assert.Equal(HttpStatusCode.OK, afterStaff.StatusCode);
        Assert.Equal(21, (await afterStaff.Json()).GetProperty("staffRespondents").GetInt64());
        var staffTag = afterStaff.Headers.ETag!.Tag;
        Assert.NotEqual(tag, staffTag);

        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 1, 0, 0, 0, "c-late"));
        var afterCustomers = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/audiences").WithHeader("If-None-Match", staffTag));
        Assert.Equal(HttpStatusCode.OK, afterCustomers.StatusCode);
        Assert.Equal(21, (await afterCustomers.Json()).GetProperty("customerRespondents").GetInt64());
    }

    [Fact]
    public async Task ASurveyWithoutStaffAnswersComparesAgainstNobodyAndMakesNoStaffAudience()
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 3, 0, 0, 0, "c"));
        var body = await admin.GetFromJsonAsync<JsonElement>($"/v1/surveys/{surveyId}/audiences");
        Assert.Equal(0, body.GetProperty("staffRespondents").GetInt64());
        var spare = body.GetProperty("features")[0];
        Assert.Equal(JsonValueKind.Null, spare.GetProperty("staff").GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.Null, spare.GetProperty("pHolm").ValueKind);
        Assert.Empty(body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(0, await factory.Count("SELECT count(*) FROM surveys WHERE staff_of = @surveyId", new { surveyId }));
        await ProblemAssert.IsProblem(await admin.GetAsync("/v1/surveys/987654/audiences"), HttpStatusCode.NotFound);
    }
}
