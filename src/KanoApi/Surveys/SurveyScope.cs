using System.Globalization;
using KanoApi.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Surveys;

/// <summary>
/// The gate of every endpoint under <c>/v1/surveys/{surveyId}</c>, as <see cref="Pages.LinkPages.OpenedByLink"/> is
/// the gate of the pages a link opens: before the handler runs, the survey is read once (in the caller's workspace:
/// another workspace's survey is as missing as a missing one) and a missing survey is answered here with
/// <see cref="Problems.SurveyNotFound"/>, the same 404 problem on every route. The handler takes the survey as a
/// <see cref="SurveyRow"/> parameter and never checks it again, except under a write transaction's row lock
/// (<see cref="SurveyStore.BeginWriteAsync"/>), where a survey deleted since is answered with the same problem.
/// A rule every survey-scoped request obeys (say, "an archived survey is read-only") goes in <see cref="Open"/>,
/// once, and holds for every route of every resource mapped with <see cref="MapSurveyScope"/>.
/// </summary>
public static class SurveyScope
{
    public const string Route = "/v1/surveys/{" + SurveyIdRouteValue + ":long}";
    public const string SurveyIdRouteValue = "surveyId";
    private static readonly object ItemKey = new();

    /// <summary>A route group at <c>/v1/surveys/{surveyId}</c> + <paramref name="prefix"/> whose every endpoint is opened by the survey.</summary>
    public static RouteGroupBuilder MapSurveyScope(this IEndpointRouteBuilder app, string prefix = "")
    {
        var group = app.MapGroup(Route + prefix);
        group.AddEndpointFilter(Open);
        group.WithMetadata(OpenedBySurvey.Instance);
        return group;
    }

    private static async ValueTask<object?> Open(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await FindAsync(http) is null)
        {
            return Problems.SurveyNotFound(SurveyIdOf(http));
        }

        // The place for a rule every request about a survey obeys, e.g. refusing writes to an archived survey.
        if (Audiences.StaffAudience.Refusal(http) is { } refused)
        {
            return refused;
        }

        return await next(context);
    }

    /// <summary>
    /// The request's survey (with <c>?audience=staff</c> on an endpoint that takes it, the survey's staff audience),
    /// read once per request on the request's connection (shared with authentication) unless
    /// this instance read it in the last second (<see cref="SurveyHeads"/>, decision 0021), or null when the caller's
    /// workspace has none with the route's id. Both <see cref="Open"/> and the handler's
    /// <see cref="SurveyRow"/> parameter (<see cref="SurveyRow.BindAsync"/>, bound before the filter runs) come here.
    /// </summary>
    internal static async ValueTask<SurveyRow?> FindAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var opened))
        {
            return (SurveyRow?)opened;
        }

        var database = http.RequestServices.GetRequiredService<Database>();
        var survey = await http.RequestServices.GetRequiredService<SurveyHeads>().FindAsync(
            database, http, http.User.WorkspaceIdOf(), SurveyIdOf(http), http.RequestAborted);
        if (survey is not null && Audiences.StaffAudience.WantsStaff(http))
        {
            // The survey's staff audience stands in for it: the handler reads and writes staff answers only (decision 0024).
            survey = await Audiences.StaffAudience.OpenAsync(await database.ForRequestAsync(http), survey, http.RequestAborted);
        }

        http.Items[ItemKey] = survey;
        return survey;
    }

    /// <summary>Whether the endpoint is in a survey scope (<see cref="MapSurveyScope"/>).</summary>
    internal static bool IsOpenedBySurvey(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<OpenedBySurvey>() is not null;

    private static long SurveyIdOf(HttpContext http) =>
        long.Parse(Convert.ToString(http.GetRouteValue(SurveyIdRouteValue), CultureInfo.InvariantCulture)!, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Marks an endpoint as opened by its survey.</summary>
    private sealed class OpenedBySurvey
    {
        public static readonly OpenedBySurvey Instance = new();
    }

    /// <summary>
    /// Documents <c>surveyId</c> as the first path parameter of every operation in a scope: a handler that takes the
    /// opened <see cref="SurveyRow"/> binds no <c>long surveyId</c> of its own, so the API explorer would not list it.
    /// </summary>
    internal sealed class SurveyIdParameter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OpenedBySurvey>().Any()
                || operation.Parameters?.Any(parameter => parameter.Name == SurveyIdRouteValue) == true)
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = SurveyIdRouteValue,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            });
        }
    }
}
