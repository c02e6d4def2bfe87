using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Responses.Import;

/// <summary>Mappings saved on a survey under a name, so the next wave's export from the same tool imports with ?mapping=&lt;name&gt;.</summary>
public static class ImportMappingsApi
{
    public const int NameLength = 100;

    public static RouteGroupBuilder MapImportMappings(this IEndpointRouteBuilder app)
    {
        var group = app.MapSurveyScope("/import-mappings").WithTags("Responses");

        group.MapGet("/", ListMappings)
            .RequireAuthorization(Policies.ReadOrCollect)
            .WithName("ListImportMappings")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List the survey's saved import mappings")
            .WithDescription("By name; each as the import takes it.");

        group.MapGet("/{name}", GetMapping)
            .RequireAuthorization(Policies.ReadOrCollect)
            .WithName("GetImportMapping")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one saved import mapping");

        group.MapPut("/{name}", PutMapping)
            .RequireAuthorization(Policies.Admin)
            .WithName("PutImportMapping")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Save an import mapping under a name")
            .WithDescription("""
                Saves the mapping (as POST …/responses/import/preview answers it, reviewed) on the survey under the name, replacing
                one saved before under it: 201 when new, 200 when replaced. Checked as far as it can be without a file: header rows
                1-3, targets, features (a 400 names an unknown one), no feature side mapped twice, the value map's answer codes.
                Import the next file from the same tool with POST …/responses/import?mapping=<name>.
                """);

        group.MapDelete("/{name}", DeleteMapping)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteImportMapping")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a saved import mapping");

        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<SavedImportMapping>>, ProblemHttpResult>> ListMappings(
        SurveyRow survey, Database database, HttpContext http, CancellationToken cancellationToken)
    {
        var connection = await database.ForRequestAsync(http);
        return TypedResults.Ok(await ImportMappingStore.ListAsync(connection, survey.Id, cancellationToken));
    }

    private static async Task<Results<Ok<SavedImportMapping>, ProblemHttpResult>> GetMapping(
        SurveyRow survey, string name, Database database, HttpContext http, CancellationToken cancellationToken)
    {
        var connection = await database.ForRequestAsync(http);
        return await ImportMappingStore.FindAsync(connection, survey.Id, name, null, cancellationToken) is { } saved
            ? TypedResults.Ok(saved)
            : NoSuchMapping(survey.Id, name);
    }

    private static async Task<Results<Created<SavedImportMapping>, Ok<SavedImportMapping>, ValidationProblem, ProblemHttpResult>> PutMapping(
        SurveyRow survey, string name, ImportMapping? body, Database database, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        var errors = new ValidationErrors();
        errors.CheckText("name", name, NameLength, required: true, name: true);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (body is null)
        {
            errors.Add("$", "a JSON body is required: the mapping");
        }
        else
        {
            MappingRules.Check(body, await SurveyQuestionnaire.LoadAsync(connection, surveyId, null, cancellationToken), errors);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Only what a mapping says is kept: a preview's how and confidence are its explanation, not part of it.
        var mapping = body! with { Columns = body.Columns!.Select(column => column with { How = null, Confidence = null }).ToArray() };
        // Saved under the survey's row lock: a survey deleted since the scope opened it is a 404, never a broken row.
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId);
        }

        var created = await ImportMappingStore.SaveAsync(connection, transaction, surveyId, name, mapping, cancellationToken);
        var saved = (await ImportMappingStore.FindAsync(connection, surveyId, name, transaction, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return created
            ? TypedResults.Created($"/v1/surveys/{surveyId}/import-mappings/{Uri.EscapeDataString(name)}", saved)
            : TypedResults.Ok(saved);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteMapping(
        SurveyRow survey, string name, Database database, HttpContext http, CancellationToken cancellationToken)
    {
        var connection = await database.ForRequestAsync(http);
        return await ImportMappingStore.DeleteAsync(connection, survey.Id, name, cancellationToken)
            ? TypedResults.NoContent()
            : NoSuchMapping(survey.Id, name);
    }

    internal static ProblemHttpResult NoSuchMapping(long surveyId, string name) =>
        Problems.NotFound($"Survey {surveyId} has no saved import mapping named '{ResponseReading.Truncate(name)}'.");
}
