using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KanoApi.Infrastructure;

/// <summary>
/// Authenticates a request by its <c>X-Api-Key</c> header against the hashed keys in the database, or against the keys
/// this instance found there in the last second (<see cref="ApiKeyCache"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Database database,
    ApiKeyCache knownKeys,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.ToString().Trim();
        var prefix = ApiKeys.PrefixOf(key);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (!knownKeys.TryFind(HashOnThisConnection(key), out var match))
        {
            var ticket = knownKeys.Begin();
            match = await FindAsync(key, prefix);
            if (match is null)
            {
                return AuthenticateResult.Fail("The API key is not valid.");
            }

            knownKeys.Keep(match, ticket);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(KanoClaims.KeyId, match.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(KanoClaims.WorkspaceId, match.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(KanoClaims.Scope, match.Scope),
                .. match.SurveyId is { } surveyId
                    ? [new Claim(KanoClaims.SurveyId, surveyId.ToString(System.Globalization.CultureInfo.InvariantCulture))]
                    : Array.Empty<Claim>(),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The key's hash, kept on the connection for its next request: a client sends the same key on every request of a
    /// keep-alive connection, and hashing it again each time was most of what authenticating a known key cost
    /// (decision 0028). The comparison takes the same time wherever the keys differ: behind a proxy one connection
    /// may carry several clients' keys. Whether the key is still valid is decided by <see cref="ApiKeyCache"/> each time.
    /// </summary>
    private string HashOnThisConnection(string key)
    {
        var items = Context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(ApiKeyAuthenticationHandler), out var kept) == true && kept is (string keptKey, string keptHash)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(keptKey.AsSpan()), System.Runtime.InteropServices.MemoryMarshal.AsBytes(key.AsSpan())))
        {
            return keptHash;
        }

        var hash = ApiKeys.Hash(key);
        if (items is not null)
        {
            items[typeof(ApiKeyAuthenticationHandler)] = (key, hash);
        }

        return hash;
    }

    /// <summary>The unrevoked key the presented one is, from the database.</summary>
    private async Task<AuthenticatedKey?> FindAsync(string key, string prefix)
    {
        var connection = await database.ForRequestAsync(Context);
        var candidates = await connection.QueryAsync<AuthenticatedKey>(new CommandDefinition(
            """
            SELECT id AS Id, workspace_id AS WorkspaceId, scope AS Scope, survey_id AS SurveyId, secret_hash AS SecretHash
            FROM api_keys
            WHERE prefix = @prefix AND revoked_at IS NULL
            """,
            new { prefix },
            cancellationToken: Context.RequestAborted));

        // Every candidate is compared in constant time, so the answer's timing says nothing about the secret.
        AuthenticatedKey? match = null;
        foreach (var candidate in candidates)
        {
            if (ApiKeys.Matches(key, candidate.SecretHash))
            {
                match = candidate;
            }
        }

        return match;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeys.HeaderName}\"";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = Request.Headers.ContainsKey(ApiKeys.HeaderName)
                    ? "The X-Api-Key header does not hold a valid, unrevoked API key."
                    : "Send an API key in the X-Api-Key header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"This API key's scope ({Context.User.FindFirst(KanoClaims.Scope)?.Value ?? "none"}) does not allow this operation.",
            },
        });
    }
}

public static class KanoClaims
{
    public const string KeyId = "kano:key";
    public const string WorkspaceId = "kano:workspace";
    public const string Scope = "kano:scope";
    public const string SurveyId = "kano:survey";

    /// <summary>The workspace the caller's key belongs to; every query is scoped by it.</summary>
    public static long WorkspaceIdOf(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirst(WorkspaceId)?.Value ?? throw new InvalidOperationException("The request is not authenticated."), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id of the caller's API key (Idempotency-Key records belong to it).</summary>
    public static long KeyIdOf(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirst(KeyId)?.Value ?? throw new InvalidOperationException("The request is not authenticated."), System.Globalization.CultureInfo.InvariantCulture);

    public static string? ScopeOf(this ClaimsPrincipal user) => user.FindFirst(Scope)?.Value;

    public static long? SurveyIdOf(this ClaimsPrincipal user) =>
        user.FindFirst(SurveyId)?.Value is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// Authorization policies, one per kind of operation (api-contract: key scopes). Deny by default: an endpoint
/// with no authorization metadata is for admin keys only, and <c>.RequireAuthorization()</c> without a policy
/// admits admin and read keys, never a collect key — a public survey form's key reaches nothing it was not
/// explicitly given.
/// </summary>
public static class Policies
{
    /// <summary>Reading: admin and read keys.</summary>
    public const string Read = "read";

    /// <summary>Changing surveys, features, wordings and keys: admin keys only.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// Posting responses: admin and collect keys; a collect key bound to a survey only for the route's
    /// <c>{surveyId}</c> (see <see cref="CollectSurveyRequirement"/>). Put it on the response POSTs:
    /// <c>.RequireAuthorization(Policies.Collect)</c>.
    /// </summary>
    public const string Collect = "collect";

    /// <summary>
    /// What a front-end needs to show a survey's questionnaire: admin, read and collect keys; a collect key bound to a
    /// survey only for its own (as <see cref="Collect"/>).
    /// </summary>
    public const string ReadOrCollect = "read-or-collect";

    public static IServiceCollection AddKanoAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CollectSurveyRequirement>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy.RequireClaim(KanoClaims.Scope, Scopes.Admin, Scopes.Read))
            .AddPolicy(Admin, policy => policy.RequireClaim(KanoClaims.Scope, Scopes.Admin))
            .AddPolicy(Collect, policy => policy
                .RequireClaim(KanoClaims.Scope, Scopes.Admin, Scopes.Collect)
                .AddRequirements(new CollectSurveyRequirement()))
            .AddPolicy(ReadOrCollect, policy => policy
                .RequireClaim(KanoClaims.Scope, Scopes.Admin, Scopes.Read, Scopes.Collect)
                .AddRequirements(new CollectSurveyRequirement()))
            // .RequireAuthorization() with no policy: any key that may read, never a collect key.
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireClaim(KanoClaims.Scope, Scopes.Admin, Scopes.Read).Build())
            // No authorization metadata at all: admin keys only, so a new endpoint cannot be public by accident.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireClaim(KanoClaims.Scope, Scopes.Admin).Build());
        return services;
    }
}

/// <summary>
/// A collect key bound to a survey (api_keys.survey_id) may post only to that survey: the route value
/// <c>surveyId</c> must equal the key's survey. Unbound collect keys and admin keys pass; a bound key on a
/// route without <c>{surveyId}</c> fails. The answer is 403, not 404: the caller already holds the survey id.
/// </summary>
public sealed class CollectSurveyRequirement
    : Microsoft.AspNetCore.Authorization.AuthorizationHandler<CollectSurveyRequirement>, Microsoft.AspNetCore.Authorization.IAuthorizationRequirement
{
    public const string RouteValue = "surveyId";

    protected override Task HandleRequirementAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context, CollectSurveyRequirement requirement)
    {
        if (context.User.ScopeOf() != Scopes.Collect || context.User.SurveyIdOf() is not { } boundSurvey)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var routeSurvey = (context.Resource as HttpContext)?.GetRouteValue(RouteValue)?.ToString();
        if (long.TryParse(routeSurvey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var surveyId)
            && surveyId == boundSurvey)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
