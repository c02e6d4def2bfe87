using System.Security.Claims;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace KanoApi.Responses;

public static class ResponsesApi
{
    public static RouteGroupBuilder MapResponses(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surveys/{surveyId:long}/responses").WithTags("Responses");

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
            .RequireAuthorization(Policies.Collect)
            .WithCsvImportBodyLimit()
            .Accepts<string>("text/csv")
            .WithName("ImportResponses")
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Import respondents from a CSV file, all or none")
            .WithDescription("""
                A text/csv body (UTF-8, comma-separated, RFC 4180 quoting), read as a stream. Header row, then one row per respondent.
                Columns, matched by name in any order: respondentId (optional, generated when absent), wave, segment.<name>, and per
                feature <featureKey>.functional and <featureKey>.dysfunctional (both or neither), optionally <featureKey>.importance (1-9)
                and <featureKey>.satisfaction (1-5). Cells hold codes (like, must-be, neutral, live-with, dislike; expect, tolerate),
                positions 1-5, the built-in answer wordings or this survey's wordings; an empty cell is not answered.
                Any invalid cell rejects the whole import: errors are keyed "row 31, column anonymous.dysfunctional", counting rows as a
                spreadsheet does (the header is row 1, the first respondent row 2). Answers 201 { "stored": n }.
                Accepts an Idempotency-Key like PostResponse.
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

    private static async Task<Results<Created<StoredResponse>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> PostResponse(
        long surveyId, ResponseSubmission? body, ClaimsPrincipal user, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
        }

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, workspaceId, surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, workspaceId, key, body, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var (respondent, recorded) = await StoreOneAsync(connection, transaction, surveyId, body, errors, cancellationToken);
            if (respondent is null)
            {
                return errors.ToProblem();
            }

            if (!recorded)
            {
                return Problems.Conflict($"The survey already has a response from respondent '{respondent.RespondentKey}'.");
            }

            var stored = (await ReadResponsesAsync(connection, transaction, surveyId, "r.respondent_key = @respondentKey", new { respondentKey = respondent.RespondentKey }, cancellationToken)).Single();
            var location = $"/v1/surveys/{surveyId}/responses/{Uri.EscapeDataString(respondent.RespondentKey)}";
            await write.CompleteAsync(transaction, stored, location, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            write.Committed();
            return TypedResults.Created(location, stored);
        }
    }

    /// <summary>
    /// Checks and stores one respondent's answers in the caller's transaction, aggregates included: the one path of
    /// PostResponse and the hosted form. Answers the checked respondent (null when <paramref name="errors"/> got errors,
    /// and then nothing is written) and whether it was stored (false when the survey already has this respondent id).
    /// </summary>
    internal static async Task<(RespondentAnswers? Respondent, bool Recorded)> StoreOneAsync(
        SqliteConnection connection, SqliteTransaction transaction, long surveyId, ResponseSubmission? body, ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
        var respondent = ResponseReading.Read(body, "", questionnaire, errors);
        if (respondent is null)
        {
            return (null, false);
        }

        using var recorder = new ResponseRecorder(connection, transaction, surveyId);
        if (!recorder.Record(respondent))
        {
            return (respondent, false);
        }

        recorder.Finish();
        return (respondent, true);
    }

    private static async Task<Results<Created<StoredCount>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> PostResponseBatch(
        long surveyId, ResponseBatch? body, ClaimsPrincipal user, Database database, HttpRequest request, CancellationToken cancellationToken)
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

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, workspaceId, surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, workspaceId, key, body, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
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
                foreach (var (index, respondent) in respondents)
                {
                    if (!recorder.Record(respondent))
                    {
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
            return TypedResults.Created((string?)null, result);
        }
    }

    private static async Task<Results<Ok<Page<StoredResponse>>, ValidationProblem, ProblemHttpResult>> ListResponses(
        long surveyId, [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, user.WorkspaceIdOf(), surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        var rows = await ReadRespondentRowsAsync(connection, null, surveyId, "r.id > @after ORDER BY r.id LIMIT @take", new { after, take = limit + 1 }, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<StoredResponse>()));
    }

    private static async Task<Results<Ok<StoredResponse>, ProblemHttpResult>> GetResponse(
        long surveyId, string respondentId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, user.WorkspaceIdOf(), surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        var found = await ReadResponsesAsync(connection, null, surveyId, "r.respondent_key = @respondentId", new { respondentId }, cancellationToken);
        return found.Count == 1
            ? TypedResults.Ok(found[0])
            : Problems.NotFound($"Survey {surveyId} has no response from respondent '{ResponseReading.Truncate(respondentId)}'.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteResponse(
        long surveyId, string respondentId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, user.WorkspaceIdOf(), surveyId, transaction, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM respondents WHERE survey_id = @surveyId AND respondent_key = @respondentId",
            new { surveyId, respondentId }, transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            return Problems.NotFound($"Survey {surveyId} has no response from respondent '{ResponseReading.Truncate(respondentId)}'.");
        }

        // Take the respondent's answers out of the aggregates, then delete them (answers and segments cascade).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE feature_cells
            SET answers = feature_cells.answers - d.answers,
                importance_count = feature_cells.importance_count - d.importance_count,
                importance_sum = feature_cells.importance_sum - d.importance_sum,
                importance_sum_squares = feature_cells.importance_sum_squares - d.importance_sum_squares,
                satisfaction_count = feature_cells.satisfaction_count - d.satisfaction_count,
                satisfaction_sum = feature_cells.satisfaction_sum - d.satisfaction_sum,
                satisfaction_sum_squares = feature_cells.satisfaction_sum_squares - d.satisfaction_sum_squares
            FROM (
                SELECT feature_id, functional, dysfunctional, count(*) AS answers,
                       count(importance) AS importance_count, coalesce(sum(importance), 0) AS importance_sum,
                       coalesce(sum(importance * importance), 0) AS importance_sum_squares,
                       count(satisfaction) AS satisfaction_count, coalesce(sum(satisfaction), 0) AS satisfaction_sum,
                       coalesce(sum(satisfaction * satisfaction), 0) AS satisfaction_sum_squares
                FROM answers WHERE respondent_id = @id
                GROUP BY feature_id, functional, dysfunctional
            ) AS d
            WHERE feature_cells.feature_id = d.feature_id AND feature_cells.functional = d.functional AND feature_cells.dysfunctional = d.dysfunctional;

            DELETE FROM feature_cells
            WHERE answers = 0 AND feature_id IN (SELECT feature_id FROM answers WHERE respondent_id = @id);

            DELETE FROM respondents WHERE id = @id;
            """,
            new { id },
            transaction,
            cancellationToken: cancellationToken));
        await SurveysApi.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IReadOnlyList<StoredResponse>> ReadResponsesAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long surveyId, string where, object parameters, CancellationToken cancellationToken) =>
        (await ReadRespondentRowsAsync(connection, transaction, surveyId, where, parameters, cancellationToken))
        .Select(row => row.Adapt<StoredResponse>())
        .ToArray();

    private static async Task<List<RespondentRow>> ReadRespondentRowsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long surveyId, string where, object parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("surveyId", surveyId);
        var respondents = (await connection.QueryAsync<RespondentRow>(new CommandDefinition(
            $"""
            SELECT r.id AS Id, r.respondent_key AS RespondentKey, r.wave AS Wave, r.segments AS Segments, r.created_at AS CreatedAt
            FROM respondents r
            WHERE r.survey_id = @surveyId AND {where}
            """,
            arguments,
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (respondents.Count == 0)
        {
            return respondents;
        }

        var byId = respondents.ToDictionary(row => row.Id);
        var answers = await connection.QueryAsync<AnswerRow>(new CommandDefinition(
            """
            SELECT a.respondent_id AS RespondentId, a.feature_id AS FeatureId, f.key AS FeatureKey, a.functional AS Functional,
                   a.dysfunctional AS Dysfunctional, a.importance AS Importance, a.satisfaction AS Satisfaction
            FROM answers a JOIN features f ON f.id = a.feature_id
            WHERE a.respondent_id IN @ids
            ORDER BY a.respondent_id, a.feature_id
            """,
            new { ids = byId.Keys.ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        foreach (var answer in answers)
        {
            byId[answer.RespondentId].Answers.Add(answer);
        }

        return respondents;
    }
}
