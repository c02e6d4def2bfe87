using System.Security.Claims;
using System.Text.Json.Nodes;
using KanoApi.Infrastructure;
using KanoApi.Keys;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KanoApi.Webhooks;

/// <summary>
/// A workspace's webhook endpoints (admin keys only): where its events are POSTed, signed per the Standard Webhooks
/// specification with a secret shown once, as API keys are. Deliveries and their attempts are listed per endpoint,
/// and any delivery can be sent again by hand. Decision 0016 records the outbox and the delivery worker.
/// </summary>
public static class WebhooksApi
{
    /// <summary>An endpoint names at most this many surveys (more: leave the filter out and take every survey).</summary>
    public const int SurveysPerEndpoint = 100;

    /// <summary>The longest grace period of a rotation: a week.</summary>
    public const int MaximumGracePeriodMinutes = 7 * 24 * 60;

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);

        group.MapGet("/event-types", EventTypes)
            .WithName("ListWebhookEventTypes")
            .WithSummary("The event types an endpoint can ask for")
            .WithDescription("Each type carries its version (`.v1`); an incompatible change to an event's data would come as a new type.");

        group.MapPost("/", Create)
            .WithName("CreateWebhook")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a webhook endpoint")
            .WithDescription("""
                Events of the types asked for (optionally only of some surveys) are POSTed to `url` as JSON
                (`{"type", "timestamp", "data"}`), signed per the Standard Webhooks specification: headers
                `webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
                over `id.timestamp.body`). The answer carries the signing secret (`whsec_…`) this once. The URL must be
                https and reach only public addresses (checked now and again at every delivery, after DNS resolution);
                loopback, private and link-local addresses are refused unless the operator allows them. A workspace
                holds at most 20 endpoints by default (409 past that).
                """);

        group.MapGet("/", List)
            .WithName("ListWebhooks")
            .WithSummary("List the workspace's webhook endpoints")
            .WithDescription("Oldest first, with each endpoint's state: active, failing (with the reason) or disabled (with the reason). Never a secret.");

        group.MapGet("/{webhookId:long}", Get)
            .WithName("GetWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One webhook endpoint")
            .WithDescription("Its address, events, surveys and state; never its secret.");

        group.MapPatch("/{webhookId:long}", Update)
            .WithName("UpdateWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Change a webhook endpoint")
            .WithDescription("Fields left out stay as they are; a new URL is checked as at creation. Deliveries already queued go to the new URL.");

        group.MapDelete("/{webhookId:long}", Delete)
            .WithName("DeleteWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a webhook endpoint")
            .WithDescription("With its queued deliveries and its delivery log.");

        group.MapPost("/{webhookId:long}/disable", Disable)
            .WithName("DisableWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Disable a webhook endpoint")
            .WithDescription("Nothing is sent to it until it is enabled again; new events are not queued for it meanwhile, queued ones wait.");

        group.MapPost("/{webhookId:long}/enable", Enable)
            .WithName("EnableWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enable a webhook endpoint")
            .WithDescription("Also after the receiver answered 410 Gone. Queued deliveries are attempted again.");

        group.MapPost("/{webhookId:long}/rotate-secret", RotateSecret)
            .WithName("RotateWebhookSecret")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Rotate an endpoint's signing secret")
            .WithDescription("""
                Answers the new secret this once. During the grace period (default a day, at most a week, 0 for none)
                every delivery carries two signatures, space-separated in `webhook-signature`: one by the new secret and
                one by the previous, so receivers can switch secrets without losing an event.
                """);

        group.MapPost("/{webhookId:long}/test", SendTest)
            .WithName("SendWebhookTest")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a test event")
            .WithDescription("Queues a `webhook.test.v1` event for this endpoint only (whatever it asked for); its delivery log shows the attempt.");

        group.MapGet("/{webhookId:long}/deliveries", ListDeliveries)
            .WithName("ListWebhookDeliveries")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An endpoint's deliveries")
            .WithDescription("Oldest first: each event sent or to be sent to the endpoint, with its state, attempts and last outcome.");

        group.MapGet("/{webhookId:long}/deliveries/{deliveryId:long}", GetDelivery)
            .WithName("GetWebhookDelivery")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One delivery with its attempts")
            .WithDescription("Each attempt's start, duration, HTTP status or error, and the first 1,024 bytes of the receiver's answer.");

        group.MapPost("/{webhookId:long}/deliveries/{deliveryId:long}/redeliver", Redeliver)
            .WithName("RedeliverWebhook")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a delivery again")
            .WithDescription("Queues the same event (same `webhook-id`) for another attempt now, with a fresh retry window, whatever its state.");
        return group;
    }

    private static Ok<IReadOnlyList<WebhookEventType>> EventTypes() => TypedResults.Ok(WebhookEventTypes.Subscribable);

    private static async Task<Results<Created<CreatedWebhook>, ValidationProblem, ProblemHttpResult>> Create(
        CreateWebhook request, ClaimsPrincipal user, Database database, IOptions<WebhookOptions> options, IHostEnvironment environment,
        CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        var errors = new ValidationErrors();
        await using var connection = await database.OpenAsync(cancellationToken);
        var values = await CheckAsync(request.Url, request.Events, request.SurveyIds, request.Description, null, workspaceId, connection, options.Value, environment, errors, cancellationToken);
        if (values is null)
        {
            return errors.ToProblem();
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The workspace row is held until commit, so two endpoints made at once on two instances count each other.
        await KeyStore.LockWorkspaceAsync(connection, transaction, workspaceId, cancellationToken);
        var limit = options.Value.EndpointsPerWorkspace;
        if (await WebhookStore.CountAsync(connection, transaction, workspaceId, cancellationToken) >= limit)
        {
            return Problems.Conflict($"The workspace already has {limit} webhook endpoints, the most it may hold; delete one it no longer needs first.");
        }

        var secret = WebhookSignature.NewSecret();
        var createdAt = Clock.Now();
        var id = await WebhookStore.InsertAsync(connection, transaction, workspaceId, values, secret, createdAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created(
            $"/v1/webhooks/{id}",
            new CreatedWebhook(id, values.Url, values.Events, values.SurveyIds, values.Description, secret, Clock.Parse(createdAt)));
    }

    /// <summary>
    /// Checks an endpoint's fields (a field null in an update keeps <paramref name="current"/>'s value) and answers them
    /// normalised, or null with <paramref name="errors"/> filled.
    /// </summary>
    private static async Task<EndpointValues?> CheckAsync(
        string? url, IReadOnlyList<string>? events, IReadOnlyList<long>? surveyIds, string? description, EndpointRow? current, long workspaceId,
        System.Data.Common.DbConnection connection, WebhookOptions options, IHostEnvironment environment, ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        string? checkedUrl = current?.Url;
        if (current is null || url is not null)
        {
            var (parsed, error) = await new WebhookAddresses(options).CheckUrlAsync(url, options.HttpAllowedIn(environment), cancellationToken);
            if (error is not null)
            {
                errors.Add("url", error);
            }

            checkedUrl = parsed?.AbsoluteUri;
        }

        IReadOnlyList<string>? wanted = current?.EventList;
        if (current is null || events is not null)
        {
            if (events is null || events.Count == 0)
            {
                errors.Add("events", $"must name at least one event type: {string.Join(", ", WebhookEventTypes.Subscribable.Select(type => type.Type))}");
            }
            else
            {
                for (var i = 0; i < events.Count; i++)
                {
                    if (events[i] is null || !WebhookEventTypes.IsSubscribable(events[i]))
                    {
                        errors.Add($"events[{i}]", $"is not an event type; use one of {string.Join(", ", WebhookEventTypes.Subscribable.Select(type => type.Type))}");
                    }
                }

                wanted = events.Distinct(StringComparer.Ordinal).ToArray();
            }
        }

        IReadOnlyList<long>? surveys = current?.SurveyIdList;
        if (current is null || surveyIds is not null)
        {
            surveys = surveyIds is null || surveyIds.Count == 0 ? null : surveyIds.Distinct().ToArray();
            if (surveys?.Count > SurveysPerEndpoint)
            {
                errors.Add("surveyIds", $"must name at most {SurveysPerEndpoint} surveys; leave it out for every survey");
            }
            else
            {
                for (var i = 0; i < (surveyIds?.Count ?? 0); i++)
                {
                    // Another workspace's survey reads exactly as a missing one.
                    if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyIds![i], null, cancellationToken))
                    {
                        errors.Add($"surveyIds[{i}]", "no survey with this id in this workspace");
                    }
                }
            }
        }

        var text = current is null || description is not null ? Text.NullIfBlank(description) : current.Description;
        errors.CheckText("description", text, Limits.NameLength, name: true);
        return errors.Any ? null : new EndpointValues(checkedUrl!, text, wanted!, surveys);
    }

    private static async Task<Results<Ok<Page<WebhookSummary>>, ValidationProblem>> List(
        [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await WebhookStore.ListAsync(connection, user.WorkspaceIdOf(), after, limit + 1, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.ToSummary(now)));
    }

    private static async Task<Results<Ok<WebhookSummary>, ProblemHttpResult>> Get(
        long webhookId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await WebhookStore.FindAsync(connection, null, user.WorkspaceIdOf(), webhookId, cancellationToken);
        return row is null ? NotFound() : TypedResults.Ok(row.ToSummary(DateTimeOffset.UtcNow));
    }

    private static async Task<Results<Ok<WebhookSummary>, ValidationProblem, ProblemHttpResult>> Update(
        long webhookId, UpdateWebhook request, ClaimsPrincipal user, Database database, IOptions<WebhookOptions> options, IHostEnvironment environment,
        CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await WebhookStore.FindAsync(connection, null, workspaceId, webhookId, cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        var errors = new ValidationErrors();
        var values = await CheckAsync(request.Url, request.Events, request.SurveyIds, request.Description, current, workspaceId, connection, options.Value, environment, errors, cancellationToken);
        if (values is null)
        {
            return errors.ToProblem();
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await WebhookStore.UpdateAsync(connection, transaction, workspaceId, webhookId, values, cancellationToken) == 0)
        {
            return NotFound();
        }

        var updated = await WebhookStore.FindAsync(connection, transaction, workspaceId, webhookId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(updated!.ToSummary(DateTimeOffset.UtcNow));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long webhookId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await WebhookStore.DeleteAsync(connection, user.WorkspaceIdOf(), webhookId, cancellationToken) == 1 ? TypedResults.NoContent() : NotFound();
    }

    private static Task<Results<Ok<WebhookSummary>, ProblemHttpResult>> Disable(
        long webhookId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken) =>
        SetDisabledAsync(webhookId, "Disabled by an admin.", user, database, cancellationToken);

    private static Task<Results<Ok<WebhookSummary>, ProblemHttpResult>> Enable(
        long webhookId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken) =>
        SetDisabledAsync(webhookId, null, user, database, cancellationToken);

    private static async Task<Results<Ok<WebhookSummary>, ProblemHttpResult>> SetDisabledAsync(
        long webhookId, string? reason, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await WebhookStore.SetDisabledAsync(connection, workspaceId, webhookId, reason, cancellationToken) == 0)
        {
            return NotFound();
        }

        var row = await WebhookStore.FindAsync(connection, null, workspaceId, webhookId, cancellationToken);
        return TypedResults.Ok(row!.ToSummary(DateTimeOffset.UtcNow));
    }

    private static async Task<Results<Ok<RotatedWebhookSecret>, ValidationProblem, ProblemHttpResult>> RotateSecret(
        long webhookId, RotateWebhookSecret? request, ClaimsPrincipal user, Database database, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var grace = request?.GracePeriodMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : options.Value.DefaultSecretGracePeriod;
        if (request?.GracePeriodMinutes is < 0 or > MaximumGracePeriodMinutes)
        {
            var errors = new ValidationErrors();
            errors.Add("gracePeriodMinutes", $"must be from 0 to {MaximumGracePeriodMinutes} (a week)");
            return errors.ToProblem();
        }

        var secret = WebhookSignature.NewSecret();
        DateTimeOffset? until = grace > TimeSpan.Zero ? DateTimeOffset.UtcNow + grace : null;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await WebhookStore.RotateSecretAsync(connection, user.WorkspaceIdOf(), webhookId, secret, until is { } moment ? Clock.Format(moment) : null, cancellationToken) == 0
            ? NotFound()
            : TypedResults.Ok(new RotatedWebhookSecret(secret, until));
    }

    private static async Task<Results<Accepted<SentTestEvent>, ProblemHttpResult>> SendTest(
        long webhookId, ClaimsPrincipal user, Database database, WebhookSignal signal, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        var endpoint = await WebhookStore.FindAsync(connection, null, workspaceId, webhookId, cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        if (endpoint.DisabledAt is not null)
        {
            return Problems.Conflict("This webhook endpoint is disabled; enable it first.");
        }

        var data = new JsonObject { ["link"] = $"/v1/webhooks/{webhookId}", ["message"] = "A test event sent on demand." };
        var messageId = await WebhookOutbox.AddForEndpointAsync(connection, null, workspaceId, webhookId, WebhookEventTypes.Test, data, cancellationToken);
        signal.Wake();
        return TypedResults.Accepted($"/v1/webhooks/{webhookId}/deliveries", new SentTestEvent(messageId));
    }

    private static async Task<Results<Ok<Page<DeliverySummary>>, ValidationProblem, ProblemHttpResult>> ListDeliveries(
        long webhookId, [AsParameters] PageQuery page, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, after) = page.Read(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await WebhookStore.FindAsync(connection, null, user.WorkspaceIdOf(), webhookId, cancellationToken) is null)
        {
            return NotFound();
        }

        var rows = await WebhookStore.ListDeliveriesAsync(connection, webhookId, after, limit + 1, cancellationToken);
        return TypedResults.Ok(Paging.Of(rows, limit, row => row.Id, row => row.ToSummary()));
    }

    private static async Task<Results<Ok<DeliveryDetail>, ProblemHttpResult>> GetDelivery(
        long webhookId, long deliveryId, ClaimsPrincipal user, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await WebhookStore.FindAsync(connection, null, user.WorkspaceIdOf(), webhookId, cancellationToken) is null)
        {
            return NotFound();
        }

        var delivery = await WebhookStore.FindDeliveryAsync(connection, webhookId, deliveryId, cancellationToken);
        if (delivery is null)
        {
            return DeliveryNotFound();
        }

        var attempts = await WebhookStore.ListAttemptsAsync(connection, deliveryId, cancellationToken);
        return TypedResults.Ok(new DeliveryDetail(delivery.ToSummary(), attempts.Select(attempt => attempt.ToAttempt()).ToArray()));
    }

    private static async Task<Results<Accepted<DeliverySummary>, ProblemHttpResult>> Redeliver(
        long webhookId, long deliveryId, ClaimsPrincipal user, Database database, WebhookSignal signal, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var endpoint = await WebhookStore.FindAsync(connection, null, user.WorkspaceIdOf(), webhookId, cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        if (endpoint.DisabledAt is not null)
        {
            return Problems.Conflict("This webhook endpoint is disabled; enable it first.");
        }

        if (await WebhookStore.RedeliverAsync(connection, webhookId, deliveryId, cancellationToken) == 0)
        {
            return DeliveryNotFound();
        }

        signal.Wake();
        var delivery = await WebhookStore.FindDeliveryAsync(connection, webhookId, deliveryId, cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/{webhookId}/deliveries/{deliveryId}", delivery!.ToSummary());
    }

    // As for keys, the same words for another workspace's endpoint as for one that never existed.
    private static ProblemHttpResult NotFound() => Problems.NotFound("No webhook endpoint with this id exists in this workspace.");

    private static ProblemHttpResult DeliveryNotFound() => Problems.NotFound("This webhook endpoint has no delivery with this id.");

    /// <summary>Registers the webhook services: the options, the sender with its connection guard, and the dispatcher.</summary>
    public static IServiceCollection AddKanoWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookConnector>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<WebhookWatcher>();
        return services;
    }
}
