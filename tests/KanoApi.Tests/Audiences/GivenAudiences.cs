namespace KanoApi.Tests.Audiences;

/// <summary>Surveys with a staff audience, shared by the comparison's tests and the report's.</summary>
internal static class GivenAudiences
{
    /// <summary>
    /// spare: customers M 6 I 4, staff A 3 I 7 (basic thought optional). lounge: customers A 3 I 7, staff A 6 I 4
    /// (delight customers ignore). Ten respondents per feature and audience, keyed c-spare-…, c-lounge-…, s-spare-…, s-lounge-….
    /// </summary>
    public static async Task<long> TwoBlindSpotsAsync(HttpClient admin)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, "spare", "lounge");
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("spare", 0, 0, 6, 4, 0, 0, "c-spare"));
        await Given.Responses(admin, surveyId, Given.RespondentsWithCounts("lounge", 3, 0, 0, 7, 0, 0, "c-lounge"));
        await Staff(admin, surveyId, Given.RespondentsWithCounts("spare", 3, 0, 0, 7, 0, 0, "s-spare"));
        await Staff(admin, surveyId, Given.RespondentsWithCounts("lounge", 6, 0, 0, 4, 0, 0, "s-lounge"));
        return surveyId;
    }

    /// <summary>Stores respondents in the survey's staff audience.</summary>
    public static Task Staff(HttpClient admin, long surveyId, IEnumerable<TestRespondent> respondents) =>
        Given.Responses(admin, surveyId, respondents, "?audience=staff");
}
