using System.Globalization;
using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Reports;
using KanoApi.ServiceQuality;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Backlog;

/// <summary>
/// The prioritised improvement backlog (method §7): the engine's <see cref="Kano.Analysis.Backlog"/> over the same
/// analysis, options, filters, caching and languages as the analysis endpoints, as JSON, CSV, or an export for an issue
/// tracker (<see cref="TrackerExports"/>).
/// </summary>
public static class BacklogApi
{
    public static RouteGroupBuilder MapBacklog(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup().AcceptsAudience();
        group.MapGet("/backlog", GetBacklog)
            .Costs(2)
            .WithTags("Backlog")
            .WithName("GetBacklog")
            .WithSummary("The prioritised improvement backlog")
            .WithDescription("`items`: features to invest in, in order (basic, then expected, then delighter; basic features customers already rate 4-5 last, as upkeep), each with rank, action, score and a one-sentence rationale. `review`: indifferent, reverse, questionable-dominated and unanswered features with what to do about each.\n\n"
                + "`format` = json | csv | jira | linear | github | markdown (else `Accept`: `application/json`, `text/csv` or `text/markdown`): `jira` and `linear` are CSV files for Jira's and Linear's CSV importers, `github` a JSON array of GitHub create-issue bodies (`title`, `body`, `labels`), `markdown` a document. Every export item carries its category, Better/Worse with their 95 % intervals, importance, satisfaction, action and rationale in the answer's language, a link to the report and the stable external id `kano-<surveyId>-<featureId>`; priorities follow the backlog's tiers (fix-first, improve, delight, upkeep = Jira Highest, High, Medium, Low; Linear Urgent, High, Medium, Low; GitHub label `priority: urgent|high|medium|low`).\n\n"
                + AnalysisApi.OptionsDescription)
            .Produces<BacklogResponse>(StatusCodes.Status200OK, "application/json", "text/csv", "text/markdown");
        return group;
    }

    private static async Task<Results<Ok<BacklogResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetBacklog(
        SurveyRow survey, [AsParameters] AnalysisQuery query, [FromQuery(Name = BacklogFormats.Parameter)] string? format,
        HttpContext http, Database database, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!BacklogFormats.TryChoose(format, http.Request, out var chosen, out var formatError))
        {
            // Named together with any other bad option, as the options' own check does.
            AnalysisRequest.TryResolve(query, http.Request, out _, out var errors);
            errors[BacklogFormats.Parameter] = [formatError];
            return Problems.Validation(errors, "One or more backlog options are invalid; see errors for the allowed values.");
        }

        // The exports link to the report on this service's public address, so each address has its own tag and cache entry.
        var root = PublicAddress.Root(http.Request, configuration);
        var representation = chosen switch
        {
            BacklogFormat.Json => "backlog.json",
            BacklogFormat.Csv => "backlog.csv",
            _ => $"backlog.{BacklogFormats.Name(chosen)} {root}",
        };
        await using var read = await ReadContext.OpenAsync(survey, query, http, database, representation, cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<BacklogResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        // The backlog quotes Better, Worse and their intervals, never category probabilities: not estimated.
        var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter, cancellationToken, estimateCategoryProbabilities: false);
        // With expectation/perception answers, gap 5 and the Kano-adjusted improvement ratio order the items too (method §7b).
        var serviceQuality = await ServiceQualityStatistics.AnalyzeAsync(read, read.Request.Filter, analysis, cancellationToken);
        var plan = Kano.Analysis.Backlog.Build(analysis, serviceQuality);
        var language = read.Request.Language;
        var response = new BacklogResponse(
            read.Survey.Id,
            respondents,
            read.Request.Options.Table.Name,
            KanoNames.Name(read.Request.Options.Rule),
            read.Request.LanguageCode,
            plan.Items.Select(item => item.ToResponse(language, read.Request.Precision)).ToArray(),
            plan.Review.Select(item => item.ToResponse(language)).ToArray());
        if (chosen == BacklogFormat.Json)
        {
            return TypedResults.Ok(read.Keep(response));
        }

        var export = new BacklogExport(response, read.Survey.Name, root + ReportPath(read.Survey.Id, read.Request), language);
        var (text, contentType) = chosen switch
        {
            BacklogFormat.Csv => (CsvTables.Backlog(response), AnalysisApi.CsvType),
            BacklogFormat.Jira => (TrackerExports.Jira(export), AnalysisApi.CsvType),
            BacklogFormat.Linear => (TrackerExports.Linear(export), AnalysisApi.CsvType),
            BacklogFormat.GitHub => (TrackerExports.GitHub(export), "application/json; charset=utf-8"),
            _ => (TrackerExports.Markdown(export), BacklogFormats.MarkdownType),
        };
        return TypedResults.Content(read.Keep(text, contentType), contentType);
    }

    /// <summary>
    /// The report of the same view — table, rule, threshold, filters and language as the request resolved them, which the
    /// ETag covers, so a cached export never links to another view — at its backlog section.
    /// </summary>
    private static string ReportPath(long surveyId, AnalysisRequest request)
    {
        var options = request.Options;
        var threshold = options.HierarchyThreshold == AnalysisOptions.Default.HierarchyThreshold ? null : options.HierarchyThreshold.ToString("R", CultureInfo.InvariantCulture);
        var query = ReportView.Query(options.Table.Name, KanoNames.Name(options.Rule), threshold, request.Filter, compareBy: null, request.LanguageCode);
        return $"{ReportView.PathOf(surveyId)}{query}#backlog";
    }
}
