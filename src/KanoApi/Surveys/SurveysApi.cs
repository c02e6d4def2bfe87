using System.Data;
using System.Security.Claims;
using Dapper;
using KanoApi.Infrastructure;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace KanoApi.Surveys;

public static class SurveysApi
{
    internal static readonly string[] Languages = ["en", "vi"];

    private const string SelectSurveys = """
        SELECT s.id AS Id, s.name AS Name, s.description AS Description, s.language AS Language, s.version AS Version,
               (SELECT count(*) FROM features f WHERE f.survey_id = s.id) AS Features,
               s.respondent_count AS Respondents,
               s.answer_wording AS AnswerWording, s.randomize_order AS RandomizeOrder, s.ask_importance AS AskImportance,
               s.ask_satisfaction AS AskSatisfaction, s.intro_en AS IntroEn, s.intro_vi AS IntroVi,
               s.thank_you_en AS ThankYouEn, s.thank_you_vi AS ThankYouVi, s.data_version AS DataVersion,
               s.created_at AS CreatedAt, s.updated_at AS UpdatedAt
        FROM surveys s
        """;

    public static RouteGroupBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surveys").WithTags("Surveys");

        group.MapPost("/", CreateSurvey)
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateSurvey")
            .AcceptsIdempotencyKey()
            .WithSummary("Create a survey")
            .WithDescription("Creates an empty survey; add features next. Answers 201 with the survey, its Location and ETag.");

        group.MapGet("/", ListSurveys)
            .RequireAuthorization(Policies.Read)
            .WithName("ListSurveys")
            .WithSummary("List the workspace's surveys")
            .WithDescription("Oldest first, paginated with ?limit= (1-200, default 50) and ?cursor= (the previous page's nextCursor).");

        group.MapGet("/{surveyId:long}", GetSurvey)
            .RequireAuthorization(Policies.Read)
            .WithName("GetSurvey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a survey")
            .WithDescription("The survey with its feature and respondent counts; the ETag header is the value to send in If-Match. The ETag versions the survey's own fields (name, description, language, questionnaire settings): new responses change the counts but not the ETag, so collecting answers never makes an edit fail with 412.");

        group.MapPatch("/{surveyId:long}", UpdateSurvey)
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateSurvey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Change a survey's name, description, language or questionnaire settings")
            .WithDescription("""
                Only the fields present change. With If-Match, answers 412 when the survey changed since that ETag.
                `questionnaire` sets what respondents see (defaults in brackets): `answerWording` (modern; or kano-1984, berger, blauth,
                vietnamese, survey), `randomizeOrder` (true), `askImportance` (false), `askSatisfaction` (false), `intro` and `thankYou`
                as { "en": …, "vi": … } (none; "" clears a language).
                """);

        group.MapDelete("/{surveyId:long}", DeleteSurvey)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteSurvey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Delete a survey with everything in it")
            .WithDescription("Deletes its features, wordings, respondents, answers and aggregates. Honours If-Match (412 on a stale ETag).");

        return group;
    }

    private static async Task<Results<Created<Survey>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> CreateSurvey(
        SurveyCreate? body, ClaimsPrincipal user, Database database, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        errors.CheckText("name", body.Name, Limits.NameLength, required: true, name: true);
        errors.CheckText("description", body.Description, Limits.DescriptionLength);
        CheckLanguage(errors, body.Language);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        var begun = await IdempotentWrite.BeginAsync(request, connection, key, body, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using var write = begun.Write!;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Clock.Now();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO surveys (workspace_id, name, description, language, created_at, updated_at)
            VALUES (@workspaceId, @name, @description, @language, @now, @now)
            RETURNING id
            """,
            new
            {
                workspaceId,
                name = body.Name!.Trim(),
                description = Text.NullIfBlank(body.Description),
                language = body.Language ?? "en",
                now,
            },
            transaction,
            cancellationToken: cancellationToken));

        var row = (await FindAsync(connection, workspaceId, id, transaction, cancellationToken))!;
        var created = row.Adapt<Survey>();
        var location = $"/v1/surveys/{id}";
        await write.CompleteAsync(transaction, created, location, row.ETag, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Committed();
        ETags.Set(response, row.ETag);
        return TypedResults.Created(location, created);
    }

    private static async Task<Results<Ok<Page<Survey>>, ValidationProblem>> ListSurveys(
        [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SurveyRow>(new CommandDefinition(
            SelectSurveys + " WHERE s.workspace_id = @workspaceId AND s.id > @after ORDER BY s.id LIMIT @take",
            new { workspaceId = user.WorkspaceIdOf(), after, take = limit + 1 },
            cancellationToken: cancellationToken))).AsList();
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<Survey>()));
    }

    private static async Task<Results<Ok<Survey>, ProblemHttpResult>> GetSurvey(
        long surveyId, ClaimsPrincipal user, Database database, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await FindAsync(connection, user.WorkspaceIdOf(), surveyId, null, cancellationToken);
        if (row is null)
        {
            return NotFound(surveyId);
        }

        ETags.Set(response, row.ETag);
        return TypedResults.Ok(row.Adapt<Survey>());
    }

    private static async Task<Results<Ok<Survey>, ValidationProblem, ProblemHttpResult>> UpdateSurvey(
        long surveyId, SurveyUpdate? body, ClaimsPrincipal user, Database database, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        if (body.Name is not null)
        {
            errors.CheckText("name", body.Name, Limits.NameLength, required: true, name: true);
        }

        errors.CheckText("description", body.Description, Limits.DescriptionLength);
        CheckLanguage(errors, body.Language);
        CheckQuestionnaire(errors, body.Questionnaire);

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindAsync(connection, workspaceId, surveyId, transaction, cancellationToken);
        if (current is null)
        {
            return NotFound(surveyId);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The survey changed since that ETag; its ETag is now {current.ETag}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE surveys
            SET name = @name, description = @description, language = @language,
                answer_wording = @answerWording, randomize_order = @randomizeOrder, ask_importance = @askImportance,
                ask_satisfaction = @askSatisfaction, intro_en = @introEn, intro_vi = @introVi,
                thank_you_en = @thankYouEn, thank_you_vi = @thankYouVi,
                version = version + 1, updated_at = @now
            WHERE id = @surveyId AND workspace_id = @workspaceId
            """,
            new
            {
                surveyId,
                workspaceId,
                name = body.Name?.Trim() ?? current.Name,
                description = body.Description is null ? current.Description : Text.NullIfBlank(body.Description),
                language = body.Language ?? current.Language,
                answerWording = body.Questionnaire?.AnswerWording ?? current.AnswerWording,
                randomizeOrder = body.Questionnaire?.RandomizeOrder ?? current.RandomizeOrder,
                askImportance = body.Questionnaire?.AskImportance ?? current.AskImportance,
                askSatisfaction = body.Questionnaire?.AskSatisfaction ?? current.AskSatisfaction,
                introEn = Changed(body.Questionnaire?.Intro?.En, current.IntroEn),
                introVi = Changed(body.Questionnaire?.Intro?.Vi, current.IntroVi),
                thankYouEn = Changed(body.Questionnaire?.ThankYou?.En, current.ThankYouEn),
                thankYouVi = Changed(body.Questionnaire?.ThankYou?.Vi, current.ThankYouVi),
                now = Clock.Now(),
            },
            transaction,
            cancellationToken: cancellationToken));
        var updated = (await FindAsync(connection, workspaceId, surveyId, transaction, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);

        ETags.Set(response, updated.ETag);
        return TypedResults.Ok(updated.Adapt<Survey>());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSurvey(
        long surveyId, ClaimsPrincipal user, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindAsync(connection, workspaceId, surveyId, transaction, cancellationToken);
        if (current is null)
        {
            return NotFound(surveyId);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The survey changed since that ETag; its ETag is now {current.ETag}.");
        }

        // Foreign keys cascade to features (and their aggregates), wordings, respondents, segments and, through the
        // respondents, answers; the trigger surveys_revoke_keys (migration 0007) revokes the collect keys bound to the
        // survey in the same statement.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM surveys WHERE id = @surveyId AND workspace_id = @workspaceId",
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The survey with this id in this workspace; null for a missing survey and for another workspace's alike.</summary>
    internal static async Task<SurveyRow?> FindAsync(
        SqliteConnection connection, long workspaceId, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<SurveyRow>(new CommandDefinition(
            SelectSurveys + " WHERE s.id = @surveyId AND s.workspace_id = @workspaceId",
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Whether the survey exists in this workspace (cheaper than <see cref="FindAsync"/>: no counts).</summary>
    internal static async Task<bool> ExistsAsync(
        SqliteConnection connection, long workspaceId, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM surveys WHERE id = @surveyId AND workspace_id = @workspaceId",
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken)) is not null;

    /// <summary>
    /// Marks the survey's data (features, wordings, responses) as changed: the analysis ETag is built from it.
    /// Called in the same transaction as the change.
    /// </summary>
    internal static Task BumpDataVersionAsync(SqliteConnection connection, IDbTransaction transaction, long surveyId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE surveys SET data_version = data_version + 1 WHERE id = @surveyId",
            new { surveyId },
            transaction,
            cancellationToken: cancellationToken));

    internal static ProblemHttpResult NotFound(long surveyId) =>
        Problems.NotFound($"There is no survey {surveyId} in this workspace.");

    /// <summary>A text field of a PATCH: absent keeps the current value, "" clears it.</summary>
    private static string? Changed(string? sent, string? current) => sent is null ? current : Text.NullIfBlank(sent);

    /// <summary>The answer wording sets a questionnaire can show: the built-in ones, or the survey's own.</summary>
    internal static readonly string[] AnswerWordings = [.. Kano.Analysis.AnswerWordings.All.Keys, "survey"];

    private static void CheckQuestionnaire(ValidationErrors errors, QuestionnaireSettingsUpdate? settings)
    {
        if (settings is null)
        {
            return;
        }

        if (settings.AnswerWording is { } wording && !AnswerWordings.Contains(wording, StringComparer.Ordinal))
        {
            errors.Add("questionnaire.answerWording", "must be one of " + string.Join(", ", AnswerWordings));
        }

        errors.CheckText("questionnaire.intro.en", settings.Intro?.En, Limits.DescriptionLength);
        errors.CheckText("questionnaire.intro.vi", settings.Intro?.Vi, Limits.DescriptionLength);
        errors.CheckText("questionnaire.thankYou.en", settings.ThankYou?.En, Limits.DescriptionLength);
        errors.CheckText("questionnaire.thankYou.vi", settings.ThankYou?.Vi, Limits.DescriptionLength);
    }

    private static void CheckLanguage(ValidationErrors errors, string? language)
    {
        if (language is not null && !Languages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add("language", "must be en or vi");
        }
    }

}
