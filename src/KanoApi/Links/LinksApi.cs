using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Links;

/// <summary>
/// Links that open one survey to people without an API key: the hosted form (kind form) and the read-only report
/// (kind report). Made, listed and revoked by admin keys like keys are; the URL holds an unguessable token that is
/// answered once, at creation, and stored only as its hash. A revoked, expired or full link stops working on the
/// next request, because every public page resolves its token in the database.
/// </summary>
public static class LinksApi
{
    public static RouteGroupBuilder MapLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapSurveyScope("/links").WithTags("Links").RequireAuthorization(Policies.Admin);

        group.MapPost("/", Create)
            .WithName("CreateLink")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a form or report link")
            .WithDescription("""
                Answers 201 with the link's public URL (/f/{token} for a form, /r/{token} for a report), shown this once: only
                the token's SHA-256 hash is stored, so a lost URL is replaced by a new link, not recovered. The URL is built on
                the configured Kano:PublicBaseUrl, or on this request's scheme and host when that is unset. Optional: a name,
                an expiry (expiresAt, in the future), and for form links a maximum number of responses and the wave and
                segments every response through the link is filed under, and the audience: customers (the default) or staff,
                whose form asks "How would a customer feel if…" and whose answers go to the survey's staff audience, never
                into the customer analysis (GET /v1/surveys/{surveyId}/audiences compares the two).
                """);

        group.MapGet("/", List)
            .WithName("ListLinks")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a survey's links")
            .WithDescription("Oldest first, revoked and expired links included, each with its state; never a token or URL. Paginated with ?limit= and ?cursor=.");

        group.MapGet("/{linkId:long}", Get)
            .WithName("GetLink")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One link")
            .WithDescription("The link's prefix, name, limits, state and how many responses came through it; never its token.");

        group.MapDelete("/{linkId:long}", Revoke)
            .WithName("RevokeLink")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke a link")
            .WithDescription("From the next request on, the link's page answers the same 404 page as an unknown link. Revoking a revoked link changes nothing (204).");
        return group;
    }

    private static async Task<Results<Created<CreatedLink>, ValidationProblem, ProblemHttpResult>> Create(
        SurveyRow survey, CreateLink? body, Database database, HttpRequest request, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var (workspaceId, surveyId) = (survey.WorkspaceId, survey.Id);
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("$", "a JSON body is required");
            return errors.ToProblem();
        }

        var kind = body.Kind ?? LinkKinds.Form;
        if (!LinkKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("kind", "must be form or report");
        }

        var name = Text.NullIfBlank(body.Name);
        errors.CheckText("name", name, Limits.NameLength, name: true);
        if (body.ExpiresAt is { } expiresAt && expiresAt <= DateTimeOffset.UtcNow)
        {
            errors.Add("expiresAt", "must lie in the future");
        }

        if (body.MaxResponses is { } max && max < 1)
        {
            errors.Add("maxResponses", "must be at least 1 (leave it out for no limit)");
        }

        SurveyRules.CheckWave(body.Wave, "wave", errors);
        SurveyRules.CheckSegments(body.Segments, "segments", errors);
        var audience = body.Audience?.Trim().ToLowerInvariant() ?? StaffAudience.Customers;
        if (audience is not (StaffAudience.Customers or StaffAudience.Staff))
        {
            errors.Add("audience", $"must be {StaffAudience.Customers} or {StaffAudience.Staff}");
        }

        if (kind == LinkKinds.Report)
        {
            // A report only reads: what responses are filed under means nothing for it.
            foreach (var (field, given) in new[] { ("maxResponses", body.MaxResponses is not null), ("wave", body.Wave is not null), ("segments", body.Segments is not null), ("audience", body.Audience is not null) })
            {
                if (given)
                {
                    errors.Add(field, "only a form link takes responses; leave it out for a report link");
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var token = LinkTokens.Generate();
        await using var connection = await database.OpenAsync(cancellationToken);
        var wave = Text.NullIfBlank(body.Wave);
        var segments = body.Segments?.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value.Trim(), StringComparer.Ordinal);
        var createdAt = Clock.Now();
        var id = await LinkStore.CreateAsync(connection, workspaceId, surveyId, kind, token, name, body.ExpiresAt, body.MaxResponses, wave, segments, createdAt, audience, cancellationToken);
        var url = PublicAddress.Of(request, configuration, LinkKinds.PathOf(kind, token));
        return TypedResults.Created(
            $"/v1/surveys/{surveyId}/links/{id}",
            new CreatedLink(id, kind, url, token[..LinkTokens.PrefixLength], name, body.ExpiresAt?.ToUniversalTime(), body.MaxResponses, wave, segments, Clock.Parse(createdAt), audience));
    }

    private static async Task<Results<Ok<Page<LinkSummary>>, ValidationProblem, ProblemHttpResult>> List(
        SurveyRow survey, [AsParameters] PageQuery page, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await LinkStore.ListAsync(connection, survey.WorkspaceId, survey.Id, after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.ToSummary()));
    }

    private static async Task<Results<Ok<LinkSummary>, ProblemHttpResult>> Get(
        SurveyRow survey, long linkId, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await LinkStore.FindAsync(connection, survey.WorkspaceId, survey.Id, linkId, cancellationToken);
        return row is null ? LinkNotFound(survey.Id, linkId) : TypedResults.Ok(row.ToSummary());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        SurveyRow survey, long linkId, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await LinkStore.RevokeAsync(connection, survey.WorkspaceId, survey.Id, linkId, cancellationToken)
            ? TypedResults.NoContent()
            : LinkNotFound(survey.Id, linkId);
    }

    private static ProblemHttpResult LinkNotFound(long surveyId, long linkId) =>
        Problems.NotFound($"Survey {surveyId} of this workspace has no link {linkId}.");
}
