using System.Data.Common;
using System.Globalization;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Features;

public static class FeaturesApi
{
    public static RouteGroupBuilder MapFeatures(this IEndpointRouteBuilder app)
    {
        var group = app.MapSurveyScope("/features").WithTags("Features");

        group.MapPost("/", CreateFeature)
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateFeature")
            .AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a feature to a survey")
            .WithDescription($"The key is a slug unique in the survey ignoring letter case (409 on a duplicate); it is stored in lower case, and routes, JSON answers and CSV headers find it in any case. A survey holds at most {Limits.FeaturesPerSurvey} features. An optional `dimension` tags it with one of SERVQUAL's five dimensions (reliability, responsiveness, assurance, empathy, tangibles); any other value is a 400 that lists them.");

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
            .WithDescription("Only the fields present change; `dimension` \"\" clears the feature's SERVQUAL dimension. With If-Match, answers 412 when the feature changed since that ETag; 409 when the new key is taken.");

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
        SurveyRow survey, FeatureCreate? body, Database database, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        var newKey = SurveyRules.FoldFeatureKey(body.Key);
        SurveyRules.CheckFeatureKey(newKey, "key", errors, required: true);
        errors.CheckText("name", body.Name, Limits.NameLength, required: true, name: true);
        CheckDetails(errors, body.Description, body.FunctionalQuestion, body.DysfunctionalQuestion, body.FunctionalQuestionVi, body.DysfunctionalQuestionVi, body.Effort);
        CheckTranslation(errors, body.NameVi, body.DescriptionVi);
        var dimension = FeatureDimension.Check(body.Dimension, "dimension", errors);

        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
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

        await using var write = begun.Write!;
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        if (await FeatureStore.CountAsync(connection, transaction, surveyId, cancellationToken) >= Limits.FeaturesPerSurvey)
        {
            return Problems.Conflict($"The survey already has {Limits.FeaturesPerSurvey} features, the most a survey holds.");
        }

        var id = await FeatureStore.InsertAsync(connection, transaction, surveyId, new FeatureValues(
            newKey!,
            body.Name!.Trim(),
            Text.NullIfBlank(body.Description),
            Text.NullIfBlank(body.FunctionalQuestion),
            Text.NullIfBlank(body.DysfunctionalQuestion),
            Text.NullIfBlank(body.FunctionalQuestionVi),
            Text.NullIfBlank(body.DysfunctionalQuestionVi),
            body.Effort,
            Text.NullIfBlank(body.NameVi),
            Text.NullIfBlank(body.DescriptionVi),
            dimension), cancellationToken);
        if (id is null)
        {
            return Problems.Conflict($"The survey already has a feature with the key '{newKey}' (keys ignore letter case).");
        }

        await SurveyStore.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        var row = (await FeatureStore.FindAsync(connection, workspaceId, surveyId, id.Value.ToString(CultureInfo.InvariantCulture), transaction, cancellationToken))!;
        var created = row.Adapt<Feature>();
        var location = $"/v1/surveys/{surveyId}/features/{row.Id}";
        await write.CompleteAsync(transaction, created, location, row.ETag, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Committed();

        ETags.Set(response, row.ETag);
        return TypedResults.Created(location, created);
    }

    private static async Task<Results<Ok<Page<Feature>>, ValidationProblem, ProblemHttpResult>> ListFeatures(
        SurveyRow survey, [AsParameters] PageQuery page, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await FeatureStore.ListAsync(connection, survey.WorkspaceId, survey.Id, after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<Feature>()));
    }

    private static async Task<Results<Ok<Feature>, ProblemHttpResult>> GetFeature(
        SurveyRow survey, string featureIdOrKey, Database database, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await FeatureStore.FindAsync(connection, survey.WorkspaceId, survey.Id, featureIdOrKey, null, cancellationToken);
        if (row is null)
        {
            return FeatureNotFound(survey.Id, featureIdOrKey);
        }

        ETags.Set(response, row.ETag);
        return TypedResults.Ok(row.Adapt<Feature>());
    }

    private static async Task<Results<Ok<Feature>, ValidationProblem, ProblemHttpResult>> UpdateFeature(
        SurveyRow survey, string featureIdOrKey, FeatureUpdate? body, Database database,
        HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        var newKey = SurveyRules.FoldFeatureKey(body.Key);
        SurveyRules.CheckFeatureKey(newKey, "key", errors, required: false);
        if (body.Name is not null)
        {
            errors.CheckText("name", body.Name, Limits.NameLength, required: true, name: true);
        }

        CheckDetails(errors, body.Description, body.FunctionalQuestion, body.DysfunctionalQuestion, body.FunctionalQuestionVi, body.DysfunctionalQuestionVi, body.Effort);
        CheckTranslation(errors, body.NameVi, body.DescriptionVi);
        var dimension = FeatureDimension.Check(body.Dimension, "dimension", errors);

        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        var current = await FeatureStore.FindAsync(connection, workspaceId, surveyId, featureIdOrKey, transaction, cancellationToken);
        if (current is null)
        {
            return FeatureNotFound(surveyId, featureIdOrKey);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The feature changed since that ETag; its ETag is now {current.ETag}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var key = newKey ?? current.Key;
        if (key != current.Key && await FeatureStore.KeyTakenAsync(connection, transaction, surveyId, key, cancellationToken))
        {
            return Problems.Conflict($"The survey already has a feature with the key '{key}' (keys ignore letter case).");
        }

        await FeatureStore.UpdateAsync(connection, transaction, current.Id, new FeatureValues(
            key,
            body.Name?.Trim() ?? current.Name,
            body.Description is null ? current.Description : Text.NullIfBlank(body.Description),
            body.FunctionalQuestion is null ? current.FunctionalQuestion : Text.NullIfBlank(body.FunctionalQuestion),
            body.DysfunctionalQuestion is null ? current.DysfunctionalQuestion : Text.NullIfBlank(body.DysfunctionalQuestion),
            body.FunctionalQuestionVi is null ? current.FunctionalQuestionVi : Text.NullIfBlank(body.FunctionalQuestionVi),
            body.DysfunctionalQuestionVi is null ? current.DysfunctionalQuestionVi : Text.NullIfBlank(body.DysfunctionalQuestionVi),
            body.Effort ?? current.Effort,
            body.NameVi is null ? current.NameVi : Text.NullIfBlank(body.NameVi),
            body.DescriptionVi is null ? current.DescriptionVi : Text.NullIfBlank(body.DescriptionVi),
            body.Dimension is null ? current.Dimension : dimension), cancellationToken);
        await SurveyStore.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        var updated = (await FeatureStore.FindAsync(connection, workspaceId, surveyId, current.Id.ToString(CultureInfo.InvariantCulture), transaction, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);

        ETags.Set(response, updated.ETag);
        return TypedResults.Ok(updated.Adapt<Feature>());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFeature(
        SurveyRow survey, string featureIdOrKey, Database database, HttpRequest request, CancellationToken cancellationToken)
    {
        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        var current = await FeatureStore.FindAsync(connection, workspaceId, surveyId, featureIdOrKey, transaction, cancellationToken);
        if (current is null)
        {
            return FeatureNotFound(surveyId, featureIdOrKey);
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The feature changed since that ETag; its ETag is now {current.ETag}.");
        }

        await FeatureStore.DeleteAsync(connection, transaction, surveyId, current.Id, cancellationToken);
        await SurveyStore.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult FeatureNotFound(long surveyId, string featureIdOrKey) =>
        Problems.NotFound($"Survey {surveyId} has no feature '{featureIdOrKey}'.");

    /// <summary>The name and description respondents read in Vietnamese: the same bounds as the name and description.</summary>
    private static void CheckTranslation(ValidationErrors errors, string? nameVi, string? descriptionVi)
    {
        errors.CheckText("nameVi", nameVi, Limits.NameLength, name: true);
        errors.CheckText("descriptionVi", descriptionVi, Limits.DescriptionLength);
    }

    private static void CheckDetails(
        ValidationErrors errors, string? description, string? functionalQuestion, string? dysfunctionalQuestion,
        string? functionalQuestionVi, string? dysfunctionalQuestionVi, double? effort)
    {
        errors.CheckText("description", description, Limits.DescriptionLength);
        errors.CheckText("functionalQuestion", functionalQuestion, Limits.QuestionLength);
        errors.CheckText("dysfunctionalQuestion", dysfunctionalQuestion, Limits.QuestionLength);
        errors.CheckText("functionalQuestionVi", functionalQuestionVi, Limits.QuestionLength);
        errors.CheckText("dysfunctionalQuestionVi", dysfunctionalQuestionVi, Limits.QuestionLength);
        if (effort is { } value && !(value >= Limits.EffortMinimum && value <= Limits.EffortMaximum))
        {
            errors.Add("effort", "must be a number from 0.01 to 1000000 (in any unit the survey's features share)");
        }
    }
}
