using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Infrastructure;

/// <summary>RFC 9457 problem details for every error the service returns.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IServiceCollection AddKanoProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                UnsupportedMediaType.Describe(context.HttpContext, problem);
            }

            problem.Detail ??= DefaultDetail(problem.Status);
        });
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        // Malformed bodies become exceptions that the handler above turns into 400 problems, in every environment.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// An address no endpoint serves is 404 for everyone, key or not: the authorization fallback policy
    /// would otherwise answer 401 for a mistyped path, which sends a caller looking in the wrong place.
    /// </summary>
    public static IApplicationBuilder UseUnknownRoutesAsNotFound(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

    /// <summary>
    /// A known path with a method it does not have (HEAD, or PUT on a GET-only path) answers 405 with <c>Allow</c> to
    /// every valid key, whatever its scope. Routing's 405 endpoint carries no authorization metadata, so the fallback
    /// policy (admin only) used to answer 403 to read and collect keys and 405 to admin keys. Without a valid key the
    /// request goes on to authorization and gets 401, like any other — except on a public page's path, which needs no
    /// key, so everyone is answered 405 there.
    /// </summary>
    public static IApplicationBuilder UseMethodNotAllowedForEveryKey(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            context.GetEndpoint() is { DisplayName: MethodNotAllowedEndpoint, RequestDelegate: { } answer }
                && (context.User.Identity?.IsAuthenticated == true || KanoApi.Pages.PublicPages.IsUnderPublicPage(context))
                ? answer(context)
                : next(context));

    /// <summary>The display name ASP.NET Core routing gives the endpoint it selects when only the method does not match.</summary>
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    /// <summary>A 400 validation problem whose <c>errors</c> are keyed by field path (the same shape as <see cref="ValidationErrors"/>).</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null)
    {
        var collected = new ValidationErrors();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                collected.Add(field, message);
            }
        }

        return collected.ToProblem(detail);
    }

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The one answer for a survey the caller's workspace does not have (missing, or another workspace's).</summary>
    public static ProblemHttpResult SurveyNotFound(long surveyId) =>
        NotFound($"There is no survey {surveyId} in this workspace.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");

    private static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "No resource exists at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept this HTTP method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "This endpoint does not accept this Content-Type.",
        _ => null,
    };
}

/// <summary>
/// Turns exceptions into problem details: bad requests the framework detects (malformed JSON, a body too large)
/// keep their 4xx status with a safe message; anything else is a 500 that names no internals, only a traceId.
/// </summary>
public sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException badRequest => BadRequestProblem(badRequest),
            System.Data.Common.DbException database when StorageProvider.IsUnavailable(database) => UnavailableProblem(httpContext),
            System.Data.Common.DbException database when StorageProvider.IsTransient(database) => BusyProblem(httpContext),
            IdempotencyClaimLostException lost => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = lost.Message,
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The server could not complete the request. Quote the traceId when you report it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The database stayed busy past the wait: a 503 the client may retry, not a 500.</summary>
    private static ProblemDetails BusyProblem(HttpContext httpContext) => ServiceUnavailable(httpContext, retryAfterSeconds: 1,
        "The database is busy.",
        "Another write held the database for too long; nothing of this request was stored. Retry after the Retry-After delay.");

    /// <summary>
    /// The database server cannot be reached (an outage, a restart): a 503 that says so, not that another write was
    /// slow. A write whose connection broke at its commit may have been stored, so it does not claim that nothing was.
    /// </summary>
    private static ProblemDetails UnavailableProblem(HttpContext httpContext) => ServiceUnavailable(httpContext, retryAfterSeconds: 5,
        "The database is unavailable.",
        "The database is unavailable: the service could not reach it or lost its connection. Retry after the Retry-After delay; retry a write with the same Idempotency-Key to store it once.");

    private static ProblemDetails ServiceUnavailable(HttpContext httpContext, int retryAfterSeconds, string title, string detail)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };
    }

    private static ProblemDetails BadRequestProblem(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = "Payload too large" };
        }

        if (exception.InnerException is JsonException json)
        {
            var field = FieldPath(json.Path);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [JsonMessage(json)],
            })
            {
                Status = exception.StatusCode,
                Title = "The request body is not valid JSON for this operation.",
                Detail = "The body could not be read; see errors.",
            };
        }

        // The framework's binding messages name CLR types and parameters ("Failed to bind parameter \"Nullable<int>
        // MaxQuestionable\" from \"abc\"."); answer in API words, keyed by the parameter as the client sent it.
        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return Invalid(exception.StatusCode, char.ToLowerInvariant(name[0]) + name[1..],
                $"'{bind.Groups["value"].Value}' is not {Described(bind.Groups["type"].Value)}");
        }

        if (RequiredMissing().Match(exception.Message) is { Success: true } required)
        {
            var name = required.Groups["name"].Value;
            return Invalid(exception.StatusCode, char.ToLowerInvariant(name[0]) + name[1..], "is required");
        }

        if (exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            || exception.Message.Contains("body was provided", StringComparison.Ordinal))
        {
            return Invalid(exception.StatusCode, "$", "a JSON body is required");
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "Bad request",
            Detail = ClrTypeName().Replace(exception.Message, "the expected value"),
        };
    }

    private static HttpValidationProblemDetails Invalid(int status, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = "The request is invalid.",
            Detail = "One or more fields are invalid; see errors.",
        };

    private static string Described(string clrType) => clrType switch
    {
        _ when clrType.Contains("int", StringComparison.OrdinalIgnoreCase) || clrType.Contains("long", StringComparison.OrdinalIgnoreCase) => "an integer",
        _ when clrType.Contains("double", StringComparison.OrdinalIgnoreCase) || clrType.Contains("decimal", StringComparison.OrdinalIgnoreCase) => "a number",
        _ when clrType.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ => "a valid value",
    };

    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    [System.Text.RegularExpressions.GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>\w+)" was not provided""")]
    private static partial System.Text.RegularExpressions.Regex RequiredMissing();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(KanoApi|Kano|System|Microsoft)(\.[A-Za-z_][\w`]*)+(\[[^\]]*\])?")]
    private static partial System.Text.RegularExpressions.Regex ClrTypeName();

    /// <summary>"$.answers[3].functional" → "answers[3].functional"; the whole body is "$".</summary>
    internal static string FieldPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "$";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    private static string JsonMessage(JsonException json)
    {
        // A \uD83D escape without its pair is JSON, but no text: say so rather than "could not be converted to a string".
        if (json.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("surrogate", StringComparison.Ordinal))
        {
            return "must not contain a lone surrogate (a \\uD800-\\uDFFF escape without its pair): it is half of a character, not text";
        }

        // System.Text.Json messages name the CLR type ("could not be converted to System.Int32"); say it in API words.
        var message = json.Message;
        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            // AllowDuplicateProperties = false (Json.ConfigureKano); the path already names the property.
            return "is given more than once: each property may appear only once in an object";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        message = message
            .Replace("System.Int32", "an integer", StringComparison.Ordinal)
            .Replace("System.Int64", "an integer", StringComparison.Ordinal)
            .Replace("System.Double", "a number", StringComparison.Ordinal)
            .Replace("System.String", "a string", StringComparison.Ordinal)
            .Replace("System.Boolean", "a boolean", StringComparison.Ordinal);
        // Any other type is one of ours (a request record, a list of them): the client needs the shape, not the name.
        return ClrTypeName().Replace(message, "the expected object or array");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error handling {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
