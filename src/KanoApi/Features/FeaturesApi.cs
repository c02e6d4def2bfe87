using System.Data;
using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace KanoApi.Features;

public static partial class FeaturesApi
{
    private const string SelectFeatures = """
        SELECT f.id AS Id, f.key AS Key, f.name AS Name, f.description AS Description,
               f.functional_question AS FunctionalQuestion, f.dysfunctional_question AS DysfunctionalQuestion,
               f.functional_question_vi AS FunctionalQuestionVi, f.dysfunctional_question_vi AS DysfunctionalQuestionVi,
               f.effort AS Effort, f.version AS Version, f.created_at AS CreatedAt, f.updated_at AS UpdatedAt
        FROM features f
        JOIN surveys s ON s.id = f.survey_id AND s.workspace_id = @workspaceId
        WHERE f.survey_id = @surveyId
        """;

    public static RouteGroupBuilder MapFeatures(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surveys/{surveyId:long}/features").WithTags("Features");

        group.MapPost("/", CreateFeature)
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateFeature")
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a feature to a survey")
            .WithDescription($"The key is a lower-case slug unique in the survey (409 on a duplicate). A survey holds at most {Limits.FeaturesPerSurvey} features.");

        group.MapGet("/", ListFeatures)
            .RequireAuthorization(Policies.Read)
            .WithName("ListFeatures")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a survey's features")
            .WithDescription("In creation order, paginated with ?limit= and ?cursor=.");

        group.MapGet("/{featureIdOrKey}", GetFeature)
            .RequireAuthorization(Policies.Read)
            .WithName("GetFeature")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a feature by id or key")
            .WithDescription("featureIdOrKey is the feature's integer id or its key. The ETag header is the value for If-Match.");

        group.MapPatch("/{featureIdOrKey}", UpdateFeature)
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateFeature")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Change a feature")
            .WithDescription("Only the fields present change. With If-Match, answers 412 when the feature changed since that ETag; 409 when the new key is taken.");

        group.MapDelete("/{featureIdOrKey}", DeleteFeature)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteFeature")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Delete a feature with its answers")
            .WithDescription("Deletes the feature, every answer to it and its aggregates. Honours If-Match (412 on a stale ETag).");

        return group;
    }

    private static async Task<Results<Created<Feature>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> CreateFeature(
        long surveyId, FeatureCreate? body, ClaimsPrincipal user, Database database, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        CheckKey(errors, body.Key, required: true);
        errors.CheckText("name", body.Name, Limits.NameLength, required: true);
        CheckDetails(errors, body.Description, body.FunctionalQuestion, body.DysfunctionalQuestion, body.FunctionalQuestionVi, body.DysfunctionalQuestionVi, body.Effort);

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

        await using var write = begun.Write!;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM features WHERE survey_id = @surveyId", new { surveyId }, transaction, cancellationToken: cancellationToken));
        if (count >= Limits.FeaturesPerSurvey)
        {
            return Problems.Conflict($"The survey already has {Limits.FeaturesPerSurvey} features, the most a survey holds.");
        }

        var now = Clock.Now();
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO features (survey_id, key, name, description, functional_question, dysfunctional_question,
                                  functional_question_vi, dysfunctional_question_vi, effort, created_at, updated_at)
            VALUES (@surveyId, @key, @name, @description, @functionalQuestion, @dysfunctionalQuestion,
                    @functionalQuestionVi, @dysfunctionalQuestionVi, @effort, @now, @now)
            ON CONFLICT (survey_id, key) DO NOTHING
            RETURNING id
            """,
            new
            {
                surveyId,
                key = body.Key,
                name = body.Name!.Trim(),
                description = Text.NullIfBlank(body.Description),
                functionalQuestion = Text.NullIfBlank(body.FunctionalQuestion),
                dysfunctionalQuestion = Text.NullIfBlank(body.DysfunctionalQuestion),
                functionalQuestionVi = Text.NullIfBlank(body.FunctionalQuestionVi),
                dysfunctionalQuestionVi = Text.NullIfBlank(body.DysfunctionalQuestionVi),
                effort = body.Effort,
                now,
            },
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            return Problems.Conflict($"The survey already has a feature with the key '{body.Key}'.");
        }

        await SurveysApi.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        var row = (await FindAsync(connection, workspaceId, surveyId, id.Value.ToString(CultureInfo.InvariantCulture), transaction, cancellationToken))!;
        var created = row.Adapt<Feature>();
        var location = $"/v1/surveys/{surveyId}/features/{row.Id}";
        await write.CompleteAsync(transaction, created, location, row.ETag, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Committed();

        ETags.Set(response, row.ETag);
        return TypedResults.Created(location, created);
    }

    private static async Task<Results<Ok<Page<Feature>>, ValidationProblem, ProblemHttpResult>> ListFeatures(
        long surveyId, [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveysApi.ExistsAsync(connection, workspaceId, surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        var rows = (await connection.QueryAsync<FeatureRow>(new CommandDefinition(
            SelectFeatures + " AND f.id > @after ORDER BY f.id LIMIT @take",
            new { workspaceId, surveyId, after, take = limit + 1 },
            cancellationToken: cancellationToken))).AsList();
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<Feature>()));
    }

    private static async Task<Results<Ok<Feature>, ProblemHttpResult>> GetFeature(
        long surveyId, string featureIdOrKey, ClaimsPrincipal user, Database database, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await FindAsync(connection, user.WorkspaceIdOf(), surveyId, featureIdOrKey, null, cancellationToken);
        if (row is null)
        {
            return await NotFoundAsync(connection, user.WorkspaceIdOf(), surveyId, featureIdOrKey, cancellationToken);
        }

        ETags.Set(response, row.ETag);
        return TypedResults.Ok(row.Adapt<Feature>());
    }

    private static async Task<Results<Ok<Feature>, ValidationProblem, ProblemHttpResult>> UpdateFeature(
        long surveyId, string featureIdOrKey, FeatureUpdate? body, ClaimsPrincipal user, Database database,
        HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        CheckKey(errors, body.Key, required: false);
        if (body.Name is not null)
        {
            errors.CheckText("name", body.Name, Limits.NameLength, required: true);
        }

        CheckDetails(errors, body.Description, body.FunctionalQuestion, body.DysfunctionalQuestion, body.FunctionalQuestionVi, body.DysfunctionalQuestionVi, body.Effort);

        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindAsync(connection, workspaceId, surveyId, featureIdOrKey, transaction, cancellationToken);
        if (current is null)
        {
            return await NotFoundAsync(connection, workspaceId, surveyId, featureIdOrKey, cancellationToken, transaction);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The feature changed since that ETag; its ETag is now {current.ETag}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var key = body.Key ?? current.Key;
        if (key != current.Key && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM features WHERE survey_id = @surveyId AND key = @key",
                new { surveyId, key }, transaction, cancellationToken: cancellationToken)) is not null)
        {
            return Problems.Conflict($"The survey already has a feature with the key '{key}'.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE features
            SET key = @key, name = @name, description = @description, functional_question = @functionalQuestion,
                dysfunctional_question = @dysfunctionalQuestion, functional_question_vi = @functionalQuestionVi,
                dysfunctional_question_vi = @dysfunctionalQuestionVi, effort = @effort, version = version + 1, updated_at = @now
            WHERE id = @id
            """,
            new
            {
                id = current.Id,
                key,
                name = body.Name?.Trim() ?? current.Name,
                description = body.Description is null ? current.Description : Text.NullIfBlank(body.Description),
                functionalQuestion = body.FunctionalQuestion is null ? current.FunctionalQuestion : Text.NullIfBlank(body.FunctionalQuestion),
                dysfunctionalQuestion = body.DysfunctionalQuestion is null ? current.DysfunctionalQuestion : Text.NullIfBlank(body.DysfunctionalQuestion),
                functionalQuestionVi = body.FunctionalQuestionVi is null ? current.FunctionalQuestionVi : Text.NullIfBlank(body.FunctionalQuestionVi),
                dysfunctionalQuestionVi = body.DysfunctionalQuestionVi is null ? current.DysfunctionalQuestionVi : Text.NullIfBlank(body.DysfunctionalQuestionVi),
                effort = body.Effort ?? current.Effort,
                now = Clock.Now(),
            },
            transaction,
            cancellationToken: cancellationToken));
        await SurveysApi.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        var updated = (await FindAsync(connection, workspaceId, surveyId, current.Id.ToString(CultureInfo.InvariantCulture), transaction, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);

        ETags.Set(response, updated.ETag);
        return TypedResults.Ok(updated.Adapt<Feature>());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFeature(
        long surveyId, string featureIdOrKey, ClaimsPrincipal user, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindAsync(connection, workspaceId, surveyId, featureIdOrKey, transaction, cancellationToken);
        if (current is null)
        {
            return await NotFoundAsync(connection, workspaceId, surveyId, featureIdOrKey, cancellationToken, transaction);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The feature changed since that ETag; its ETag is now {current.ETag}.");
        }

        // Foreign keys cascade to the feature's answers and its feature_cells aggregates.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM features WHERE id = @id", new { id = current.Id }, transaction, cancellationToken: cancellationToken));
        await SurveysApi.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A feature of a survey in this workspace, by integer id or by key (keys are never all digits, so the two cannot collide).</summary>
    private static Task<FeatureRow?> FindAsync(
        SqliteConnection connection, long workspaceId, long surveyId, string featureIdOrKey, IDbTransaction? transaction, CancellationToken cancellationToken)
    {
        var byId = long.TryParse(featureIdOrKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        return connection.QuerySingleOrDefaultAsync<FeatureRow>(new CommandDefinition(
            SelectFeatures + (byId ? " AND f.id = @id" : " AND f.key = @key"),
            new { workspaceId, surveyId, id, key = featureIdOrKey },
            transaction,
            cancellationToken: cancellationToken));
    }

    private static async Task<ProblemHttpResult> NotFoundAsync(
        SqliteConnection connection, long workspaceId, long surveyId, string featureIdOrKey, CancellationToken cancellationToken, IDbTransaction? transaction = null) =>
        await SurveysApi.ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken)
            ? Problems.NotFound($"Survey {surveyId} has no feature '{featureIdOrKey}'.")
            : SurveysApi.NotFound(surveyId);

    private static void CheckKey(ValidationErrors errors, string? key, bool required)
    {
        if (key is null)
        {
            if (required)
            {
                errors.Add("key", "is required");
            }

            return;
        }

        if (key.Length > Limits.FeatureKeyLength)
        {
            errors.Add("key", $"must be at most {Limits.FeatureKeyLength} characters (is {key.Length})");
        }
        else if (!IsFeatureKey(key))
        {
            errors.Add("key", "must be a lower-case slug: letters a-z, digits and single hyphens, e.g. fast-checkout, and not only digits");
        }
    }

    internal static bool IsFeatureKey(string key) =>
        key.Length <= Limits.FeatureKeyLength && Slug().IsMatch(key) && !key.All(char.IsAsciiDigit);

    private static void CheckDetails(
        ValidationErrors errors, string? description, string? functionalQuestion, string? dysfunctionalQuestion,
        string? functionalQuestionVi, string? dysfunctionalQuestionVi, double? effort)
    {
        errors.CheckText("description", description, Limits.DescriptionLength);
        errors.CheckText("functionalQuestion", functionalQuestion, Limits.QuestionLength);
        errors.CheckText("dysfunctionalQuestion", dysfunctionalQuestion, Limits.QuestionLength);
        errors.CheckText("functionalQuestionVi", functionalQuestionVi, Limits.QuestionLength);
        errors.CheckText("dysfunctionalQuestionVi", dysfunctionalQuestionVi, Limits.QuestionLength);
        if (effort is { } value && !(value > 0 && double.IsFinite(value)))
        {
            errors.Add("effort", "must be a number greater than 0");
        }
    }

    // \z, not $: in .NET "$" also matches before a final newline, which would let "key\n" through.
    [GeneratedRegex(@"\A[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
