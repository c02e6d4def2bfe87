using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using KanoApi.Features;
using KanoApi.Infrastructure;
using KanoApi.Links;
using KanoApi.Questionnaire;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Audiences;

/// <summary>
/// The staff audience of a survey (issue 21, gap 1; decision 0024): staff answer the survey's questions as they believe
/// its customers would. Their answers live in a hidden companion survey (<c>surveys.staff_of</c>), made on first use,
/// whose features mirror the customer survey's (<see cref="FeatureStore.MirrorToStaffAsync"/>). Every aggregate, count,
/// read, webhook and export is keyed by survey, so staff answers cannot reach the customer analysis by any path that
/// forgets a filter: there is no filter to forget.
/// The companion is never listed and never found by its own id (<see cref="SurveyStore.FindAsync"/>): a request
/// reaches it through the customer survey's address with <c>?audience=staff</c>, on the endpoints that accept it
/// (<see cref="AcceptsAudience"/>), and <see cref="SurveyScope"/> hands their handlers the companion as the request's
/// <see cref="SurveyRow"/>. Elsewhere the option is refused with a problem naming the routes that take it.
/// </summary>
public static class StaffAudience
{
    public const string QueryName = "audience";
    public const string Customers = "customers";
    public const string Staff = "staff";

    /// <summary>The routes that take the option, for the problem that refuses it elsewhere.</summary>
    private const string Where = "responses (…/responses, …/batch, …/import), the analysis and backlog reads and the questionnaire";

    /// <summary>Marks the endpoints of a group as taking <c>?audience=customers|staff</c>.</summary>
    public static TBuilder AcceptsAudience<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Accepted.Instance);

    /// <summary>The audience the request asks for: null when it names none, "customers" or "staff".</summary>
    internal static string? AskedFor(HttpContext http) =>
        http.Request.Query.TryGetValue(QueryName, out var values) ? values.ToString().Trim().ToLowerInvariant() : null;

    /// <summary>Whether the request asks for the staff audience on an endpoint that takes one.</summary>
    internal static bool WantsStaff(HttpContext http) =>
        AskedFor(http) == Staff && http.GetEndpoint()?.Metadata.GetMetadata<Accepted>() is not null;

    /// <summary>The problem for an audience option the endpoint does not take or a value that is not an audience; null when the request is fine.</summary>
    internal static ValidationProblem? Refusal(HttpContext http)
    {
        if (AskedFor(http) is not { } asked)
        {
            return null;
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<Accepted>() is null)
        {
            return Problems.Validation(
                new Dictionary<string, string[]> { [QueryName] = [$"this endpoint serves the survey as a whole; the audience option applies to {Where} only"] },
                "The audience option does not apply here.");
        }

        return asked is Customers or Staff
            ? null
            : Problems.Validation(new Dictionary<string, string[]> { [QueryName] = [$"must be {Customers} or {Staff}"] });
    }

    /// <summary>
    /// SQL for the survey whose settings and wordings <paramref name="surveyId"/> (an SQL expression) uses: its own, or
    /// for a staff audience its customer survey's.
    /// </summary>
    internal static string CustomerSurveyOf(string surveyId) =>
        $"COALESCE((SELECT staff_of FROM surveys WHERE id = {surveyId}), {surveyId})";

    /// <summary>
    /// The staff audience of <paramref name="survey"/>, made now (with its mirrored features) if it has none yet. The
    /// customer survey's row is held while it is made, so two first uses make one companion.
    /// </summary>
    internal static async Task<SurveyRow?> OpenAsync(DbConnection connection, SurveyRow survey, CancellationToken cancellationToken)
    {
        if (await SurveyStore.FindStaffAsync(connection, survey.WorkspaceId, survey.Id, null, cancellationToken) is { } found)
        {
            return found;
        }

        await using (var transaction = await SurveyStore.BeginWriteAsync(connection, survey, cancellationToken))
        {
            if (transaction is null)
            {
                return null; // deleted since it was opened
            }

            if (await SurveyStore.FindStaffAsync(connection, survey.WorkspaceId, survey.Id, transaction, cancellationToken) is null)
            {
                // The companion takes the survey's settings (kept in step by SurveyStore.UpdateAsync) and is counted by
                // nothing: it is not a survey of the workspace's own.
                await CreateAsync(connection, transaction, survey.Id, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return await SurveyStore.FindStaffAsync(connection, survey.WorkspaceId, survey.Id, null, cancellationToken);
    }

    /// <summary>
    /// Makes the staff audience of survey <paramref name="surveyId"/>, which has none, in the caller's transaction (which
    /// holds the survey's row): the companion takes the survey's settings (kept in step by SurveyStore.UpdateAsync), is
    /// counted by nothing (it is not a survey of the workspace's own), and gets a mirror of each feature.
    /// </summary>
    internal static async Task CreateAsync(DbConnection connection, DbTransaction transaction, long surveyId, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO surveys (workspace_id, staff_of, name, description, language, answer_wording, randomize_order,
                                 ask_importance, ask_satisfaction, ask_service_quality, intro_en, intro_vi, thank_you_en,
                                 thank_you_vi, title_en, title_vi, asked_by, features_per_step, created_at, updated_at)
            SELECT workspace_id, id, name, description, language, answer_wording, randomize_order,
                   ask_importance, ask_satisfaction, ask_service_quality, intro_en, intro_vi, thank_you_en,
                   thank_you_vi, title_en, title_vi, asked_by, features_per_step, @now, @now
            FROM surveys WHERE id = @surveyId
            """,
            new { surveyId, now = Clock.Now() },
            transaction,
            cancellationToken: cancellationToken));
        await FeatureStore.MirrorToStaffAsync(connection, transaction, surveyId, cancellationToken);
    }

    /// <summary>
    /// What a form link asks and where its answers go: the questionnaire of its survey, or for a staff link of the
    /// survey's staff audience (made now if it has none yet); null when the link's survey is gone.
    /// </summary>
    internal static async Task<QuestionnaireSource?> FormSourceAsync(DbConnection connection, ActiveLink link, CancellationToken cancellationToken)
    {
        var source = await QuestionnaireStore.LoadAsync(connection, link.WorkspaceId, link.SurveyId, cancellationToken);
        if (source is null || link.Audience != Staff)
        {
            return source;
        }

        return await OpenAsync(connection, source.Survey, cancellationToken) is { } staff
            ? await QuestionnaireStore.LoadAsync(connection, staff, cancellationToken)
            : null;
    }

    /// <summary>Marks an endpoint as taking the audience option.</summary>
    private sealed class Accepted
    {
        public static readonly Accepted Instance = new();
    }

    /// <summary>Documents <c>audience</c> on every operation that takes it (<see cref="AcceptsAudience"/>).</summary>
    internal sealed class AudienceParameter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Accepted>().Any())
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = QueryName,
                In = ParameterLocation.Query,
                Description = "customers (the default) or staff: the survey's staff audience, who answer as they believe customers would; "
                    + "their answers are kept apart and never count in the customer analysis (decision 0024).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [(JsonNode)JsonValue.Create(Customers)!, JsonValue.Create(Staff)!] },
            });
        }
    }
}
