using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.ServiceQuality;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Analysis;

/// <summary>
/// The read side: the engine's analysis, per segment and as a chart (the backlog is in Backlog/). Each handler has
/// <see cref="ReadContext"/> gather the answer matrices from SQL and hand them to <see cref="KanoAnalyzer"/>; nothing
/// of the method is computed here. Every answer carries an ETag over the survey's data version and the options.
/// </summary>
public static class AnalysisApi
{
    /// <summary>The most segment values compared in one request.</summary>
    private const int MaxSegmentGroups = 20;

    /// <summary>The query options every read endpoint takes, for their OpenAPI descriptions.</summary>
    internal const string OptionsDescription = """
        Options: `table` = standard | pouliot (default standard); `rule` = mode | hierarchy | positive-vs-rest (default hierarchy);
        `threshold` = hierarchy's category-strength threshold in percentage points, at most two decimals (default 6); filters `wave=…`,
        `segment.<name>=<value>` (repeatable, all must hold) and `maxQuestionable=k` (exclude respondents with more than k Q answers).
        `Accept-Language: vi` or `lang=vi` answers in Vietnamese. `Accept: text/csv` returns the same table as CSV.
        `precision` = rounded | full (default rounded: coefficients to 3 decimals, means and percentages to 2, backlog scores
        to 4; full: the unrounded values, for recomputing or comparing with R or a spreadsheet).
        The answer has an ETag; send it back in `If-None-Match` to get 304 while nothing changed.
        """;

    /// <summary>The survey read endpoints' group: a survey scope, read scope, and the 304/404 answers every one of them can give.</summary>
    internal static RouteGroupBuilder MapReadGroup(this IEndpointRouteBuilder app) =>
        app.MapSurveyScope()
            .RequireAuthorization(Policies.Read)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)),
                new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [Problems.ContentType]));

    public static RouteGroupBuilder MapAnalysis(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup().AcceptsAudience();

        group.MapGet("/analysis", GetAnalysis)
            .Costs(2)
            .WithTags("Analysis")
            .WithName("GetAnalysis")
            .WithSummary("Classify every feature, with the full statistics")
            .WithDescription("Per feature: counts and percentages of A/O/M/I/R/Q, the decided code and category, Better/Worse, category and total strength, Fong's test, DuMouchel's continuous scores, Xu et al.'s analytical scores, importance, satisfaction, Yang's refined category and warnings.\n\n" + OptionsDescription)
            .Produces<AnalysisResponse>(StatusCodes.Status200OK, "application/json", "text/csv");

        group.MapGet("/analysis/segments", GetSegments)
            .HeavyRead(5)
            .WithTags("Analysis")
            .WithName("GetSegmentAnalysis")
            .WithSummary("The analysis for each value of one segment, and where they disagree")
            .WithDescription("`by` names the segment (e.g. `by=plan`); the " + MaxSegmentGroups + " most frequent values are compared (`truncated` says when there are more). `disagreements` lists the features whose code differs between the segment's values: a hint of hidden segments (method §6).\n\n" + OptionsDescription);

        group.MapGet("/analysis/chart.svg", GetChart)
            .Costs(2)
            .WithTags("Analysis")
            .WithName("GetBetterWorseChart")
            .WithSummary("The Better/Worse diagram as SVG")
            .WithDescription("x = |Worse|, y = Better, quadrant lines at 0.5, one bubble per feature sized by mean importance and coloured by category. Standalone SVG for a browser or an `<img>` tag.\n\n" + OptionsDescription)
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml");

        group.MapWaves();
        return group;
    }

    private static async Task<Results<Ok<AnalysisResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetAnalysis(
        SurveyRow survey, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var csv = AnalysisRequest.WantsCsv(http.Request);
        await using var read = await ReadContext.OpenAsync(survey, query, http, database, csv ? "analysis.csv" : "analysis.json", cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<AnalysisResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter, cancellationToken);
        var serviceQuality = await ServiceQualityStatistics.AnalyzeAsync(read, read.Request.Filter, analysis, cancellationToken);
        var response = ToResponse(read, read.Request.Filter, analysis, respondents) with
        {
            ServiceQuality = serviceQuality?.ToResponse(read.Request.Language, read.Request.Precision),
        };
        return csv ? Csv(read.Keep(CsvTables.Analysis(response), CsvType)) : TypedResults.Ok(read.Keep(response));
    }

    private static async Task<Results<Ok<SegmentAnalysisResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetSegments(
        SurveyRow survey, [FromQuery] string? by, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by) || !SurveyRules.IsSegmentName(by))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["by"] = [$"name the segment to compare, e.g. by=plan (1-{Limits.SegmentNameLength} characters)"] });
        }

        await using var read = await ReadContext.OpenAsync(survey, query, http, database, "segments:" + by, cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<SegmentAnalysisResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        return TypedResults.Ok(read.Keep(await CompareSegmentsAsync(read, by, estimateCategoryProbabilities: true, cancellationToken)));
    }

    /// <summary>
    /// The analysis for each of the most frequent values of segment <paramref name="by"/> (with the request's options
    /// and filters), and the features whose code differs between them. Shared by the segments endpoint and the report,
    /// which shows each value's codes but not their probabilities, so asks for none (<paramref name="estimateCategoryProbabilities"/>).
    /// </summary>
    internal static async Task<SegmentAnalysisResponse> CompareSegmentsAsync(ReadContext read, string by, bool estimateCategoryProbabilities, CancellationToken cancellationToken)
    {
        // Each value is a filtered analysis of its own: the most frequent values only, so one request stays bounded.
        var values = await SurveyStatistics.SegmentValuesAsync(read.Connection, read.Transaction, read.Survey.Id, by, MaxSegmentGroups + 1, cancellationToken);
        var truncated = values.Count > MaxSegmentGroups;
        values = values.Take(MaxSegmentGroups).ToArray();
        var groups = new List<SegmentGroupResponse>();
        foreach (var value in values)
        {
            var analysis = await AnalyseAsync(read, read.Request.Filter.WithSegment(by, value), estimateCategoryProbabilities, cancellationToken);
            groups.Add(new SegmentGroupResponse(value, analysis.Respondents, analysis.Features));
        }

        var disagreements = groups
            .SelectMany(group => group.Features.Where(feature => feature.N > 0).Select(feature => (group.Value, Feature: feature)))
            .GroupBy(entry => entry.Feature.FeatureId)
            .Where(entries => entries.Select(entry => entry.Feature.Code).Distinct().Count() > 1)
            .Select(entries => new SegmentDisagreementResponse(
                entries.First().Feature.Key,
                entries.First().Feature.Name,
                // Answered features only (n > 0), so each has a code.
                entries.ToDictionary(entry => entry.Value, entry => entry.Feature.Code!)))
            .ToArray();
        return new SegmentAnalysisResponse(by, groups, disagreements) { Truncated = truncated };
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetChart(
        SurveyRow survey, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        await using var read = await ReadContext.OpenAsync(survey, query, http, database, "chart.svg", cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        // The chart draws Better, Worse, importance and the category; category probabilities are not estimated.
        var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter, cancellationToken, estimateCategoryProbabilities: false);
        var svg = BetterWorseChart.Render(read.Survey.Name, respondents, analysis.Features, read.Request.Language);
        return TypedResults.Content(read.Keep(svg, SvgType), SvgType);
    }

    private static async Task<AnalysisResponse> AnalyseAsync(ReadContext read, RespondentFilter filter, bool estimateCategoryProbabilities, CancellationToken cancellationToken)
    {
        var (analysis, respondents) = await read.AnalyzeAsync(filter, cancellationToken, estimateCategoryProbabilities);
        return ToResponse(read, filter, analysis, respondents);
    }

    /// <summary>The engine's analysis as the API answers it (rounded for reporting, labels in the request's language).</summary>
    internal static AnalysisResponse ToResponse(ReadContext read, RespondentFilter filter, SurveyAnalysis analysis, long respondents)
    {
        var (survey, request) = (read.Survey, read.Request);
        return new AnalysisResponse(
            survey.Id,
            survey.Name,
            respondents,
            request.Options.Table.Name,
            KanoNames.Name(request.Options.Rule),
            request.Options.HierarchyThreshold,
            new AnalysisFilterResponse(filter.Wave, filter.Segments.ToDictionary(segment => segment.Key, segment => segment.Value), filter.MaxQuestionable),
            request.LanguageCode,
            Reported.Round(analysis.SurveyMeanImportance, 3, request.Precision),
            analysis.Features.Select(feature => feature.ToResponse(request.Language, request.Precision)).ToArray());
    }

    internal const string CsvType = "text/csv; charset=utf-8";
    internal const string SvgType = "image/svg+xml; charset=utf-8";

    internal static ContentHttpResult Csv(string text) => TypedResults.Content(text, CsvType);
}
