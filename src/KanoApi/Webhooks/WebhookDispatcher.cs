using System.Text.Json.Nodes;
using Dapper;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace KanoApi.Webhooks;

/// <summary>Wakes the dispatcher before its next poll (a test event, a redelivery: an admin is waiting for it).</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken twice before it looked: once is enough.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Delivers the outbox (decision 0016). Every poll it (1) turns new events into one delivery per endpoint that asked
/// for them, and (2) claims due deliveries, attempts them and records each attempt. A claim is a lease
/// (<c>claimed_until</c>, with a token): on PostgreSQL the due rows are picked with <c>FOR UPDATE SKIP LOCKED</c>, so
/// instances running side by side never pick the same delivery, and one whose instance died (its lease ran out) is
/// picked up by the next poll anywhere. At least once: an attempt is recorded after it was made, so a crash between
/// the two sends it again — with the same <c>webhook-id</c>, by which receivers drop duplicates.
/// </summary>
internal sealed partial class WebhookDispatcher(
    Database database,
    WebhookSender sender,
    WebhookSignal signal,
    IOptions<WebhookOptions> settings,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly WebhookOptions options = settings.Value;
    private DateTimeOffset sweptAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FanOutAsync(stoppingToken);
                while (await DeliverDueAsync(stoppingToken) > 0)
                {
                }

                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A busy or unreachable database, or anything unexpected: nothing is lost (the outbox and the leases are
                // in the database), and the service's API goes on serving; the next poll tries again.
                LogPollFailed(exception);
            }

            try
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Deletes what the log no longer keeps (<see cref="WebhookOptions.LogRetention"/>): finished deliveries with their
    /// attempts, then events left without a delivery. Once an hour (or once per retention period when that is shorter).
    /// </summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - sweptAt < TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.LogRetention.Ticks)))
        {
            return;
        }

        sweptAt = now;
        await using var connection = await database.OpenAsync(cancellationToken);
        var before = Clock.Format(now - options.LogRetention);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < @before",
            new { before }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM webhook_events
            WHERE dispatched_at IS NOT NULL AND created_at < @before
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)
            """,
            new { before }, cancellationToken: cancellationToken));
    }

    /// <summary>Events not yet turned into deliveries, at most this many per transaction.</summary>
    private const int FanOutBatch = 200;

    /// <summary>
    /// Makes the deliveries of new events: one per enabled endpoint of the event's workspace that asked for its type
    /// and its survey (a test event: its one endpoint). The events are locked while this runs (PostgreSQL: SKIP
    /// LOCKED, so another instance takes the next ones), and marked dispatched in the same transaction.
    /// </summary>
    private async Task FanOutAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var waiting = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM webhook_events WHERE dispatched_at IS NULL LIMIT 1", cancellationToken: cancellationToken));
        if (waiting is null)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var events = (await connection.QueryAsync<(long Id, long WorkspaceId, long? SurveyId, long? EndpointId, string Type)>(new CommandDefinition(
            "SELECT id, workspace_id, survey_id, endpoint_id, type FROM webhook_events WHERE dispatched_at IS NULL ORDER BY id LIMIT @take"
                + StorageProvider.Of(connection).ClaimRowsSkippingLocked(),
            new { take = FanOutBatch }, transaction, cancellationToken: cancellationToken))).AsList();
        var endpointsOf = new Dictionary<long, List<(long Id, string Events, string? SurveyIds)>>();
        var now = Clock.Now();
        foreach (var item in events)
        {
            if (!endpointsOf.TryGetValue(item.WorkspaceId, out var endpoints))
            {
                endpoints = (await connection.QueryAsync<(long Id, string Events, string? SurveyIds)>(new CommandDefinition(
                    "SELECT id, events, survey_ids FROM webhook_endpoints WHERE workspace_id = @workspaceId AND disabled_at IS NULL",
                    new { workspaceId = item.WorkspaceId }, transaction, cancellationToken: cancellationToken))).AsList();
                endpointsOf[item.WorkspaceId] = endpoints;
            }

            foreach (var endpoint in endpoints.Where(endpoint => Wants(endpoint.Id, endpoint.Events, endpoint.SurveyIds, item.EndpointId, item.Type, item.SurveyId)))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO webhook_deliveries (endpoint_id, event_id, state, attempts, next_attempt_at, retry_from, created_at)
                    VALUES (@endpointId, @eventId, 'pending', 0, @now, @now, @now)
                    ON CONFLICT (endpoint_id, event_id) DO NOTHING
                    """,
                    new { endpointId = endpoint.Id, eventId = item.Id, now }, transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE webhook_events SET dispatched_at = @now WHERE id = @id",
                new { id = item.Id, now }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static bool Wants(long endpointId, string events, string? surveyIds, long? target, string type, long? surveyId)
    {
        if (target is not null)
        {
            return target == endpointId;
        }

        if (!events.Split(' ').Contains(type, StringComparer.Ordinal))
        {
            return false;
        }

        return surveyIds is null || (surveyId is { } id && surveyIds.Split(' ').Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal));
    }

    /// <summary>Claims due deliveries (at most two per concurrent attempt), attempts them, records them; answers how many it claimed.</summary>
    private async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
            async (delivery, token) => await AttemptAsync(delivery, token));
        return claimed.Count;
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Clock.Now();
        // A cheap read first: SQLite's write lock is taken only when there is something to claim.
        var due = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT d.id FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
            LIMIT 1
            """,
            new { now }, cancellationToken: cancellationToken));
        if (due is null)
        {
            return [];
        }

        var token = Guid.NewGuid().ToString("N");
        // The lease outlasts the attempts of this claim (a timeout each, Concurrency at a time) with room to record
        // them; past it the delivery is anyone's again.
        var until = Clock.Format(DateTimeOffset.UtcNow + options.Timeout * 2 + TimeSpan.FromSeconds(5));
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE webhook_deliveries SET claimed_until = @until, claim_token = @token
                WHERE id IN (
                    SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                    WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
                      AND e.disabled_at IS NULL
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT @take{StorageProvider.Of(connection).ClaimRowsSkippingLocked("d")})
                """,
                new { until, token, now, take = Math.Max(1, options.Concurrency) * 2 }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        return (await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            """
            SELECT d.id AS Id, d.retry_from AS RetryFrom, d.claim_token AS ClaimToken, e.id AS EndpointId, e.url AS Url, e.secret AS Secret,
                   e.previous_secret AS PreviousSecret, e.previous_secret_expires_at AS PreviousSecretExpiresAt,
                   ev.message_id AS MessageId, ev.type AS Type, ev.workspace_id AS WorkspaceId, ev.survey_id AS SurveyId,
                   ev.data AS Data, ev.created_at AS CreatedAt
            FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
            JOIN webhook_events ev ON ev.id = d.event_id
            WHERE d.claim_token = @token
            ORDER BY d.id
            """,
            new { token }, cancellationToken: cancellationToken))).AsList();
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        AttemptOutcome outcome;
        try
        {
            var body = Body(delivery);
            var secrets = delivery.PreviousSecret is not null && delivery.PreviousSecretExpiresAt is { } until && Clock.Parse(until) > now
                ? new[] { delivery.Secret, delivery.PreviousSecret }
                : [delivery.Secret];
            var timestamp = now.ToUnixTimeSeconds();
            var url = new Uri(delivery.Url);
            // https is checked again at every attempt, as the addresses are: the operator may have stopped allowing http.
            outcome = url.Scheme != Uri.UriSchemeHttps && !options.HttpAllowedIn(environment)
                ? new AttemptOutcome(now, 0, null, "refused: http is not allowed here (Kano:Webhooks:AllowHttp); give the endpoint an https URL", null)
                : await sender.SendAsync(url, delivery.MessageId, timestamp, WebhookSignature.Header(secrets, delivery.MessageId, timestamp, body), body, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A delivery that cannot even be sent (a stored URL or event that no longer reads) fails like any other
            // attempt, retried and finally given up with the reason, instead of stopping the other deliveries.
            LogAttemptBroke(exception, delivery.MessageId, delivery.EndpointId);
            outcome = new AttemptOutcome(now, 0, null, $"could not be sent: {exception.Message}", null);
        }

        await RecordAsync(delivery, outcome, cancellationToken);
    }

    /// <summary>
    /// The body every attempt sends, the same each time: the Standard Webhooks payload form
    /// (<c>{"type", "timestamp", "data"}</c>), the data leading with the workspace and survey ids and its link made
    /// absolute on <c>Kano:PublicBaseUrl</c> when that is set.
    /// </summary>
    private string Body(ClaimedDelivery delivery)
    {
        var data = new JsonObject { ["workspaceId"] = delivery.WorkspaceId };
        if (delivery.SurveyId is { } surveyId)
        {
            data["surveyId"] = surveyId;
        }

        var root = PublicAddress.Configured(configuration);
        foreach (var (name, value) in JsonNode.Parse(delivery.Data)!.AsObject())
        {
            data[name] = name == "link" && value?.GetValue<string>() is { } path && !string.IsNullOrEmpty(root)
                ? root + path
                : value?.DeepClone();
        }

        return new JsonObject
        {
            ["type"] = delivery.Type,
            ["timestamp"] = Clock.Parse(delivery.CreatedAt).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString();
    }

    /// <summary>
    /// Records an attempt and decides what follows: a 2xx delivered it (and clears the endpoint's failing mark); a 410
    /// disables the endpoint; anything else is retried with backoff until the retry window has passed, then given up
    /// and the endpoint marked failing with the reason. The delivery's update holds only while the claim is still this
    /// one's (its token): an attempt that outlived its lease leaves the row to whoever claimed it since.
    /// </summary>
    private async Task RecordAsync(ClaimedDelivery delivery, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_attempts (delivery_id, endpoint_id, started_at, duration_ms, status, error, response_body)
            VALUES (@deliveryId, @endpointId, @startedAt, @durationMs, @status, @error, @responseBody)
            """,
            new
            {
                deliveryId = delivery.Id, endpointId = delivery.EndpointId, startedAt = Clock.Format(outcome.StartedAt), durationMs = outcome.DurationMs,
                status = (long?)outcome.Status, error = outcome.Error, responseBody = outcome.ResponseBody,
            },
            transaction, cancellationToken: cancellationToken));

        string state;
        string? next = null;
        string? endpointUpdate = null;
        string? reason = null;
        if (outcome.Succeeded)
        {
            state = "delivered";
            endpointUpdate = "UPDATE webhook_endpoints SET failing_since = NULL, failure_reason = NULL WHERE id = @endpointId AND failing_since IS NOT NULL";
        }
        else if (outcome.Status == StatusCodes.Status410Gone)
        {
            state = "failed";
            reason = $"The receiver answered 410 Gone to {delivery.MessageId} at {Clock.Format(now)}.";
            endpointUpdate = "UPDATE webhook_endpoints SET disabled_at = @now, disabled_reason = @reason, updated_at = @now WHERE id = @endpointId AND disabled_at IS NULL";
        }
        else if (now - Clock.Parse(delivery.RetryFrom) >= options.RetryFor)
        {
            state = "failed";
            reason = $"Gave up {delivery.MessageId} after {options.RetryFor} of retries; the last attempt: {outcome.Describe()}.";
            endpointUpdate = "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, @now), failure_reason = @reason WHERE id = @endpointId";
        }
        else
        {
            state = "pending";
            var attempts = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM webhook_attempts WHERE delivery_id = @id", new { id = delivery.Id }, transaction, cancellationToken: cancellationToken));
            next = Clock.Format(now + Backoff((int)attempts));
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries
            SET state = @state, attempts = attempts + 1, next_attempt_at = COALESCE(@next, next_attempt_at), last_status = @status,
                last_error = @error, delivered_at = @deliveredAt, claimed_until = NULL, claim_token = NULL
            WHERE id = @id AND claim_token = @token
            """,
            new
            {
                id = delivery.Id, token = delivery.ClaimToken, state, next, status = (long?)outcome.Status, error = outcome.Error,
                deliveredAt = outcome.Succeeded ? Clock.Format(now) : null,
            },
            transaction, cancellationToken: cancellationToken));
        if (updated == 1 && endpointUpdate is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                endpointUpdate, new { endpointId = delivery.EndpointId, now = Clock.Format(now), reason }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            LogAttemptFailed(delivery.MessageId, delivery.EndpointId, outcome.Describe(), state);
        }
    }

    /// <summary>
    /// The delay after the <paramref name="failed"/>-th failed attempt: exponential (base · 2^(failed − 1), at most the
    /// maximum) with ±20 % jitter, so receivers that failed together are not retried in one burst.
    /// </summary>
    internal TimeSpan Backoff(int failed)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(failed - 1, 0), 30));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {MessageId} to endpoint {EndpointId} could not be sent")]
    private partial void LogAttemptBroke(Exception exception, string messageId, long endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries paused until the next poll")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {MessageId} to endpoint {EndpointId} failed: {Outcome}; the delivery is now {State}")]
    private partial void LogAttemptFailed(string messageId, long endpointId, string outcome, string state);

    private sealed record ClaimedDelivery(
        long Id, string RetryFrom, string ClaimToken, long EndpointId, string Url, string Secret, string? PreviousSecret,
        string? PreviousSecretExpiresAt, string MessageId, string Type, long WorkspaceId, long? SurveyId, string Data, string CreatedAt);
}
