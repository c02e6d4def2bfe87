using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.ServiceQuality;

/// <summary>
/// The service-quality chart beside the Better/Worse one: gap 5 per SERVQUAL dimension with its interval
/// (<see cref="DimensionChart"/>), over the same options, filters, ETag and cache as every analysis read. The figures
/// themselves are the analysis's <c>serviceQuality</c> block.
/// </summary>
public static class ServiceQualityApi
{
    public static RouteGroupBuilder MapServiceQuality(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup();
        group.MapGet("/analysis/dimensions.svg", GetDimensionChart)
            .Costs(2)
            .WithTags("Analysis")
            .WithName("GetDimensionChart")
            .WithSummary("Gap 5 per SERVQUAL dimension as SVG")
            .WithDescription("One row per dimension with expectation/perception answers and the overall score last: perception − expectation at a dot, its 95 % interval as a bar, a dashed line at 0 (expectation met); red when the interval lies below 0, green above, grey across. A survey without such answers gets a chart that says so. Standalone SVG for a browser or an `<img>` tag.\n\n" + AnalysisApi.OptionsDescription)
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml");
        return group;
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetDimensionChart(
        SurveyRow survey, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        await using var read = await ReadContext.OpenAsync(survey, query, http, database, "dimensions.svg", cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        // The chart shows categories only through the levels, never their probabilities: not estimated.
        var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter, cancellationToken, estimateCategoryProbabilities: false);
        var report = await ServiceQualityStatistics.AnalyzeAsync(read, read.Request.Filter, analysis, cancellationToken);
        var svg = DimensionChart.Render(read.Survey.Name, respondents, report?.ToResponse(read.Request.Language, Precision.Full), read.Request.Language);
        return TypedResults.Content(read.Keep(svg, AnalysisApi.SvgType), AnalysisApi.SvgType);
    }
}
