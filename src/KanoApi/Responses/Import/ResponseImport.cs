using System.Data.Common;
using System.Security.Claims;
using CsvHelper;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Responses.Import;

/// <summary>
/// The CSV import's handler: the body staged on disk (<see cref="StagedBody"/>), then read with CsvHelper
/// (<see cref="CsvSeparator"/>, <see cref="ImportColumns"/>), checked row by row (<see cref="ImportRowReader"/>) and
/// stored as it is read inside one transaction (<see cref="ImportPipeline"/>, so memory does not grow with the file),
/// rolled back at the end if any row was invalid (so one bad cell stores nothing). Rows are numbered as a spreadsheet
/// does: the header is row 1.
/// </summary>
internal static partial class ResponseImport
{
    public static async Task<Results<Created<StoredCount>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> ImportResponses(
        long surveyId, ClaimsPrincipal user, Database database, HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The body is staged on local disk before the write transaction begins: SQLite has one writer at a time, so
        // the transaction must never wait on a slow client (a collect key on a public form could otherwise hold the
        // whole database). Staging also checks UTF-8 and hashes the body for the Idempotency-Key; memory stays flat.
        await using var body = await CsvUpload.StageAsync(request, database.StagingFolder, errors, cancellationToken);
        if (body is null)
        {
            return errors.ToProblem();
        }

        if (body.NotUtf8 is { } offset)
        {
            errors.Add("body", $"is not UTF-8 text (an invalid byte near offset {offset}); save the file as CSV UTF-8");
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, key, body.Hash, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var cache = await ResponseStore.WidenCacheForImportAsync(connection, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Again in the transaction, holding the survey's row: it may have been deleted while the file uploaded.
            if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken))
            {
                return SurveysApi.NotFound(surveyId);
            }

            var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
            using var recorder = new ResponseRecorder(connection, transaction, surveyId, bulk: true);
            var tally = await ReadAndRecordAsync(body.Content, questionnaire, recorder, errors, cancellationToken);
            if (errors.Any)
            {
                var detail = errors.Total > Limits.ErrorsListed
                    ? $"Nothing was imported: {errors.Total} errors found; the first {Limits.ErrorsListed} are listed in errors."
                    : "Nothing was imported: fix the cells listed in errors and send the file again.";
                if (tally.Unrecognised.Any)
                {
                    detail += $" {tally.Unrecognised.Describe()} not recognised: unrecognisedAnswers lists each with its count and columns (teach a survey's own wordings with PUT …/wordings).";
                    return errors.ToProblem(detail, [KeyValuePair.Create<string, object?>("unrecognisedAnswers", tally.Unrecognised.Summary())]);
                }

                return errors.ToProblem(detail);
            }

            recorder.Finish();
            var result = new StoredCount(recorder.Stored, tally.Notes());
            await write.CompleteAsync(transaction, result, null, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            write.Committed();
            Telemetry.Imports.Add(1);
            Telemetry.AnswersStored.Add(recorder.AnswersStored);
            if (recorder.Stored >= ResponseStore.RefreshStatisticsAfter)
            {
                await RefreshStatisticsAsync(connection, context, cancellationToken);
            }

            return TypedResults.Created((string?)null, result);
        }
    }

    /// <summary>
    /// <see cref="ResponseStore.RefreshStatisticsAsync"/> after a large import. The import has committed and its answer
    /// stands, so a failure here (a role that may not ANALYZE, the client gone) is logged, never reported as the
    /// import's: autovacuum refreshes the statistics later anyway.
    /// </summary>
    private static async Task RefreshStatisticsAsync(DbConnection connection, HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            await ResponseStore.RefreshStatisticsAsync(connection, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or OperationCanceledException)
        {
            LogStatisticsNotRefreshed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ResponseImport).FullName!), exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Planner statistics were not refreshed after an import; autovacuum will refresh them later")]
    private static partial void LogStatisticsNotRefreshed(ILogger logger, Exception exception);

    private static async Task<ImportTally> ReadAndRecordAsync(
        Stream body, SurveyQuestionnaire questionnaire, ResponseRecorder recorder, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var (separator, recognised) = await CsvSeparator.DetectAsync(body, header => ImportColumns.IsKnown(header, questionnaire), cancellationToken);
        var tally = new ImportTally { Separator = CsvSeparator.NameOf(separator) };
        await using var csv = CsvReader.Create(body, CsvSeparator.ReaderOptions(separator), leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            var columns = ImportColumns.Read(csv.Headers, questionnaire, errors);
            if (columns is null)
            {
                if (!recognised && !csv.Headers.All(string.IsNullOrWhiteSpace))
                {
                    errors.Add("row 1", $"names no column this import knows with any separator tried ({CsvSeparator.TriedNames}): "
                        + "the header row names respondentId, wave, segment.<name> or <featureKey>.functional|dysfunctional|importance|satisfaction");
                }

                return tally;
            }

            await ImportPipeline.ReadThenStoreAsync(new CsvTable(csv), columns, questionnaire, recorder, errors, tally, cancellationToken);
        }
        catch (CsvFormatException exception)
        {
            var error = CsvTable.FormatError(exception, 1);
            errors.Add(error.At, error.Message);
        }

        return tally;
    }
}
