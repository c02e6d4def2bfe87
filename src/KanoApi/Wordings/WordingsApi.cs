using System.Data.Common;
using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Responses;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Wordings;

public static class WordingsApi
{
    public static RouteGroupBuilder MapWordings(this IEndpointRouteBuilder app)
    {
        var group = app.MapSurveyScope("/wordings").WithTags("Wordings");

        group.MapPut("/", PutWordings)
            .RequireAuthorization(Policies.Admin)
            .WithName("PutWordings")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Set the extra answer wordings a survey accepts")
            .WithDescription($"Replaces the survey's extra wordings. At most {Limits.WordingsPerAnswer} per answer, {Limits.WordingLength} characters each; a wording that already means another answer (a code, a position or another list's wording) is rejected.");

        group.MapGet("/", GetWordings)
            .RequireAuthorization(Policies.Read)
            .WithName("GetWordings")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get the extra answer wordings a survey accepts")
            .WithDescription("Every answer's list, empty when the survey has none.");

        return group;
    }

    private static async Task<Results<Ok<SurveyWordings>, ValidationProblem, ProblemHttpResult>> PutWordings(
        SurveyRow survey, SurveyWordings? body, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        var chosen = new Dictionary<string, (Answer Answer, string Path)>(StringComparer.OrdinalIgnoreCase);
        var rows = new List<(Answer Answer, string Wording)>();
        foreach (var (answer, name, list) in ListsOf(body))
        {
            if (list is null)
            {
                continue;
            }

            if (list.Count > Limits.WordingsPerAnswer)
            {
                errors.Add(name, $"must hold at most {Limits.WordingsPerAnswer} wordings (holds {list.Count})");
            }

            for (var i = 0; i < list.Count; i++)
            {
                var path = $"{name}[{i}]";
                var wording = list[i];
                if (string.IsNullOrWhiteSpace(wording))
                {
                    errors.Add(path, "must not be empty");
                    continue;
                }

                // Stored as given (trimmed, composed); compared in the parser's matching form.
                var given = wording.Trim().Normalize(System.Text.NormalizationForm.FormC);
                var normalized = AnswerParser.Normalize(wording);
                if (given.Length > Limits.WordingLength)
                {
                    errors.Add(path, $"must be at most {Limits.WordingLength} characters (is {given.Length})");
                }
                else if (Text.Unprintable(given) is { } reason)
                {
                    errors.Add(path, reason);
                }
                else if (AnswerParser.BuiltIn.TryParse(normalized, out var builtIn) && builtIn != answer)
                {
                    errors.Add(path, $"already means {KanoNames.Code(builtIn)}");
                }
                else if (chosen.TryGetValue(normalized, out var earlier))
                {
                    if (earlier.Answer != answer)
                    {
                        errors.Add(path, $"is also listed as {earlier.Path}; a wording may mean only one answer");
                    }
                }
                else
                {
                    chosen[normalized] = (answer, path);
                    rows.Add((answer, given));
                }
            }
        }

        var surveyId = survey.Id;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken);
        if (transaction is null)
        {
            return Problems.SurveyNotFound(surveyId); // deleted since the scope opened it
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await WordingStore.ReplaceAsync(connection, transaction, surveyId, rows, cancellationToken);
        await SurveyStore.BumpDataVersionAsync(connection, transaction, surveyId, cancellationToken);
        var stored = await WordingStore.ReadAsync(connection, surveyId, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToContract(stored));
    }

    private static async Task<Ok<SurveyWordings>> GetWordings(
        SurveyRow survey, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return TypedResults.Ok(ToContract(await WordingStore.ReadAsync(connection, survey.Id, null, cancellationToken)));
    }

    /// <summary>A survey's extra wordings, as the answer reader takes them.</summary>
    private static SurveyWordings ToContract(IReadOnlyList<KeyValuePair<Answer, string>> stored)
    {
        string[] Of(Answer answer) => stored.Where(pair => pair.Key == answer).Select(pair => pair.Value).ToArray();
        return new SurveyWordings(Of(Answer.Like), Of(Answer.MustBe), Of(Answer.Neutral), Of(Answer.LiveWith), Of(Answer.Dislike));
    }

    private static IEnumerable<(Answer Answer, string Name, IReadOnlyList<string>? List)> ListsOf(SurveyWordings body) =>
    [
        (Answer.Like, "like", body.Like),
        (Answer.MustBe, "must-be", body.MustBe),
        (Answer.Neutral, "neutral", body.Neutral),
        (Answer.LiveWith, "live-with", body.LiveWith),
        (Answer.Dislike, "dislike", body.Dislike),
    ];
}
