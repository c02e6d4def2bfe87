using System.Data.Common;
using System.Globalization;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Webhooks;

/// <summary>The SQL of the webhook endpoints and their delivery log, always scoped by workspace.</summary>
internal static class WebhookStore
{
    public static Task<long> CountAsync(DbConnection connection, DbTransaction transaction, long workspaceId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM webhook_endpoints WHERE workspace_id = @workspaceId",
            new { workspaceId }, transaction, cancellationToken: cancellationToken));

    public static Task<long> InsertAsync(
        DbConnection connection, DbTransaction transaction, long workspaceId, EndpointValues values, string secret, string createdAt, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO webhook_endpoints (workspace_id, url, description, events, survey_ids, secret, created_at, updated_at)
            VALUES (@workspaceId, @Url, @Description, @Events, @SurveyIds, @secret, @createdAt, @createdAt)
            RETURNING id
            """,
            new { workspaceId, values.Url, values.Description, Events = values.EventsText, SurveyIds = values.SurveyIdsText, secret, createdAt },
            transaction, cancellationToken: cancellationToken));

    public static async Task<List<EndpointRow>> ListAsync(DbConnection connection, long workspaceId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM webhook_endpoints WHERE workspace_id = @workspaceId AND id > @after ORDER BY id LIMIT @take",
            new { workspaceId, after, take }, cancellationToken: cancellationToken))).AsList();

    /// <summary>One endpoint; inside a write transaction its row is held until commit (<see cref="StorageProvider.LockRowForWrite"/>).</summary>
    public static Task<EndpointRow?> FindAsync(DbConnection connection, DbTransaction? transaction, long workspaceId, long id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM webhook_endpoints WHERE id = @id AND workspace_id = @workspaceId"
                + (transaction is null ? "" : StorageProvider.Of(connection).LockRowForWrite),
            new { id, workspaceId }, transaction, cancellationToken: cancellationToken));

    public static Task<int> UpdateAsync(
        DbConnection connection, DbTransaction transaction, long workspaceId, long id, EndpointValues values, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_endpoints SET url = @Url, description = @Description, events = @Events, survey_ids = @SurveyIds, updated_at = @now
            WHERE id = @id AND workspace_id = @workspaceId
            """,
            new { id, workspaceId, values.Url, values.Description, Events = values.EventsText, SurveyIds = values.SurveyIdsText, now = Clock.Now() },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Disables an endpoint with the reason admins see, or (reason null) enables it. A failing mark stays until a delivery succeeds.</summary>
    public static Task<int> SetDisabledAsync(DbConnection connection, long workspaceId, long id, string? reason, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            reason is null
                ? "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, updated_at = @now WHERE id = @id AND workspace_id = @workspaceId"
                : "UPDATE webhook_endpoints SET disabled_at = @now, disabled_reason = @reason, updated_at = @now WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId, reason, now = Clock.Now() }, cancellationToken: cancellationToken));

    public static Task<int> DeleteAsync(DbConnection connection, long workspaceId, long id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_endpoints WHERE id = @id AND workspace_id = @workspaceId",
            new { id, workspaceId }, cancellationToken: cancellationToken));

    /// <summary>Makes <paramref name="secret"/> the signing secret; the one it replaces keeps signing until <paramref name="previousUntil"/> (null: not at all).</summary>
    public static Task<int> RotateSecretAsync(
        DbConnection connection, long workspaceId, long id, string secret, string? previousUntil, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_endpoints
            SET previous_secret = CASE WHEN @previousUntil IS NULL THEN NULL ELSE secret END,
                previous_secret_expires_at = @previousUntil, secret = @secret, updated_at = @now
            WHERE id = @id AND workspace_id = @workspaceId
            """,
            new { id, workspaceId, secret, previousUntil, now = Clock.Now() }, cancellationToken: cancellationToken));

    public static async Task<List<DeliveryRow>> ListDeliveriesAsync(
        DbConnection connection, long endpointId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"{DeliveryRow.Select} WHERE d.endpoint_id = @endpointId AND d.id > @after ORDER BY d.id LIMIT @take",
            new { endpointId, after, take }, cancellationToken: cancellationToken))).AsList();

    public static Task<DeliveryRow?> FindDeliveryAsync(DbConnection connection, long endpointId, long deliveryId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            $"{DeliveryRow.Select} WHERE d.endpoint_id = @endpointId AND d.id = @deliveryId",
            new { endpointId, deliveryId }, cancellationToken: cancellationToken));

    public static async Task<List<AttemptRow>> ListAttemptsAsync(DbConnection connection, long deliveryId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            $"SELECT {AttemptRow.Columns} FROM webhook_attempts WHERE delivery_id = @deliveryId ORDER BY id",
            new { deliveryId }, cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// Puts a delivery back in the queue, due now, with a fresh retry window and no claim: the same event (same
    /// <c>webhook-id</c>) is sent again, whatever its state was.
    /// </summary>
    public static Task<int> RedeliverAsync(DbConnection connection, long endpointId, long deliveryId, CancellationToken cancellationToken)
    {
        var now = Clock.Now();
        return connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries
            SET state = 'pending', next_attempt_at = @now, retry_from = @now, claimed_until = NULL, claim_token = NULL
            WHERE id = @deliveryId AND endpoint_id = @endpointId
            """,
            new { endpointId, deliveryId, now }, cancellationToken: cancellationToken));
    }
}

/// <summary>What a create or update sets: checked and normalised.</summary>
internal sealed record EndpointValues(string Url, string? Description, IReadOnlyList<string> Events, IReadOnlyList<long>? SurveyIds)
{
    public string EventsText => string.Join(' ', Events);

    public string? SurveyIdsText => SurveyIds is null ? null : string.Join(' ', SurveyIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
}

internal sealed record EndpointRow(
    long Id, string Url, string? Description, string Events, string? SurveyIds, string? PreviousSecretExpiresAt,
    string? DisabledAt, string? DisabledReason, string? FailingSince, string? FailureReason, string CreatedAt, string UpdatedAt)
{
    public const string Columns =
        "id AS Id, url AS Url, description AS Description, events AS Events, survey_ids AS SurveyIds, previous_secret_expires_at AS PreviousSecretExpiresAt, "
        + "disabled_at AS DisabledAt, disabled_reason AS DisabledReason, failing_since AS FailingSince, failure_reason AS FailureReason, "
        + "created_at AS CreatedAt, updated_at AS UpdatedAt";

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<long>? SurveyIdList => SurveyIds?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToArray();

    public WebhookSummary ToSummary(DateTimeOffset now) => new(
        Id, Url, Description, EventList, SurveyIdList,
        DisabledAt is not null ? "disabled" : FailingSince is not null ? "failing" : "active",
        DisabledAt is null ? null : Clock.Parse(DisabledAt),
        DisabledReason,
        FailingSince is null ? null : Clock.Parse(FailingSince),
        FailureReason,
        PreviousSecretExpiresAt is { } until && Clock.Parse(until) > now ? Clock.Parse(until) : null,
        Clock.Parse(CreatedAt),
        Clock.Parse(UpdatedAt));
}

internal sealed record DeliveryRow(
    long Id, string MessageId, string Type, long? SurveyId, string State, long Attempts, string NextAttemptAt,
    long? LastStatus, string? LastError, string CreatedAt, string? DeliveredAt)
{
    public const string Select =
        """
        SELECT d.id AS Id, ev.message_id AS MessageId, ev.type AS Type, ev.survey_id AS SurveyId, d.state AS State, d.attempts AS Attempts,
               d.next_attempt_at AS NextAttemptAt, d.last_status AS LastStatus, d.last_error AS LastError, d.created_at AS CreatedAt,
               d.delivered_at AS DeliveredAt
        FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        """;

    public DeliverySummary ToSummary() => new(
        Id, MessageId, Type, SurveyId, State, (int)Attempts,
        State == "pending" ? Clock.Parse(NextAttemptAt) : null,
        (int?)LastStatus, LastError, Clock.Parse(CreatedAt),
        DeliveredAt is null ? null : Clock.Parse(DeliveredAt));
}

internal sealed record AttemptRow(long Id, string StartedAt, long DurationMs, long? Status, string? Error, string? ResponseBody)
{
    public const string Columns =
        "id AS Id, started_at AS StartedAt, duration_ms AS DurationMs, status AS Status, error AS Error, response_body AS ResponseBody";

    public DeliveryAttempt ToAttempt() => new(Clock.Parse(StartedAt), DurationMs, (int?)Status, Error, ResponseBody);
}
