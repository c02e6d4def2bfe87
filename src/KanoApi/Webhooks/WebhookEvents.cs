using System.Data;
using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Webhooks;

/// <summary>
/// The events an endpoint can ask for. A type carries its version (<c>.v1</c>): a change to an event's data that a
/// receiver could trip over gets a new type, and endpoints keep receiving the version they asked for.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>Answers were stored: one event per write request, CSV import or form submission.</summary>
    public const string ResponsesStored = "responses.stored.v1";

    /// <summary>A feature's reported category (its Kano code) differs from the one of the last analysis.</summary>
    public const string FeatureCategoryChanged = "feature.category_changed.v1";

    /// <summary>A feature's category became settled (Fong's test separates its top two codes and its probability is at least 0.8).</summary>
    public const string FeatureSettled = "feature.settled.v1";

    /// <summary>A feature's category was settled and no longer is.</summary>
    public const string FeatureUnsettled = "feature.unsettled.v1";

    /// <summary>Every feature of a survey is settled, and was not at the last analysis.</summary>
    public const string SurveySettled = "survey.settled.v1";

    /// <summary>A form link took its last response (its maximum reached).</summary>
    public const string LinkFull = "link.full.v1";

    /// <summary>A link's expiry passed.</summary>
    public const string LinkExpired = "link.expired.v1";

    /// <summary>Sent on demand (POST …/webhooks/{id}/test) to that endpoint only, whatever it asked for.</summary>
    public const string Test = "webhook.test.v1";

    /// <summary>The types an endpoint may ask for, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<WebhookEventType> Subscribable =
    [
        new(ResponsesStored, "Answers were stored: one event per write request, CSV import or form submission, with the count and the first 100 respondent ids."),
        new(FeatureCategoryChanged, "A feature's category moved (its Kano code differs from the last analysis), detected after writes: one event per changed feature, however many rows a write stored."),
        new(FeatureSettled, "A feature's category became settled: Fong's test separates its two most frequent codes and the category's probability is at least 0.8."),
        new(FeatureUnsettled, "A feature's category was settled and no longer is."),
        new(SurveySettled, "Every feature of a survey is settled (and was not before)."),
        new(LinkFull, "A form link reached its maximum of responses."),
        new(LinkExpired, "A link's expiry passed."),
    ];

    /// <summary>The types the watcher finds by analysing surveys after writes.</summary>
    public static readonly string[] FromAnalysis = [FeatureCategoryChanged, FeatureSettled, FeatureUnsettled, SurveySettled];

    /// <summary>The types the watcher finds by looking at links.</summary>
    public static readonly string[] FromLinks = [LinkFull, LinkExpired];

    public static bool IsSubscribable(string type) => Subscribable.Any(known => known.Type == type);
}

/// <summary>
/// The outbox: events are rows of <c>webhook_events</c>, written in the transaction of the change they report, so a
/// rolled-back write leaves no event and a committed one cannot lose its event to a crash. The dispatcher
/// (<see cref="WebhookDispatcher"/>) later turns each into deliveries to the endpoints that asked for it. A row holds
/// the event's own fields (<c>data</c>, JSON); the workspace and survey ids and the timestamp are added when the
/// body is made.
/// </summary>
internal static class WebhookOutbox
{
    /// <summary>An answers-stored event lists at most this many respondent ids (the count is always whole).</summary>
    public const int RespondentIdsListed = 100;

    /// <summary>
    /// Adds the answers-stored event of a write to its transaction, when the survey's workspace has an enabled endpoint
    /// (a workspace without webhooks pays one index lookup, not a row). A staff audience's answers make none: webhooks
    /// report customer answers (decision 0024). Synchronous: it runs in
    /// <c>ResponseRecorder.Finish</c>, beside the write's other statements.
    /// </summary>
    public static void AnswersStored(IDbConnection connection, IDbTransaction transaction, long surveyId, int count, IReadOnlyList<string> respondentIds)
    {
        var data = new JsonObject
        {
            ["link"] = $"/v1/surveys/{surveyId}/responses",
            ["count"] = count,
            ["respondentIds"] = new JsonArray([.. respondentIds.Take(RespondentIdsListed).Select(id => (JsonNode?)JsonValue.Create(id))]),
            ["respondentIdsTruncated"] = count > RespondentIdsListed,
        };
        connection.Execute(
            """
            INSERT INTO webhook_events (message_id, workspace_id, survey_id, type, data, created_at)
            SELECT @messageId, s.workspace_id, s.id, @type, @data, @createdAt FROM surveys s
            WHERE s.id = @surveyId AND s.staff_of IS NULL
              AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.workspace_id = s.workspace_id AND e.disabled_at IS NULL)
            """,
            new { messageId = NewMessageId(), type = WebhookEventTypes.ResponsesStored, data = data.ToJsonString(), createdAt = Clock.Now(), surveyId },
            transaction);
    }

    /// <summary>Adds an event about a survey in the caller's transaction, for the endpoints of its workspace that ask for it.</summary>
    public static Task AddAsync(
        DbConnection connection, DbTransaction transaction, long workspaceId, long surveyId, string type, JsonObject data, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_events (message_id, workspace_id, survey_id, type, data, created_at)
            VALUES (@messageId, @workspaceId, @surveyId, @type, @data, @createdAt)
            """,
            new { messageId = NewMessageId(), workspaceId, surveyId, type, data = data.ToJsonString(), createdAt = Clock.Now() },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Adds an event for one endpoint only (a test event); answers its message id.</summary>
    public static async Task<string> AddForEndpointAsync(
        DbConnection connection, DbTransaction? transaction, long workspaceId, long endpointId, string type, JsonObject data, CancellationToken cancellationToken)
    {
        var messageId = NewMessageId();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_events (message_id, workspace_id, survey_id, endpoint_id, type, data, created_at)
            VALUES (@messageId, @workspaceId, NULL, @endpointId, @type, @data, @createdAt)
            """,
            new { messageId, workspaceId, endpointId, type, data = data.ToJsonString(), createdAt = Clock.Now() },
            transaction,
            cancellationToken: cancellationToken));
        return messageId;
    }

    /// <summary>
    /// An event's <c>webhook-id</c>: unique (a version-7 GUID, time-ordered, so ids sort roughly as events were made),
    /// made once with the event and sent unchanged with every attempt to every endpoint.
    /// </summary>
    public static string NewMessageId() => $"msg_{Guid.CreateVersion7():N}";
}
