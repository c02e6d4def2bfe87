using System.Data.Common;
using System.Security.Claims;
using KanoApi.Infrastructure;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Surveys;

public static class SurveysApi
{
    internal static readonly string[] Languages = ["en", "vi"];

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

        var survey = app.MapSurveyScope().WithTags("Surveys");

        survey.MapGet("/", GetSurvey)
            .RequireAuthorization(Policies.Read)
            .WithName("GetSurvey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a survey")
            .WithDescription("The survey with its feature and respondent counts; the ETag header is the value to send in If-Match. The ETag versions the survey's own fields (name, description, language, questionnaire settings): new responses change the counts but not the ETag, so collecting answers never makes an edit fail with 412.");

        survey.MapPatch("/", UpdateSurvey)
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateSurvey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Change a survey's name, description, language or questionnaire settings")
            .WithDescription("""
                Only the fields present change. With If-Match, answers 412 when the survey changed since that ETag.
                `questionnaire` sets what respondents see (defaults in brackets): `answerWording` (modern; or kano-1984, berger, blauth,
                vietnamese, survey), `randomizeOrder` (true), `askImportance` (false), `askSatisfaction` (false), `askServiceQuality` (false:
                SERVQUAL's expectation and perception per feature, 1-7), `intro`, `thankYou` and
                `title` (the title respondents read, apart from the survey's own name) as { "en": …, "vi": … } (none; "" clears a
                language), `askedBy` (who asks, named in the standard intro; none), `featuresPerStep` (0: every feature on one page;
                1-20: the hosted form asks that many features per step and stores nothing until the last).
                """);

        survey.MapDelete("/", DeleteSurvey)
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await SurveyStore.InsertAsync(
            connection, transaction, workspaceId, body.Name!.Trim(), Text.NullIfBlank(body.Description), body.Language ?? "en", cancellationToken);
        var row = (await SurveyStore.FindAsync(connection, workspaceId, id, transaction, cancellationToken))!;
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
        var rows = await SurveyStore.ListAsync(connection, user.WorkspaceIdOf(), after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.Adapt<Survey>()));
    }

    private static Ok<Survey> GetSurvey(SurveyRow survey, HttpResponse response)
    {
        ETags.Set(response, survey.ETag);
        return TypedResults.Ok(survey.Adapt<Survey>());
    }

    private static async Task<Results<Ok<Survey>, ValidationProblem, ProblemHttpResult>> UpdateSurvey(
        SurveyRow survey, SurveyUpdate? body, Database database, HttpRequest request, HttpResponse response,
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

        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await SurveyStore.FindForWriteAsync(connection, workspaceId, surveyId, transaction, cancellationToken);
        if (current is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The survey changed since that ETag; its ETag is now {current.ETag}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await SurveyStore.UpdateAsync(connection, transaction, workspaceId, surveyId, new SurveyValues(
            body.Name?.Trim() ?? current.Name,
            body.Description is null ? current.Description : Text.NullIfBlank(body.Description),
            body.Language ?? current.Language,
            body.Questionnaire?.AnswerWording ?? current.AnswerWording,
            body.Questionnaire?.RandomizeOrder ?? current.RandomizeOrder,
            body.Questionnaire?.AskImportance ?? current.AskImportance,
            body.Questionnaire?.AskSatisfaction ?? current.AskSatisfaction,
            Changed(body.Questionnaire?.Intro?.En, current.IntroEn),
            Changed(body.Questionnaire?.Intro?.Vi, current.IntroVi),
            Changed(body.Questionnaire?.ThankYou?.En, current.ThankYouEn),
            Changed(body.Questionnaire?.ThankYou?.Vi, current.ThankYouVi),
            Changed(body.Questionnaire?.Title?.En, current.TitleEn),
            Changed(body.Questionnaire?.Title?.Vi, current.TitleVi),
            Changed(body.Questionnaire?.AskedBy, current.AskedBy),
            body.Questionnaire?.FeaturesPerStep ?? current.FeaturesPerStep,
            body.Questionnaire?.AskServiceQuality ?? current.AskServiceQuality), cancellationToken);
        var updated = (await SurveyStore.FindAsync(connection, workspaceId, surveyId, transaction, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);

        ETags.Set(response, updated.ETag);
        return TypedResults.Ok(updated.Adapt<Survey>());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSurvey(
        SurveyRow survey, Database database, ApiKeyCache knownKeys, PeerNotices peers, HttpRequest request, CancellationToken cancellationToken)
    {
        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await SurveyStore.FindForWriteAsync(connection, workspaceId, surveyId, transaction, cancellationToken);
        if (current is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        if (!ETags.IfMatchAllows(request, current.ETag))
        {
            return Problems.PreconditionFailed($"The survey changed since that ETag; its ETag is now {current.ETag}.");
        }

        await SurveyStore.DeleteAsync(connection, transaction, workspaceId, surveyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The database revoked the keys bound to the survey (a trigger); this instance forgets them before answering.
        knownKeys.ForgetBoundTo(surveyId);
        await peers.KeysOfSurveyRevokedAsync(surveyId);
        return TypedResults.NoContent();
    }

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
        errors.CheckText("questionnaire.title.en", settings.Title?.En, Limits.NameLength, name: true);
        errors.CheckText("questionnaire.title.vi", settings.Title?.Vi, Limits.NameLength, name: true);
        errors.CheckText("questionnaire.askedBy", settings.AskedBy, Limits.NameLength, name: true);
        if (settings.FeaturesPerStep is { } perStep && perStep is < 0 or > Limits.FeaturesPerStep)
        {
            errors.Add("questionnaire.featuresPerStep", $"must be 0 (every feature on one page) or 1-{Limits.FeaturesPerStep} features per step");
        }
    }

    private static void CheckLanguage(ValidationErrors errors, string? language)
    {
        if (language is not null && !Languages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add("language", "must be en or vi");
        }
    }

}
