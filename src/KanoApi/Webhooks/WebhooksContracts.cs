using System.ComponentModel.DataAnnotations;

namespace KanoApi.Webhooks;

/// <summary>A new webhook endpoint.</summary>
/// <param name="Url" example="https://hooks.example.com/kano">Where events are POSTed: https (http only where the operator allows it), a public address.</param>
/// <param name="Events">The event types wanted, e.g. ["responses.stored.v1"] (GET /v1/webhooks/event-types lists them).</param>
/// <param name="SurveyIds">Optional: only events of these surveys of the workspace; absent or empty for every survey.</param>
/// <param name="Description" example="Roadmap automation">What the endpoint is for; up to 200 characters.</param>
public sealed record CreateWebhook([property: Required] string? Url, [property: Required] IReadOnlyList<string>? Events, IReadOnlyList<long>? SurveyIds, string? Description);

/// <summary>Changes to an endpoint: a field left out (or null) stays as it is.</summary>
/// <param name="Url" example="https://hooks.example.com/kano-v2">The new address, checked as at creation.</param>
/// <param name="Events">The event types wanted instead.</param>
/// <param name="SurveyIds">Only these surveys instead; an empty list for every survey.</param>
/// <param name="Description" example="Roadmap automation (Jira)">The new description; an empty text removes it.</param>
public sealed record UpdateWebhook(string? Url, IReadOnlyList<string>? Events, IReadOnlyList<long>? SurveyIds, string? Description);

/// <summary>A new endpoint with its signing secret, shown this once.</summary>
/// <param name="Id" example="3">The endpoint's id.</param>
/// <param name="Url" example="https://hooks.example.com/kano">Where events are POSTed.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="SurveyIds">The surveys it receives events of; null for every survey.</param>
/// <param name="Description" example="Roadmap automation">What the endpoint is for.</param>
/// <param name="Secret" example="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=">The Standard Webhooks signing secret. Store it now: it is not shown again (rotate it to get a new one).</param>
/// <param name="CreatedAt">When the endpoint was made (UTC).</param>
public sealed record CreatedWebhook(
    long Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<long>? SurveyIds, string? Description, string Secret, DateTimeOffset CreatedAt);

/// <summary>An endpoint as lists show it: never its secret.</summary>
/// <param name="Id" example="3">The endpoint's id.</param>
/// <param name="Url" example="https://hooks.example.com/kano">Where events are POSTed.</param>
/// <param name="Description" example="Roadmap automation">What the endpoint is for.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="SurveyIds">The surveys it receives events of; null for every survey.</param>
/// <param name="State" example="active">active; failing (a delivery was given up after its retries: see failureReason; deliveries go on); or disabled (nothing is sent: see disabledReason).</param>
/// <param name="DisabledAt">When it was disabled (UTC).</param>
/// <param name="DisabledReason" example="The receiver answered 410 Gone.">Why: an admin disabled it, or the receiver answered 410 Gone.</param>
/// <param name="FailingSince">Since when deliveries have been given up (UTC); cleared by the next successful delivery.</param>
/// <param name="FailureReason" example="Gave up msg_0193… after 28:00:00 of retries; the last attempt answered 503.">Why the last delivery was given up.</param>
/// <param name="PreviousSecretSignsUntil">After a rotation: until when the previous secret still signs beside the new one (UTC).</param>
/// <param name="CreatedAt">When the endpoint was made (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record WebhookSummary(
    long Id, string Url, string? Description, IReadOnlyList<string> Events, IReadOnlyList<long>? SurveyIds, string State,
    DateTimeOffset? DisabledAt, string? DisabledReason, DateTimeOffset? FailingSince, string? FailureReason,
    DateTimeOffset? PreviousSecretSignsUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A secret rotation.</summary>
/// <param name="GracePeriodMinutes" example="1440">How long the current secret keeps signing beside the new one (0 to 10080; default 1440, a day): receivers switch secrets meanwhile.</param>
public sealed record RotateWebhookSecret(int? GracePeriodMinutes);

/// <summary>The new signing secret, shown this once.</summary>
/// <param name="Secret" example="whsec_Z2hNOVNzRStPVFBKVEd0L3RtSUt0U3laX0xhTGFTdz0=">The new secret; every delivery is signed with it from now on.</param>
/// <param name="PreviousSecretSignsUntil">Until when the previous secret also signs (UTC); null when it stopped at once.</param>
public sealed record RotatedWebhookSecret(string Secret, DateTimeOffset? PreviousSecretSignsUntil);

/// <summary>A test event on its way.</summary>
/// <param name="MessageId" example="msg_0193a5c2f4e87b3c9d2e61f0a8b4c7d2">Its webhook-id, as the receiver will see it and as the delivery log lists it.</param>
public sealed record SentTestEvent(string MessageId);

/// <summary>One event on its way to one endpoint.</summary>
/// <param name="Id" example="41">The delivery's id, for its attempts and for redelivering it.</param>
/// <param name="MessageId" example="msg_0193a5c2f4e87b3c9d2e61f0a8b4c7d2">The event's webhook-id: the same on every attempt.</param>
/// <param name="Type" example="responses.stored.v1">The event's type.</param>
/// <param name="SurveyId" example="2">The survey the event is about; null for a test event.</param>
/// <param name="State" example="pending">pending (an attempt is due at nextAttemptAt), delivered (a 2xx answer) or failed (given up, or the receiver answered 410).</param>
/// <param name="Attempts" example="2">Attempts made so far.</param>
/// <param name="NextAttemptAt">While pending: when the next attempt is due (UTC).</param>
/// <param name="LastStatus" example="503">The HTTP status of the last attempt; null when it got no answer.</param>
/// <param name="LastError" example="no answer within 00:00:10">Why the last attempt failed without an answer.</param>
/// <param name="CreatedAt">When the delivery was queued (UTC).</param>
/// <param name="DeliveredAt">When a 2xx answer arrived (UTC).</param>
public sealed record DeliverySummary(
    long Id, string MessageId, string Type, long? SurveyId, string State, int Attempts, DateTimeOffset? NextAttemptAt,
    int? LastStatus, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>A delivery with each of its attempts.</summary>
/// <param name="Delivery">The delivery.</param>
/// <param name="AttemptLog">Its attempts, oldest first.</param>
public sealed record DeliveryDetail(DeliverySummary Delivery, IReadOnlyList<DeliveryAttempt> AttemptLog);

/// <summary>One attempt to deliver an event.</summary>
/// <param name="StartedAt">When it began (UTC).</param>
/// <param name="DurationMs" example="84">How long it took, in milliseconds.</param>
/// <param name="Status" example="200">The receiver's HTTP status; null when there was no answer.</param>
/// <param name="Error" example="connection refused">Why there was no answer (refused address, timeout, connection error).</param>
/// <param name="ResponseBody" example="ok">The start of the receiver's answer (at most 1,024 bytes).</param>
public sealed record DeliveryAttempt(DateTimeOffset StartedAt, long DurationMs, int? Status, string? Error, string? ResponseBody);

/// <summary>An event type an endpoint can ask for.</summary>
/// <param name="Type" example="responses.stored.v1">The type, as events carry it and as an endpoint names it.</param>
/// <param name="Description" example="Answers were stored: one event per write request, CSV import or form submission.">When it is sent.</param>
public sealed record WebhookEventType(string Type, string Description);
