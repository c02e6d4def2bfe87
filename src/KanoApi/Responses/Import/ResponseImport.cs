using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using KanoApi.Infrastructure;
using KanoApi.Questionnaire;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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
        SurveyRow survey, [FromQuery(Name = "headerRows")] int? headerRows, [FromQuery(Name = "sheet")] string? sheet,
        [FromQuery(Name = "mapping")] string? savedMapping, Database database, HttpContext context, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        var options = new ExportOptions(headerRows, sheet);
        var request = context.Request;
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        // The import's own connection: its write transaction is long, and the request's is shared with authentication.
        await using var connection = await database.OpenAsync(cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The body is staged on local disk before the write transaction begins: SQLite has one writer at a time, so
        // the transaction must never wait on a slow client (a collect key on a public form could otherwise hold the
        // whole database). Staging also checks UTF-8 and hashes the body for the Idempotency-Key; memory stays flat.
        var (staged, mappingText) = await CsvUpload.StageAsync(request, database.StagingFolder, errors, cancellationToken);
        await using var body = staged;
        var mapping = ReadMapping(mappingText, context, errors);
        if (savedMapping is not null)
        {
            if (await SavedAsync(connection, surveyId, savedMapping, mappingText, errors, cancellationToken) is not { } saved)
            {
                return errors.Any ? errors.ToProblem() : ImportMappingsApi.NoSuchMapping(surveyId, savedMapping);
            }

            (mapping, mappingText) = saved;
        }

        if (body is null || errors.Any)
        {
            return errors.ToProblem();
        }

        if (body.NotUtf8 is { } offset && !body.NotText)
        {
            errors.Add("body", $"is not UTF-8 text (an invalid byte near offset {offset}); save the file as CSV UTF-8");
            return errors.ToProblem();
        }

        // The features' question texts, for a tool export's automatic mapping (read before the write transaction: they
        // only guide the guess, and every feature a mapping names is checked again inside it).
        var source = await QuestionnaireStore.LoadAsync(connection, survey, cancellationToken);
        var begun = await IdempotentWrite.BeginAsync(request, connection, key, RequestHash(body.Hash, mappingText, options), cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var cache = await ResponseStore.WidenCacheForImportAsync(connection, cancellationToken);
            // Holding the survey's row: it may have been deleted while the file uploaded.
            await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
            if (transaction is null)
            {
                return Problems.SurveyNotFound(surveyId);
            }

            var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
            using var recorder = new ResponseRecorder(connection, transaction, surveyId, bulk: true);
            var tally = await ReadAndRecordAsync(body, mapping, options, new ColumnGuess(source.Features), questionnaire, recorder, errors, cancellationToken);
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
    /// The dry run of an import: the same file and options, read through the same mapping and row checks, storing
    /// nothing. A file or mapping that cannot be read is a 400 as the import's would be; row errors are answered in the
    /// preview, so that a front-end can show them beside the mapping for review.
    /// </summary>
    public static async Task<Results<Ok<ImportPreview>, ValidationProblem, ProblemHttpResult>> PreviewImport(
        SurveyRow survey, [FromQuery(Name = "headerRows")] int? headerRows, [FromQuery(Name = "sheet")] string? sheet,
        [FromQuery(Name = "mapping")] string? savedMapping, Database database, HttpContext context, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        var options = new ExportOptions(headerRows, sheet);
        var errors = new ValidationErrors();
        await using var connection = await database.OpenAsync(cancellationToken);
        var source = await QuestionnaireStore.LoadAsync(connection, survey, cancellationToken);

        var (staged, mappingText) = await CsvUpload.StageAsync(context.Request, database.StagingFolder, errors, cancellationToken);
        await using var body = staged;
        var mapping = ReadMapping(mappingText, context, errors);
        if (savedMapping is not null)
        {
            if (await SavedAsync(connection, surveyId, savedMapping, mappingText, errors, cancellationToken) is not { } saved)
            {
                return errors.Any ? errors.ToProblem() : ImportMappingsApi.NoSuchMapping(surveyId, savedMapping);
            }

            mapping = saved.Mapping;
        }

        if (body is null || errors.Any || ExportFile.Of(body, errors) is not { } file)
        {
            return errors.ToProblem();
        }

        var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, null, cancellationToken);
        var guess = new ColumnGuess(source.Features);
        var tally = new ImportTally { Separator = file.Separator ?? "comma (,)" };
        var reading = await ExportImport.ReadAsync(file, mapping, options, guess, questionnaire, null, errors, tally, cancellationToken);
        if (reading is null || (!reading.Mapped && mapping?.Columns is not null) || reading.Unreadable)
        {
            return errors.ToProblem("Nothing can be imported from this file as it is: see errors.");
        }

        tally.Export = (file, reading);
        var preview = new ImportPreview(
            file.Workbook ? "xlsx" : "csv",
            file.Workbook ? null : file.EncodingName,
            file.Separator,
            file.Sheet,
            file.Header.Rows,
            file.Header.Shape,
            file.Header.Given ? "given" : "detected",
            reading.Rows,
            reading.Mapping,
            reading.Mapping.Columns?.Where(column => column?.To == "ignore").Select(column => column.Column ?? "").ToArray() ?? [],
            reading.Features,
            errors.Total,
            errors.Listed(),
            tally.Unrecognised.Summary().Select(entry => new UnrecognisedAnswerCount(entry.Value, entry.Count, entry.Columns)).ToArray(),
            tally.Notes() ?? []);
        return TypedResults.Ok(preview);
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

    /// <summary>The mapping of a multipart body's "mapping" field; null when there is none or it is not a mapping (the reason in <paramref name="errors"/>).</summary>
    private static ImportMapping? ReadMapping(string? text, HttpContext context, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            if (JsonSerializer.Deserialize<ImportMapping>(text, options) is { } mapping)
            {
                return mapping;
            }
        }
        catch (JsonException exception)
        {
            errors.Add("mapping", $"is not a mapping: {ResponseReading.Truncate(exception.Message)}");
            return null;
        }

        errors.Add("mapping", "must be a JSON object: { \"columns\": [ { \"column\": …, \"to\": …, \"feature\": … } ] }");
        return null;
    }

    /// <summary>
    /// The mapping saved under <paramref name="name"/> and its JSON (for the request hash); null when there is none, or
    /// with an error when the form also sent one (a request gives its mapping once).
    /// </summary>
    private static async Task<(ImportMapping Mapping, string Text)?> SavedAsync(
        DbConnection connection, long surveyId, string name, string? sent, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (sent is not null)
        {
            errors.Add("mapping", "give the mapping once: as the form's mapping field, or as ?mapping=<saved name>");
            return null;
        }

        return await ImportMappingStore.FindAsync(connection, surveyId, name, null, cancellationToken) is { } saved
            ? (saved.Mapping, $"saved:{saved.Name}:{saved.UpdatedAt}")
            : null;
    }

    /// <summary>The Idempotency-Key's request hash: the file's, and the mapping and options it is read with.</summary>
    private static string RequestHash(string fileHash, string? mapping, ExportOptions options) =>
        mapping is null && options == new ExportOptions(null, null)
            ? fileHash
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{fileHash}\n{mapping}\n{options.HeaderRows}\n{options.Sheet}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Planner statistics were not refreshed after an import; autovacuum will refresh them later")]
    private static partial void LogStatisticsNotRefreshed(ILogger logger, Exception exception);

    /// <summary>
    /// KanoApi's own CSV (a UTF-8 file whose header names its columns, and no mapping or export option given) as before;
    /// any other file as a survey tool's export, through the given mapping or the one <see cref="ColumnGuess"/> finds.
    /// </summary>
    private static async Task<ImportTally> ReadAndRecordAsync(
        StagedBody staged, ImportMapping? mapping, ExportOptions options, ColumnGuess guess, SurveyQuestionnaire questionnaire,
        ResponseRecorder recorder, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var body = staged.Content;
        var (separator, recognised) = (',', false);
        if (!staged.NotText && mapping is null && options == new ExportOptions(null, null))
        {
            (separator, recognised) = await CsvSeparator.DetectAsync(body, header => ImportColumns.IsKnown(header, questionnaire), cancellationToken);
        }

        if (!recognised)
        {
            var exportTally = new ImportTally();
            if (ExportFile.Of(staged, errors) is { } file)
            {
                exportTally.Separator = file.Separator ?? exportTally.Separator;
                var reading = await ExportImport.ReadAsync(file, mapping, options, guess, questionnaire, recorder, errors, exportTally, cancellationToken);
                exportTally.Export = reading is null ? null : (file, reading);
            }

            return exportTally;
        }

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
                        + $"the header row names {ImportTargets.OwnHeaders}");
                }

                return tally;
            }

            await ImportPipeline.ReadThenStoreAsync(new CsvTable(csv, rowsBefore: 1), columns, questionnaire, recorder, errors, tally, cancellationToken);
        }
        catch (CsvFormatException exception)
        {
            var error = CsvTable.FormatError(exception, 1);
            errors.Add(error.At, error.Message);
        }

        return tally;
    }
}
