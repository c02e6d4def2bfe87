using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Analysis;

/// <summary>
/// The wave comparison (method §7a): the analysis of each wave with the request's options and other filters, and
/// <see cref="WaveComparison"/> over them. As JSON, CSV (one row per feature and pair of waves) and a chart.
/// </summary>
internal static class WavesApi
{
    /// <summary>The most waves compared in one request.</summary>
    public const int MaxWaves = 20;

    public static void MapWaves(this RouteGroupBuilder group)
    {
        group.MapGet("/analysis/waves", GetWaves)
            .WithTags("Analysis")
            .WithName("GetWaveComparison")
            .WithSummary("Compare the waves: what each feature's answers were in each wave, and what changed")
            .WithDescription("`waves=a,b,c` chooses and orders the waves (default: every wave, ordered by its first response; at most " + MaxWaves + "). Per wave: its respondents; per feature per wave: counts, code, Better and Worse with their 95 % Wilson intervals. For each consecutive pair of waves and first → last: a chi-square test of homogeneity of the A/O/M/I/R/Q counts (statistic, df, p, and p after Holm's correction across the features of the pair), the change of Better and Worse with two-proportion z-test p-values, the movement of the code (e.g. `A→O`) and whether it follows Kano's life cycle (A→O, O→M, A→M, I→A). The `wave` filter does not apply here; the segment and questionable filters do.\n\n" + AnalysisApi.OptionsDescription)
            .Produces<WaveComparisonResponse>(StatusCodes.Status200OK, "application/json", "text/csv")
            .HeavyRead(5);

        group.MapGet("/analysis/waves/chart.svg", GetWaveChart)
            .WithTags("Analysis")
            .WithName("GetWaveChart")
            .WithSummary("Each feature's path through the Better/Worse plane, one point per wave, as SVG")
            .WithDescription("x = |Worse|, y = Better; a line per feature from its first wave to its last, an arrow at the last, the waves' names beside the first and last points. Same options as `…/analysis/waves`.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .HeavyRead(5);
    }

    private static async Task<Results<Ok<WaveComparisonResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetWaves(
        SurveyRow survey, [FromQuery] string? waves, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var csv = AnalysisRequest.WantsCsv(http.Request);
        var (comparison, outcome) = await CompareAsync(survey, waves, query, http, database, csv ? "waves.csv" : "waves.json", cancellationToken);
        if (outcome is not null)
        {
            return outcome.Match<Results<Ok<WaveComparisonResponse>, ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        var (read, response) = comparison!.Value;
        await using (read)
        {
            return csv ? AnalysisApi.Csv(read.Keep(CsvTables.Waves(response.Response, response.Features, read.Request.Language), AnalysisApi.CsvType)) : TypedResults.Ok(read.Keep(response.Response));
        }
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetWaveChart(
        SurveyRow survey, [FromQuery] string? waves, [AsParameters] AnalysisQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var (comparison, outcome) = await CompareAsync(survey, waves, query, http, database, "waves.svg", cancellationToken);
        if (outcome is not null)
        {
            return outcome.Match<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        var (read, response) = comparison!.Value;
        await using (read)
        {
            var svg = WaveChart.Render(read.Survey.Name, response.Response.Waves, response.Features, read.Request.Language);
            return TypedResults.Content(read.Keep(svg, AnalysisApi.SvgType), AnalysisApi.SvgType);
        }
    }

    private sealed record Compared(WaveComparisonResponse Response, IReadOnlyList<FeatureWaves> Features);

    /// <summary>Checks the options, opens the read and compares the waves; an early outcome ends the request instead.</summary>
    private static async Task<((ReadContext Read, Compared Response)? Comparison, EarlyOutcome? Outcome)> CompareAsync(
        SurveyRow survey, string? waves, AnalysisQuery query, HttpContext http, Database database, string representation, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Wave is not null)
        {
            errors["wave"] = ["the wave comparison compares waves: choose them with waves=a,b,c instead"];
        }

        string[]? chosen = null;
        if (waves is not null)
        {
            chosen = waves.Split(',', StringSplitOptions.TrimEntries);
            if (chosen.Any(wave => !SurveyRules.IsWave(wave)) || chosen.Length > MaxWaves || chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Length)
            {
                errors["waves"] = [$"give 1-{MaxWaves} distinct wave names of 1-{Limits.WaveLength} characters, separated by commas, e.g. waves=2025,2026"];
            }
        }

        if (errors.Count > 0)
        {
            return (null, new EarlyOutcome(Problems.Validation(errors, "One or more analysis options are invalid; see errors for the allowed values.")));
        }

        // The chosen waves are part of what the answer depends on, so part of its ETag.
        var read = await ReadContext.OpenAsync(survey, query, http, database, CanonicalText.Of([representation, .. chosen ?? []]) + (chosen is null ? "*" : ""), cancellationToken);
        try
        {
            if (read.Outcome is { } outcome)
            {
                await read.DisposeAsync();
                return (null, outcome);
            }

            var names = chosen ?? (await SurveyStatistics.WavesAsync(read.Connection, read.Transaction, read.Survey.Id, MaxWaves + 1, cancellationToken)).ToArray();
            if (names.Length > MaxWaves)
            {
                await read.DisposeAsync();
                return (null, new EarlyOutcome(Problems.Validation(
                    new Dictionary<string, string[]> { ["waves"] = [$"the survey has more than {MaxWaves} waves: choose at most {MaxWaves} with waves=a,b,c"] },
                    "Too many waves to compare at once.")));
            }

            var analyses = new List<SurveyAnalysis>(names.Length);
            var summaries = new List<WaveResponse>(names.Length);
            foreach (var name in names)
            {
                // The comparison reports counts, codes, Better and Worse per wave, never category probabilities: their
                // Monte Carlo estimate, one per feature per wave, was most of the work and none of the answer.
                var (analysis, respondents) = await read.AnalyzeAsync(read.Request.Filter with { Wave = name }, cancellationToken, estimateCategoryProbabilities: false);
                analyses.Add(analysis);
                summaries.Add(new WaveResponse(name, respondents));
            }

            var features = WaveComparison.Compare(names, analyses);
            return ((read, new Compared(WaveMapping.ToResponse(summaries, features, read.Request.Language, read.Request.Precision), features)), null);
        }
        catch
        {
            await read.DisposeAsync();
            throw;
        }
    }
}
