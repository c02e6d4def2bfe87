using System.Data.Common;
using Kano.Analysis;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KanoApi.Analysis;

/// <summary>
/// What every read endpoint does before its own work: check the options, find the survey in the caller's workspace
/// (another workspace's survey is as missing as a missing one), tag the answer with its ETag and answer 304 when the
/// client's copy is current, or send the bytes of the same answer computed before (<see cref="RepresentationCache"/>).
/// <see cref="Outcome"/> is set when the request ends here; otherwise the handler computes its answer and passes it
/// through <see cref="Keep{T}"/> so the next request for the same ETag is served from memory.
/// </summary>
internal sealed class ReadContext : IAsyncDisposable
{
    private ReadContext(
        EarlyOutcome? outcome, AnalysisRequest request, SurveyRow survey, DbConnection? connection = null,
        DbTransaction? transaction = null, HttpContext? http = null, string? etag = null, RateLimitLease? turn = null)
    {
        Outcome = outcome;
        Request = request;
        Survey = survey;
        connectionOrNull = connection;
        transactionOrNull = transaction;
        this.http = http;
        this.etag = etag;
        this.turn = turn;
    }

    private readonly DbConnection? connectionOrNull;
    private readonly DbTransaction? transactionOrNull;

    /// <summary>A heavy read's turn (<see cref="HeavyReads"/>), held until the answer is computed.</summary>
    private readonly RateLimitLease? turn;
    private readonly HttpContext? http;
    private readonly string? etag;

    public EarlyOutcome? Outcome { get; }

    public AnalysisRequest Request { get; }

    public SurveyRow Survey { get; }

    public DbConnection Connection => connectionOrNull ?? throw new InvalidOperationException("The request already has its answer.");

    /// <summary>
    /// A read transaction: every query of the request sees one snapshot of the database (WAL), so the survey's
    /// versions behind the ETag, its respondent count and its answers always agree.
    /// </summary>
    public DbTransaction Transaction => transactionOrNull ?? throw new InvalidOperationException("The request already has its answer.");

    /// <summary>
    /// The read of <paramref name="opened"/>, the survey <see cref="SurveyScope"/> opened for the request (or a link
    /// found in its workspace); pages take <paramref name="blankSegmentMeansAll"/> (see <see cref="AnalysisRequest.TryResolve"/>).
    /// </summary>
    public static async Task<ReadContext> OpenAsync(
        SurveyRow opened, AnalysisQuery query, HttpContext http, Database database, string representation, CancellationToken cancellationToken, bool blankSegmentMeansAll = false)
    {
        var valid = AnalysisRequest.TryResolve(query, http.Request, out var request, out var errors, blankSegmentMeansAll);
        if (!valid)
        {
            return new ReadContext(new EarlyOutcome(Problems.Validation(errors, "One or more analysis options are invalid; see errors for the allowed values.")), request, opened, null);
        }

        DbConnection? connection = null;
        DbTransaction? transaction = null;
        RateLimitLease? turn = null;
        try
        {
            // First as opened, without a transaction: a 304 or a cached answer needs only the survey's versions, which
            // SurveyScope may have taken from what this instance read in the last second (SurveyHeads): then the
            // request opens no connection at all.
            var survey = opened;
            var etag = request.ETag(survey, representation);
            var early = Early(http, request, etag);

            if (early is null && HeavyReads.IsHeavy(http))
            {
                // A heavy answer to compute: wait for a turn first (not holding a snapshot), so heavy reads never take
                // more than their share of the processors from everybody else's cached reads.
                var heavyReads = http.RequestServices.GetRequiredService<HeavyReads>();
                turn = await heavyReads.TakeTurnAsync(cancellationToken);
                // The same answer may have been computed by a request that held the turn before this one (a link
                // opened by many people at once): then it is sent from the cache, not computed again.
                early = turn.IsAcquired ? Early(http, request, etag) : new EarlyOutcome(heavyReads.Busy(http));
            }

            if (early is null)
            {
                // The work reads one snapshot (WAL; PostgreSQL's repeatable read): the survey is read again inside it, so the ETag, the respondent
                // count and the answers agree even if a write landed in between.
                // The request's connection, shared with authentication and closed with the response, so only the
                // read transaction is this class's to end.
                connection = await database.ForRequestAsync(http);
                transaction = await database.BeginSnapshotAsync(connection, cancellationToken);
                var current = await SurveyStore.FindAgainAsync(connection, survey, transaction, cancellationToken);
                if (current is null)
                {
                    early = new EarlyOutcome(Problems.SurveyNotFound(survey.Id)); // deleted since it was opened
                }
                else if (current != survey)
                {
                    (survey, etag) = (current, request.ETag(current, representation));
                    early = Early(http, request, etag);
                }
            }

            if (early is not null)
            {
                await EndAsync(transaction);
                turn?.Dispose();
                return new ReadContext(early, request, survey, null);
            }

            return new ReadContext(null, request, survey, connection, transaction, http, etag, turn);
        }
        catch
        {
            // Cancelled or failed before the handler took over: neither the read snapshot nor the turn may outlive the request.
            await EndAsync(transaction);
            turn?.Dispose();
            throw;
        }
    }

    /// <summary>Tags the answer; ends the request when the client's copy is current or the same answer is cached.</summary>
    private static EarlyOutcome? Early(HttpContext http, AnalysisRequest request, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.Vary = "Accept, Accept-Language";
        http.Response.Headers.CacheControl = "private, no-cache";
        if (AnalysisRequest.ClientHas(http.Request, etag))
        {
            return new EarlyOutcome(TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        http.Response.Headers.ContentLanguage = request.LanguageCode;
        return http.RequestServices.GetRequiredService<RepresentationCache>().Find(etag) is { } cached ? new EarlyOutcome(cached) : null;
    }

    private static async ValueTask EndAsync(DbTransaction? transaction)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// The engine's analysis of the respondents <paramref name="filter"/> keeps, from the request's snapshot, with the
    /// number of those respondents. An answer that does not report category probabilities passes
    /// <paramref name="estimateCategoryProbabilities"/> false: their Monte Carlo estimate is most of an analysis's work.
    /// </summary>
    public async Task<(SurveyAnalysis Analysis, long Respondents)> AnalyzeAsync(RespondentFilter filter, CancellationToken cancellationToken, bool estimateCategoryProbabilities = true)
    {
        var started = Telemetry.StartTimer();
        var (features, respondents) = await SurveyStatistics.ReadAsync(Connection, Transaction, Survey.Id, filter, Request.Options.Table, cancellationToken);
        var analysis = KanoAnalyzer.Analyze(features, Request.Options, estimateCategoryProbabilities);
        Telemetry.RecordAnalysis(started);
        return (analysis, respondents);
    }

    /// <summary>Keeps the JSON of this answer for the next request with the same ETag; returns the answer unchanged.</summary>
    public T Keep<T>(T response)
    {
        var options = http!.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Cache.Keep(etag!, JsonSerializer.SerializeToUtf8Bytes(response, options), "application/json; charset=utf-8");
        return response;
    }

    /// <summary>Keeps this text answer (CSV, SVG) for the next request with the same ETag; returns it unchanged.</summary>
    public string Keep(string text, string contentType)
    {
        Cache.Keep(etag!, Encoding.UTF8.GetBytes(text), contentType);
        return text;
    }

    private RepresentationCache Cache => http!.RequestServices.GetRequiredService<RepresentationCache>();

    public async ValueTask DisposeAsync()
    {
        if (transactionOrNull is not null)
        {
            await transactionOrNull.DisposeAsync();
        }

        turn?.Dispose();
    }
}

/// <summary>
/// How a read request ended before its work: invalid options, a problem (no such survey; no turn for a heavy read),
/// not modified, or already computed.
/// </summary>
internal sealed class EarlyOutcome
{
    private readonly ValidationProblem? invalid;
    private readonly ProblemHttpResult? problem;
    private readonly StatusCodeHttpResult? notModified;
    private readonly CachedRepresentation? cached;

    public EarlyOutcome(ValidationProblem invalid) => this.invalid = invalid;

    public EarlyOutcome(ProblemHttpResult problem) => this.problem = problem;

    public EarlyOutcome(StatusCodeHttpResult notModified) => this.notModified = notModified;

    public EarlyOutcome(CachedRepresentation cached) => this.cached = cached;

    public T Match<T>(
        Func<ValidationProblem, T> whenInvalid, Func<ProblemHttpResult, T> whenProblem, Func<StatusCodeHttpResult, T> whenNotModified, Func<CachedRepresentation, T> whenCached) =>
        invalid is not null ? whenInvalid(invalid)
        : problem is not null ? whenProblem(problem)
        : cached is not null ? whenCached(cached)
        : whenNotModified(notModified!);
}
