using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Pages;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Questionnaire;

public static class QuestionnaireApi
{
    public static RouteGroupBuilder MapQuestionnaire(this IEndpointRouteBuilder app)
    {
        var group = app.MapSurveyScope("/questionnaire").WithTags("Questionnaire").AcceptsAudience();
        group.MapGet("/", GetQuestionnaire)
            .RequireAuthorization(Policies.ReadOrCollect)
            .WithName("GetQuestionnaire")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The questionnaire to show one respondent")
            .WithDescription("""
                Everything a front-end needs to render the survey and submit the answers: title, intro and thank-you text,
                the features in the order to ask them (each with its functional and dysfunctional question and the five
                answer options, code and label), the importance and satisfaction scales when the survey asks them (a label
                for every point), SERVQUAL's expectation and perception statements per feature on the 7-point agreement scale
                when the survey asks service quality, and the exact body to POST to …/responses. Admin, read and collect keys (a collect key bound
                to a survey only for that survey). Options: `lang` = en | vi (else Accept-Language, else the survey's
                language); `seed` (a respondent id: 1-100 characters, no `/ \\ ? #`): with randomizeOrder on, the same seed
                always gives the same order and different seeds give different orders; without a seed a new one is drawn
                and answered in `seed`. The seed is the template's `respondentId`, so posting the template twice is a 409, not two respondents. Features without their own questions get the default pair built from their name.
                The answer has an ETag; send it back in `If-None-Match` to get 304 while nothing changed.
                From a browser on another origin: that origin must be listed in `Kano:Cors:Origins` (CORS is closed by
                default); give the page a collect key bound to this survey.
                """);
        return group;
    }

    private static async Task<Results<Ok<QuestionnaireDefinition>, StatusCodeHttpResult, ValidationProblem>> GetQuestionnaire(
        SurveyRow opened, [FromQuery(Name = "lang")] string? lang, [FromQuery(Name = "seed")] string? seed,
        Database database, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (lang is not null && Languages.Parse(request.HttpContext, lang) is null)
        {
            errors.Add("lang", $"must be {string.Join(" or ", Languages.Supported(request.HttpContext).Select(language => language.Code))}");
        }

        if (seed is not null)
        {
            // The seed becomes the submission template's respondent id, so it obeys the respondent id's rule.
            SurveyRules.CheckRespondentId(seed, "seed", errors);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var connection = await database.ForRequestAsync(request.HttpContext);
        var source = await QuestionnaireStore.LoadAsync(connection, opened, cancellationToken);

        var language = Languages.Choose(request, Languages.OfSurvey(source.Survey.Language));
        var chosenSeed = seed ?? QuestionnaireBuilder.NewSeed();
        var survey = source.Survey;
        var etag = QuestionnaireBuilder.ETagOf(
            new SurveyRowVersion(survey.Id, survey.Version, survey.DataVersion, survey.CreatedAt), language, chosenSeed, survey.RandomizeOrder);
        ETags.Set(response, etag);
        response.Headers.Vary = "Accept-Language";
        if (AnalysisRequest.ClientHas(request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(QuestionnaireBuilder.Build(source, language, chosenSeed));
    }
}
