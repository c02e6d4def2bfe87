using System.Security.Claims;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace KanoApi.Analysis;

/// <summary>
/// What every read endpoint does before its own work: check the options, find the survey in the caller's workspace
/// (another workspace's survey is as missing as a missing one), tag the answer with its ETag and answer 304 when the
/// client's copy is current. <see cref="Outcome"/> is set when the request ends here.
/// </summary>
internal sealed class ReadContext : IAsyncDisposable
{
    private ReadContext(EarlyOutcome? outcome, AnalysisRequest request, SurveyHead survey, SqliteConnection? connection)
    {
        Outcome = outcome;
        Request = request;
        Survey = survey;
        connectionOrNull = connection;
    }

    private readonly SqliteConnection? connectionOrNull;

    public EarlyOutcome? Outcome { get; }

    public AnalysisRequest Request { get; }

    public SurveyHead Survey { get; }

    public SqliteConnection Connection => connectionOrNull ?? throw new InvalidOperationException("The request already has its answer.");

    public static async Task<ReadContext> OpenAsync(
        long surveyId, AnalysisQuery query, HttpContext http, ClaimsPrincipal user, Database database, string representation, CancellationToken cancellationToken)
    {
        var valid = AnalysisRequest.TryResolve(query, http.Request, out var request, out var errors);
        var noSurvey = new SurveyHead(surveyId, "", "en", 0, 0);
        if (!valid)
        {
            return new ReadContext(new EarlyOutcome(Problems.Validation(errors, "One or more analysis options are invalid; see errors for the allowed values.")), request, noSurvey, null);
        }

        var connection = await database.OpenAsync(cancellationToken);
        var survey = await SurveyStatistics.FindSurveyAsync(connection, user.WorkspaceIdOf(), surveyId, cancellationToken);
        if (survey is null)
        {
            await connection.DisposeAsync();
            return new ReadContext(new EarlyOutcome(Problems.NotFound($"Survey {surveyId} does not exist.")), request, noSurvey, null);
        }

        var etag = request.ETag(survey, representation);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.Vary = "Accept, Accept-Language";
        http.Response.Headers.CacheControl = "private, no-cache";
        if (AnalysisRequest.ClientHas(http.Request, etag))
        {
            await connection.DisposeAsync();
            return new ReadContext(new EarlyOutcome(TypedResults.StatusCode(StatusCodes.Status304NotModified)), request, survey, null);
        }

        http.Response.Headers.ContentLanguage = request.LanguageCode;
        return new ReadContext(null, request, survey, connection);
    }

    public ValueTask DisposeAsync() => connectionOrNull?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>How a read request ended before its work: invalid options, no such survey, or not modified.</summary>
internal sealed class EarlyOutcome
{
    private readonly ValidationProblem? invalid;
    private readonly ProblemHttpResult? missing;
    private readonly StatusCodeHttpResult? notModified;

    public EarlyOutcome(ValidationProblem invalid) => this.invalid = invalid;

    public EarlyOutcome(ProblemHttpResult missing) => this.missing = missing;

    public EarlyOutcome(StatusCodeHttpResult notModified) => this.notModified = notModified;

    public T Match<T>(Func<ValidationProblem, T> whenInvalid, Func<ProblemHttpResult, T> whenMissing, Func<StatusCodeHttpResult, T> whenNotModified) =>
        invalid is not null ? whenInvalid(invalid)
        : missing is not null ? whenMissing(missing)
        : whenNotModified(notModified!);
}
