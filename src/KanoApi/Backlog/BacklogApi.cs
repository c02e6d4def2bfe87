using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Backlog;

/// <summary>
/// The prioritised improvement backlog (method §7): the engine's <see cref="Kano.Analysis.Backlog"/> over the same
/// analysis, options, filters, caching and languages as the analysis endpoints.
/// </summary>
public static class BacklogApi
{
    public static RouteGroupBuilder MapBacklog(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup();
        group.MapGet("/backlog", GetBacklog)
            .Costs(2)
            .WithTags("Backlog")
            .WithName("GetBacklog")
            .WithSummary("The prioritised improvement backlog")
            .WithDescription("`items`: features to invest in, in order (basic, then expected, then delighter; basic features customers already rate 4-5 last, as upkeep), each with rank, action, score and a one-sentence rationale. `review`: indifferent, reverse, questionable-dominated and unanswered features with what to do about each.\n\n" + AnalysisApi.OptionsDescription)
            .Produces<BacklogResponse>(StatusCodes.Status200OK, "application/json", "text/csv");
        return group;
    }

    private static async Task<Results<Ok<BacklogResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetBacklog(
        long surveyId, [AsParameters] AnalysisQuery query, HttpContext http, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var csv = AnalysisRequest.WantsCsv(http.Request);
        await using var read = await ReadContext.OpenAsync(surveyId, query, http, user, database, csv ? "backlog.csv" : "backlog.json", cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<BacklogResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        // The backlog quotes Better, Worse and their intervals, never category probabilities: not estimated.
        var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter, cancellationToken, estimateCategoryProbabilities: false);
        var plan = Kano.Analysis.Backlog.Build(analysis);
        var language = read.Request.Language;
        var response = new BacklogResponse(
            read.Survey.Id,
            respondents,
            read.Request.Options.Table.Name,
            KanoNames.Name(read.Request.Options.Rule),
            read.Request.LanguageCode,
            plan.Items.Select(item => item.ToResponse(language, read.Request.Precision)).ToArray(),
            plan.Review.Select(item => item.ToResponse(language)).ToArray());
        return csv ? AnalysisApi.Csv(read.Keep(CsvTables.Backlog(response), AnalysisApi.CsvType)) : TypedResults.Ok(read.Keep(response));
    }
}
