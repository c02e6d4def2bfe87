using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Dapper;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.RespondentQuality;

/// <summary>
/// The respondent-quality report of method §6: who straight-lined (the same answer pair for every feature) and who
/// gave more than k questionable answers, so a team can decide whether to analyse with <c>maxQuestionable=k</c>.
/// The engine's <see cref="Kano.Analysis.RespondentQuality"/> judges each respondent; this endpoint only streams
/// their answers to it. It reads every answer of the survey, so it is a report, not part of every analysis.
/// </summary>
public static class RespondentQualityApi
{
    /// <summary>At most this many flagged respondents are listed; the counts cover all of them.</summary>
    public const int ListedRespondents = 200;

    /// <summary>The default k: respondents with more than one Q answer are flagged.</summary>
    private const int DefaultMaxQuestionable = 1;

    public static RouteHandlerBuilder MapRespondentQuality(this IEndpointRouteBuilder app) =>
        app.MapSurveyScope().MapGet("/respondent-quality", GetRespondentQuality)
            .HeavyRead(10)
            .RequireAuthorization(Policies.Read)
            .WithTags("Analysis")
            .WithName("GetRespondentQuality")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Respondents who straight-lined or gave many questionable answers")
            .WithDescription($"""
                Method §6 respondent quality. `maxQuestionable` (default 1): respondents with more than this many Q answers
                are flagged — the same k as the analysis option of that name, which leaves them out. `table` (standard |
                pouliot) decides which answer pairs are Q. Counts cover every respondent; at most {ListedRespondents} flagged
                respondents are listed, with their warnings in the answer's language (`lang` or Accept-Language).
                The answer has an ETag; send it back in `If-None-Match` to get 304 while nothing changed.
                """);

    private static async Task<Results<Ok<RespondentQualityReport>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetRespondentQuality(
        SurveyRow survey, [AsParameters] RespondentQualityQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        // The same option checks as the analysis; the report covers every respondent, so it takes no filters. The
        // default k is written in, so that no k and k=1 are one representation (one ETag, one cache entry).
        var options = new AnalysisQuery { Table = query.Table, MaxQuestionable = query.MaxQuestionable ?? DefaultMaxQuestionable, Lang = query.Lang };
        if (!AnalysisRequest.TryResolve(options, http.Request, out var request, out var errors) || request.Filter.Segments.Count > 0)
        {
            foreach (var (name, _) in request.Filter.Segments)
            {
                errors[AnalysisRequest.SegmentPrefix + name] = ["the report covers every respondent: filter by segment in the analysis instead"];
            }

            return Problems.Validation(errors, "One or more options are invalid; see errors for the allowed values.");
        }

        // Tagged and cached like every other read (ReadContext): a 304 or a cached report skips the pass over every answer.
        await using var read = await ReadContext.OpenAsync(survey, options, http, database, "respondent-quality", cancellationToken);
        if (read.Outcome is { } outcome)
        {
            return outcome.Match<Results<Ok<RespondentQualityReport>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
        }

        var maxQuestionable = request.Filter.MaxQuestionable ?? DefaultMaxQuestionable;
        return TypedResults.Ok(read.Keep(await JudgeAsync(read.Connection, read.Transaction, survey.Id, request.Options.Table, maxQuestionable, request.Language, cancellationToken)));
    }

    /// <summary>
    /// Judges every respondent of the survey (method §6) in one streamed pass over their answers: memory holds one
    /// respondent at a time. Shared by this endpoint and the report's data-quality notes.
    /// </summary>
    internal static async Task<RespondentQualityReport> JudgeAsync(
        DbConnection connection, DbTransaction? transaction, long surveyId, EvaluationTable table, int maxQuestionable, Language language, CancellationToken cancellationToken)
    {
        long respondents = 0, straightLining = 0, manyQuestionable = 0, flaggedTotal = 0;
        var flagged = new List<FlaggedRespondent>();
        string? current = null;
        var pairs = new List<(Answer Functional, Answer Dysfunctional)>();

        void Judge()
        {
            if (current is null)
            {
                return;
            }

            respondents++;
            var warnings = Kano.Analysis.RespondentQuality.Warnings(pairs, table, maxQuestionable);
            if (warnings.Count == 0)
            {
                return;
            }

            flaggedTotal++;
            straightLining += warnings.Any(warning => warning.Code == KanoWarnings.StraightLiningCode) ? 1 : 0;
            manyQuestionable += warnings.Any(warning => warning.Code == KanoWarnings.ManyQuestionableCode) ? 1 : 0;
            if (flagged.Count < ListedRespondents)
            {
                flagged.Add(new FlaggedRespondent(
                    current,
                    pairs.Count,
                    Kano.Analysis.RespondentQuality.QuestionableCount(pairs, table),
                    warnings.Select(warning => new WarningResponse(warning.Code, warning.Message(language))).ToArray()));
            }
        }

        // Answers in respondent order, one streamed pass: memory holds one respondent at a time.
        var rows = RespondentQualityStore.AnswersInRespondentOrder(connection, transaction, surveyId).WithCancellation(cancellationToken);
        await foreach (var row in rows)
        {
            if (row.RespondentKey != current)
            {
                Judge();
                current = row.RespondentKey;
                pairs.Clear();
            }

            pairs.Add(((Answer)row.Functional, (Answer)row.Dysfunctional));
        }

        Judge();
        return new RespondentQualityReport(
            surveyId, table.Name, maxQuestionable, respondents, straightLining, manyQuestionable, flaggedTotal > flagged.Count, flagged);
    }
}

/// <summary>The options of the respondent-quality report.</summary>
public sealed record RespondentQualityQuery
{
    /// <summary>Which answer pairs are Q: standard or pouliot. Default standard.</summary>
    /// <example>standard</example>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "table")]
    [System.ComponentModel.DataAnnotations.AllowedValues("standard", "pouliot", null)]
    public string? Table { get; init; }

    /// <summary>Respondents with more Q answers than this are flagged. Default 1.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "maxQuestionable")]
    public int? MaxQuestionable { get; init; }

    /// <summary>en or vi; overrides Accept-Language.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "lang")]
    [System.ComponentModel.DataAnnotations.AllowedValues("en", "vi", null)]
    public string? Lang { get; init; }
}

/// <summary>Method §6 respondent quality of a survey.</summary>
/// <param name="SurveyId">The survey.</param>
/// <param name="Table">The evaluation table that decided which answers are Q.</param>
/// <param name="MaxQuestionable">Respondents with more Q answers than this are flagged.</param>
/// <param name="Respondents">Respondents with at least one answer (every stored respondent, unless all the features they answered were deleted).</param>
/// <param name="StraightLining">Respondents who gave the same answer pair for every feature they answered (at least two).</param>
/// <param name="MoreQuestionableThanMax">Respondents with more than maxQuestionable Q answers.</param>
/// <param name="Truncated">True when more respondents are flagged than listed.</param>
/// <param name="Flagged">The flagged respondents (at most 200), in the order they were stored.</param>
public sealed record RespondentQualityReport(
    long SurveyId, string Table, int MaxQuestionable, long Respondents, long StraightLining, long MoreQuestionableThanMax,
    bool Truncated, IReadOnlyList<FlaggedRespondent> Flagged);

/// <summary>One respondent the quality checks flag.</summary>
/// <param name="RespondentId">The respondent id.</param>
/// <param name="Answers">How many features the respondent answered.</param>
/// <param name="Questionable">How many of those answers are Q under the table.</param>
/// <param name="Warnings">Why the respondent is flagged.</param>
public sealed record FlaggedRespondent(string RespondentId, int Answers, int Questionable, IReadOnlyList<WarningResponse> Warnings);
