using System.Data.Common;
using System.Security.Claims;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Responses.Import;
using KanoApi.Surveys;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Responses;

public static class ResponsesApi
{
    public static RouteGroupBuilder MapResponses(this IEndpointRouteBuilder app)
    {
        // The import's handler (ResponseImport) still opens the survey itself as well; the scope answers first.
        var group = app.MapSurveyScope("/responses").WithTags("Responses").AcceptsAudience();

        group.MapPost("/", PostResponse)
            .RequireAuthorization(Policies.Collect)
            .WithName("PostResponse")
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Store one respondent's answers")
            .WithDescription("""
                Answers 201 with the stored response once it is committed. A respondentId already stored in the survey is a 409.
                Every invalid field is listed in errors by its path (answers[3].functional). Send an Idempotency-Key header to make
                retries safe: the same key and body replay the first answer (header Idempotent-Replayed: true); the same key with
                another body is a 422; a retry while the first request still runs is a 409.
                """);

        group.MapPost("/batch", PostResponseBatch)
            .RequireAuthorization(Policies.Collect)
            .WithName("PostResponseBatch")
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Store many respondents at once, all or none")
            .WithDescription($"""
                At most {Limits.ResponsesPerBatch} responses, stored in one transaction: one invalid response stores nothing, and the
                400 lists every error by path (responses[2].answers[0].functional), duplicate respondentIds (within the batch or
                already stored) included. Accepts an Idempotency-Key like PostResponse.
                """);

        group.MapPost("/import", ResponseImport.ImportResponses)
            .TakesAnImportFile()
            .WithName("ImportResponses")
            .AcceptsIdempotencyKey()
            .WithSummary("Import respondents from a CSV file, all or none")
            .WithDescription("""
                A text/csv body (UTF-8, RFC 4180 quoting), or a multipart/form-data body with one file part (a browser form, Postman,
                curl -F file=@answers.csv; other text fields are ignored), staged on disk as it streams, with the same size limit.
                The separator (comma, semicolon as Excel writes in many locales, or tab) is detected from the header row: the one under
                which the header names the most known columns; if none does, the 400 says which were tried. Header row, then one row per respondent.
                Columns, matched by name in any order: respondentId (optional, generated when absent), wave, segment.<name>, and per
                feature <featureKey>.functional and <featureKey>.dysfunctional (both or neither), optionally <featureKey>.importance (1-9)
                and <featureKey>.satisfaction (1-5), and SERVQUAL's <featureKey>.expectation and <featureKey>.perception (1-7); a number followed by
                its label, "3 - Somewhat important", is read by the number.
                Cells hold codes (like, must-be, neutral, live-with, dislike; expect, tolerate),
                positions 1-5, the built-in answer wordings or this survey's wordings; an empty cell is not answered.
                Any invalid cell rejects the whole import: errors are keyed "row 31, column anonymous.dysfunctional", counting rows as a
                spreadsheet does (the header is row 1, the first respondent row 2); at most 100 are listed, and unrecognisedAnswers sums up
                every distinct answer wording that was not recognised ({ value, count, columns }, most frequent first). Answers 201 { "stored": n }, with "notes" when the
                file was read in a way worth saying (another separator than comma, scale cells read by their leading number).
                Accepts an Idempotency-Key like PostResponse.
                A survey tool's export (Google Forms, Microsoft Forms, Typeform, SurveyMonkey, Qualtrics, LimeSurvey, a research file), as
                CSV (UTF-8, or UTF-16 as Excel's "Unicode text") or XLSX, is imported as it is: through the multipart "mapping" field (JSON,
                as POST …/import/preview answers it, reviewed), or else the mapping the preview would find. Options headerRows (1-3) and
                sheet override the mapping's. Only mapped columns are read; every other column (free text, e-mail, IP address) is never stored.
                Errors name the row and column as the tool shows them (row 31, column "How would you feel if…", and D31 in a workbook).
                """);

        group.MapPost("/import/preview", ResponseImport.PreviewImport)
            .TakesAnImportFile()
            .WithName("PreviewImport")
            .WithSummary("Preview the import of a survey tool's export, storing nothing")
            .WithDescription("""
                The dry run of POST …/import with the same body and options: the file type, encoding or sheet, the header rows found
                (one row; SurveyMonkey's two; Qualtrics' three — detected, or given by headerRows), the row count, and the mapping the
                import would use: every column with what it maps to (functional, dysfunctional, importance, satisfaction, expectation or perception of a
                feature, respondentId, wave, segment, or ignore), how that was found (KanoApi header, question text in the survey's
                languages, grid header "… [Feature name]", <feature>_functional suffix, metadata) and how sure (0-1). Also the ignored
                columns, the first errors (keyed as the import keys them) and every unrecognised answer wording with its count.
                Send the mapping back, reviewed, as the multipart "mapping" field of the import. A mapping that names an unknown column
                or feature, or maps one feature side twice, is a 400 naming it. Nothing is stored.
                """);

        group.MapGet("/", ListResponses)
            .RequireAuthorization(Policies.Read)
            .WithName("ListResponses")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a survey's responses")
            .WithDescription("Oldest first, with their answers as codes; paginated with ?limit= and ?cursor=.");

        group.MapGet("/{respondentId}", GetResponse)
            .RequireAuthorization(Policies.Read)
            .WithName("GetResponse")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one respondent's answers")
            .WithDescription("The response stored for this respondentId.");

        group.MapDelete("/{respondentId}", DeleteResponse)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteResponse")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Erase a respondent's answers")
            .WithDescription("Erasure on request (privacy): deletes the respondent, their segments and answers, and takes them out of the aggregates.");

        return group;
    }

    /// <summary>What the import and its preview share: a collect key, the import's cost and body limit, the file types read.</summary>
    private static RouteHandlerBuilder TakesAnImportFile(this RouteHandlerBuilder builder) =>
        builder.Costs(10)
            .RequireAuthorization(Policies.Collect)
            .WithCsvImportBodyLimit()
            .Accepts<string>(CsvUpload.Csv, CsvUpload.Multipart, CsvUpload.Xlsx)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<StoredResponse>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> PostResponse(
        SurveyRow survey, ResponseSubmission? body, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
        }

        var surveyId = survey.Id;
        await using var connection = await database.OpenAsync(cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, key, body, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
            if (transaction is null)
            {
                return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
            }

            var (respondent, recorded) = await OneResponse.CheckAndStoreAsync(connection, transaction, surveyId, body, errors, cancellationToken);
            if (respondent is null)
            {
                return errors.ToProblem();
            }

            if (!recorded)
            {
                return Problems.Conflict($"The survey already has a response from respondent '{respondent.RespondentKey}'.");
            }

            var stored = (await ReadResponsesAsync(connection, transaction, surveyId, respondent.RespondentKey, cancellationToken)).Single();
            var location = $"/v1/surveys/{survey.AddressId}/responses/{Uri.EscapeDataString(respondent.RespondentKey)}"
                + (survey.StaffOf is null ? "" : $"?{StaffAudience.QueryName}={StaffAudience.Staff}");
            await write.CompleteAsync(transaction, stored, location, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Telemetry.AnswersStored.Add(respondent.Answers.Count);
            write.Committed();
            return TypedResults.Created(location, stored);
        }
    }

    private static async Task<Results<Created<StoredCount>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> PostResponseBatch(
        SurveyRow survey, ResponseBatch? body, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body?.Responses is null)
        {
            errors.Add(body is null ? "$" : "responses", "a body { \"responses\": [ ... ] } is required");
        }
        else if (body.Responses.Count > Limits.ResponsesPerBatch)
        {
            errors.Add("responses", $"must hold at most {Limits.ResponsesPerBatch} responses (holds {body.Responses.Count}); split the batch");
        }

        var surveyId = survey.Id;
        await using var connection = await database.OpenAsync(cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, key, body, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
            if (transaction is null)
            {
                return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
            }

            var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
            var respondents = new List<(int Index, RespondentAnswers Answers)>();
            var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < body!.Responses!.Count; i++)
            {
                if (ResponseReading.Read(body.Responses[i], $"responses[{i}]", questionnaire, errors) is not { } respondent)
                {
                    continue;
                }

                if (!firstIndexOf.TryAdd(respondent.RespondentKey, i))
                {
                    errors.Add($"responses[{i}].respondentId", $"repeats responses[{firstIndexOf[respondent.RespondentKey]}].respondentId");
                    continue;
                }

                respondents.Add((i, respondent));
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            using (var recorder = new ResponseRecorder(connection, transaction, surveyId))
            {
                var stored = recorder.RecordAll([.. respondents.Select(respondent => respondent.Answers)]);
                for (var i = 0; i < respondents.Count; i++)
                {
                    if (!stored[i])
                    {
                        var (index, respondent) = respondents[i];
                        errors.Add($"responses[{index}].respondentId", $"the survey already has a response from '{ResponseReading.Truncate(respondent.RespondentKey)}'");
                    }
                }

                if (errors.Any)
                {
                    return errors.ToProblem("Nothing was stored: one or more responses are invalid; see errors.");
                }

                recorder.Finish();
            }

            var result = new StoredCount(respondents.Count);
            await write.CompleteAsync(transaction, result, null, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            write.Committed();
            Telemetry.AnswersStored.Add(respondents.Sum(respondent => (long)respondent.Answers.Answers.Count));
            return TypedResults.Created((string?)null, result);
        }
    }

    private static async Task<Results<Ok<Page<StoredResponse>>, ValidationProblem, ProblemHttpResult>> ListResponses(
        SurveyRow survey, [AsParameters] PageQuery page, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ResponseStore.ReadPageAsync(connection, survey.Id, after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<StoredResponse>()));
    }

    private static async Task<Results<Ok<StoredResponse>, ProblemHttpResult>> GetResponse(
        SurveyRow survey, string respondentId, Database database, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await ReadResponsesAsync(connection, null, surveyId, respondentId, cancellationToken);
        return found.Count == 1
            ? TypedResults.Ok(found[0])
            : Problems.NotFound($"Survey {surveyId} has no response from respondent '{ResponseReading.Truncate(respondentId)}'.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteResponse(
        SurveyRow survey, string respondentId, Database database, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        var id = await ResponseStore.FindRespondentAsync(connection, transaction, surveyId, respondentId, cancellationToken);
        if (id is null)
        {
            return Problems.NotFound($"Survey {surveyId} has no response from respondent '{ResponseReading.Truncate(respondentId)}'.");
        }

        await ResponseStore.DeleteRespondentAsync(connection, transaction, id.Value, cancellationToken);
        await SurveyStore.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IReadOnlyList<StoredResponse>> ReadResponsesAsync(
        DbConnection connection, DbTransaction? transaction, long surveyId, string respondentKey, CancellationToken cancellationToken) =>
        (await ResponseStore.ReadByKeyAsync(connection, transaction, surveyId, respondentKey, cancellationToken))
        .Select(row => row.Adapt<StoredResponse>())
        .ToArray();
}
