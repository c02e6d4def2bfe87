using System.Data.Common;
using Dapper;
using Kano.Analysis;
using Kano.Analysis.ServiceQuality;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Audiences;

/// <summary>
/// Gap 1 of the gap model (issue 21): what customers expect against what staff believe they expect. The handler
/// gathers both audiences' counts from SQL (the survey's, and its staff audience's, <see cref="StaffAudience"/>) and hands
/// them to <see cref="AudienceComparison"/>; nothing of the method is computed here.
/// </summary>
public static class AudiencesApi
{
    public static RouteGroupBuilder MapAudiences(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup();
        group.MapGet("/audiences", GetAudiences)
            .Costs(3)
            .WithTags("Analysis")
            .WithName("GetAudiences")
            .WithSummary("Customers against staff: what management believes customers expect (gap 1), and the blind spots")
            .WithDescription("""
                Staff answer the survey as they believe customers would (a form link made with audience staff, or responses sent
                with ?audience=staff); their answers are kept apart and never count in the customer analysis. Per feature: each
                audience's counts, code, category, Better and Worse with their 95 % Wilson intervals; the tests used between
                waves, customers → staff: chi-square of the code counts with p after Holm's correction across features, Better
                and Worse as staff minus customers with pooled two-proportion z-test p-values (also Holm-corrected across
                features); the mean expectation (1-7) of each audience when the survey asks it (only without filters); and
                the blind spot, if any. blindSpots lists them costliest first with a plain sentence: basic-thought-optional
                (customers hold a basic need that staff think optional) and delight-customers-ignore (staff expect delight
                where customers are indifferent). The filters apply to both audiences alike. The ETag covers both audiences' data.

                """ + AnalysisApi.OptionsDescription)
            .Produces<AudiencesResponse>(StatusCodes.Status200OK, "application/json", "text/csv");
        return group;
    }

    private static async Task<Results<Ok<AudiencesResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetAudiences(
        SurveyRow survey, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var csv = AnalysisRequest.WantsCsv(http.Request);
        string Representation(SurveyRow? staff) => $"audiences.{(csv ? "csv" : "json")}:{StaffVersion(staff)}";

        // The tag covers the staff audience's data as well as the survey's: read its version first.
        var tagged = await SurveyStore.FindStaffAsync(await database.ForRequestAsync(http), survey.WorkspaceId, survey.Id, null, cancellationToken);
        await using var read = await ReadContext.OpenAsync(survey, query, http, database, Representation(tagged), cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<AudiencesResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        var staff = await SurveyStore.FindStaffAsync(read.Connection, survey.WorkspaceId, survey.Id, read.Transaction, cancellationToken);
        var response = await CompareAsync(read, staff, cancellationToken);
        var text = csv ? Csv(response) : null;
        if (StaffChanged(tagged, staff))
        {
            // Staff answers landed between the tag and the snapshot: tag what was computed, and keep nothing under the old tag.
            http.Response.Headers.ETag = read.Request.ETag(read.Survey, Representation(staff));
            return csv ? AnalysisApi.Csv(text!) : TypedResults.Ok(response);
        }

        return csv ? AnalysisApi.Csv(read.Keep(text!, AnalysisApi.CsvType)) : TypedResults.Ok(read.Keep(response));
    }

    /// <summary>
    /// The staff audience's part of a representation's tag: its id and data version. An answer made from the comparison
    /// (this one, the report) names it, so a staff write changes the answer's ETag though the customer survey's versions stay.
    /// </summary>
    internal static string StaffVersion(SurveyRow? staff) => staff is null ? "no-staff" : $"{staff.Id}-{staff.DataVersion}";

    /// <summary>Whether the staff audience read in the snapshot is another version than the one the tag was made from.</summary>
    internal static bool StaffChanged(SurveyRow? tagged, SurveyRow? read) => read?.Id != tagged?.Id || read?.DataVersion != tagged?.DataVersion;

    /// <summary>Both audiences' analyses from the request's snapshot, compared; the staff's features are matched to the survey's by key.</summary>
    internal static async Task<AudiencesResponse> CompareAsync(ReadContext read, SurveyRow? staff, CancellationToken cancellationToken)
    {
        var request = read.Request;
        var (customerInputs, customers) = await SurveyStatistics.ReadAsync(read.Connection, read.Transaction, read.Survey.Id, request.Filter, request.Options.Table, cancellationToken);
        var (staffInputs, staffRespondents) = staff is null
            ? ([], 0)
            : await SurveyStatistics.ReadAsync(read.Connection, read.Transaction, staff.Id, request.Filter, request.Options.Table, cancellationToken);
        var staffByKey = staffInputs.ToDictionary(feature => feature.Key, StringComparer.Ordinal);
        var alignedStaff = customerInputs
            .Select(feature => staffByKey.TryGetValue(feature.Key, out var mirror)
                ? mirror with { FeatureId = feature.FeatureId, Name = feature.Name, Effort = feature.Effort }
                : new FeatureInput(feature.FeatureId, feature.Key, feature.Name, new AnswerMatrix()) { Effort = feature.Effort })
            .ToArray();

        Dictionary<long, (ExpectationSums, ExpectationSums)>? expectations = null;
        if (request.Filter.IsEverybody)
        {
            var ofCustomers = await ExpectationSumsAsync(read.Connection, read.Transaction, read.Survey.Id, cancellationToken);
            var ofStaff = staff is null ? [] : await ExpectationSumsAsync(read.Connection, read.Transaction, staff.Id, cancellationToken);
            var staffIdByKey = staffInputs.ToDictionary(feature => feature.Key, feature => feature.FeatureId, StringComparer.Ordinal);
            expectations = customerInputs.ToDictionary(
                feature => feature.FeatureId,
                feature => (
                    ofCustomers.GetValueOrDefault(feature.FeatureId),
                    staffIdByKey.TryGetValue(feature.Key, out var mirrorId) ? ofStaff.GetValueOrDefault(mirrorId) : default));
        }

        var compared = AudienceComparison.Compare(
            KanoAnalyzer.Analyze(customerInputs, request.Options, estimateCategoryProbabilities: false),
            KanoAnalyzer.Analyze(alignedStaff, request.Options, estimateCategoryProbabilities: false),
            expectations);
        return AudiencesMapping.ToResponse(read.Survey.Id, customers, staffRespondents, compared, request.Language, request.Precision);
    }

    /// <summary>Per feature of the survey, the count and sum of its expectation answers (SERVQUAL's 1-7, migration 0028).</summary>
    private static async Task<Dictionary<long, ExpectationSums>> ExpectationSumsAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long FeatureId, long N, long Sum)>(new CommandDefinition(
            """
            SELECT a.feature_id, count(*), sum(a.expectation)
            FROM answers a JOIN respondents r ON r.id = a.respondent_id
            WHERE r.survey_id = @surveyId AND a.expectation IS NOT NULL
            GROUP BY a.feature_id
            """,
            new { surveyId },
            transaction,
            cancellationToken: cancellationToken)))
        .ToDictionary(row => row.FeatureId, row => new ExpectationSums(row.N, row.Sum));

    /// <summary>One row per feature, in the JSON's order; texts in the answer's language.</summary>
    private static string Csv(AudiencesResponse response) => CsvTables.Write(
        [
            "featureId", "key", "name", "customersN", "staffN", "customersCode", "staffCode", "customersLabel", "staffLabel",
            "customersBetter", "staffBetter", "customersWorse", "staffWorse", "chiSquare", "df", "p", "pHolm",
            "betterDifference", "betterP", "betterPHolm", "worseDifference", "worseP", "worsePHolm", "movement",
            "customersExpectation", "staffExpectation", "expectationDifference", "blindSpot", "blindSpotText",
        ],
        response.Features.Select(feature => (object?[])
        [
            feature.FeatureId, feature.Key, feature.Name, feature.Customers.N, feature.Staff.N, feature.Customers.Code, feature.Staff.Code,
            feature.Customers.Label, feature.Staff.Label, feature.Customers.Better, feature.Staff.Better, feature.Customers.Worse, feature.Staff.Worse,
            feature.ChiSquare, feature.Df, feature.P, feature.PHolm, feature.BetterDifference, feature.BetterP, feature.BetterPHolm,
            feature.WorseDifference, feature.WorseP, feature.WorsePHolm, feature.Movement ?? "",
            feature.CustomersExpectation, feature.StaffExpectation, feature.ExpectationDifference, feature.BlindSpot ?? "",
            response.BlindSpots.FirstOrDefault(spot => spot.FeatureId == feature.FeatureId)?.Text ?? "",
        ]));
}
