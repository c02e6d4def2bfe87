using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace KanoApi.Webhooks;

/// <summary>
/// Finds the events no single write can see (decision 0016), after the writes and without slowing them:
/// - analysis events: a survey whose versions moved since the watcher last analysed it is analysed again (the
///   survey's default options, everybody, from the aggregates) and compared with the state stored then — a feature
///   whose category code changed, that became settled or unsettled (<see cref="FeatureAnalysis.Settled"/>), and a
///   survey all of whose features became settled. It runs every <see cref="WebhookOptions.WatchInterval"/>, so a burst
///   of writes (or an import, one transaction) is analysed once: one event per changed feature, not one per row. The
///   first analysis of a survey only records its state.
/// - link events: a form link that reached its maximum of responses, a link whose expiry passed — each reported once.
/// Only surveys and links of workspaces with an enabled endpoint asking for such events are looked at. With many
/// instances, the stored state's row is locked while it is compared and replaced (and a link's notice is a unique
/// row), so each change is reported once.
/// </summary>
internal sealed partial class WebhookWatcher(
    Database database, IOptions<WebhookOptions> settings, ILogger<WebhookWatcher> logger) : BackgroundService
{
    private readonly WebhookOptions options = settings.Value;

    /// <summary>Surveys analysed per pass at most (the rest wait for the next).</summary>
    private const int SurveysPerPass = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.WatchInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var survey in await ChangedSurveysAsync(stoppingToken))
                {
                    await CompareAsync(survey, stoppingToken);
                }

                await NoticeLinksAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A busy database or anything unexpected must not stop the host (a background service's exception
                // would): the stored states are unchanged, so the next pass finds the same work.
                LogPassFailed(exception);
            }
        }
    }

    /// <summary>An endpoint of the survey's workspace, enabled, that asks for one of <paramref name="types"/> (SQL over <c>s.workspace_id</c>).</summary>
    private static string Wanted(string workspace, IEnumerable<string> types) =>
        $"EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.workspace_id = {workspace} AND e.disabled_at IS NULL AND ("
        + string.Join(" OR ", types.Select(type => $"(' ' || e.events || ' ') LIKE '% {type} %'"))
        + "))";

    private async Task<List<(long Id, long WorkspaceId)>> ChangedSurveysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long, long)>(new CommandDefinition(
            $"""
            SELECT s.id, s.workspace_id FROM surveys s
            LEFT JOIN webhook_survey_states st ON st.survey_id = s.id
            WHERE (st.survey_id IS NULL OR st.version <> s.version OR st.data_version <> s.data_version)
              AND s.staff_of IS NULL
              AND {Wanted("s.workspace_id", WebhookEventTypes.FromAnalysis)}
            ORDER BY s.id
            LIMIT {SurveysPerPass}
            """,
            cancellationToken: cancellationToken))).AsList();
    }

    private async Task CompareAsync((long Id, long WorkspaceId) survey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        SurveyState now;
        await using (var snapshot = await database.BeginSnapshotAsync(connection, cancellationToken))
        {
            var versions = await connection.QuerySingleOrDefaultAsync<(long Version, long DataVersion)?>(new CommandDefinition(
                "SELECT version, data_version FROM surveys WHERE id = @id", new { id = survey.Id }, snapshot, cancellationToken: cancellationToken));
            if (versions is null)
            {
                return;
            }

            var (features, _) = await SurveyStatistics.ReadAsync(
                connection, snapshot, survey.Id, new RespondentFilter(null, [], null), AnalysisOptions.Default.Table, cancellationToken);
            now = SurveyState.Of(versions.Value.Version, versions.Value.DataVersion, KanoAnalyzer.Analyze(features, AnalysisOptions.Default));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_survey_states (survey_id, version, data_version, state, updated_at)
            SELECT id, 0, 0, NULL, @now FROM surveys WHERE id = @id
            ON CONFLICT (survey_id) DO NOTHING
            """,
            new { id = survey.Id, now = Clock.Now() }, transaction, cancellationToken: cancellationToken));
        var stored = await connection.QuerySingleOrDefaultAsync<(long Version, long DataVersion, string? State)?>(new CommandDefinition(
            "SELECT version, data_version, state FROM webhook_survey_states WHERE survey_id = @id" + StorageProvider.Of(connection).LockRowForWrite,
            new { id = survey.Id }, transaction, cancellationToken: cancellationToken));
        // Another instance compared this survey (or a newer snapshot of it) meanwhile: its events are made.
        if (stored is null || (stored.Value.Version >= now.Version && stored.Value.DataVersion >= now.DataVersion && stored.Value.State is not null))
        {
            return;
        }

        if (stored.Value.State is { } before)
        {
            foreach (var (type, data) in Differences(JsonSerializer.Deserialize<SurveyState>(before)!, now, survey.Id))
            {
                await WebhookOutbox.AddAsync(connection, transaction, survey.WorkspaceId, survey.Id, type, data, cancellationToken);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_survey_states SET version = @Version, data_version = @DataVersion, state = @state, updated_at = @now WHERE survey_id = @id",
            new { id = survey.Id, now.Version, now.DataVersion, state = JsonSerializer.Serialize(now), now = Clock.Now() },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The events between two states of a survey. A category change is reported between two analysed states with
    /// answers (a feature's first answers give it a category, which is not a move); a feature new since is only recorded.
    /// </summary>
    internal static IEnumerable<(string Type, JsonObject Data)> Differences(SurveyState before, SurveyState after, long surveyId)
    {
        var link = $"/v1/surveys/{surveyId}/analysis";
        foreach (var (id, feature) in after.Features)
        {
            if (!before.Features.TryGetValue(id, out var was))
            {
                continue;
            }

            JsonObject Data() => new()
            {
                ["link"] = link,
                ["featureId"] = long.Parse(id, CultureInfo.InvariantCulture),
                ["featureKey"] = feature.Key,
                ["code"] = feature.Code,
                ["category"] = feature.Category,
                ["probability"] = feature.Probability,
                ["respondents"] = feature.Respondents,
            };

            if (was.Respondents > 0 && feature.Respondents > 0 && was.Code != feature.Code)
            {
                var data = Data();
                data["previousCode"] = was.Code;
                data["previousCategory"] = was.Category;
                yield return (WebhookEventTypes.FeatureCategoryChanged, data);
            }

            if (feature.Settled != was.Settled)
            {
                yield return (feature.Settled ? WebhookEventTypes.FeatureSettled : WebhookEventTypes.FeatureUnsettled, Data());
            }
        }

        if (after.Settled && !before.Settled)
        {
            yield return (WebhookEventTypes.SurveySettled, new JsonObject { ["link"] = link, ["features"] = after.Features.Count });
        }
    }

    /// <summary>Links that became full or expired and are not yet reported: each reported once (its notice row is unique).</summary>
    private async Task NoticeLinksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Clock.Now();
        var links = (await connection.QueryAsync<(long Id, long WorkspaceId, long SurveyId, string Kind, string Notice, string? Name, string Prefix)>(new CommandDefinition(
            $"""
            SELECT l.id, l.workspace_id, l.survey_id, l.kind, 'full', l.name, l.prefix FROM survey_links l
            WHERE l.kind = 'form' AND l.max_responses IS NOT NULL AND l.responses >= l.max_responses AND l.revoked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM webhook_link_notices n WHERE n.link_id = l.id AND n.kind = 'full')
              AND {Wanted("l.workspace_id", [WebhookEventTypes.LinkFull])}
            UNION ALL
            SELECT l.id, l.workspace_id, l.survey_id, l.kind, 'expired', l.name, l.prefix FROM survey_links l
            WHERE l.expires_at IS NOT NULL AND l.expires_at <= @now AND l.revoked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM webhook_link_notices n WHERE n.link_id = l.id AND n.kind = 'expired')
              AND {Wanted("l.workspace_id", [WebhookEventTypes.LinkExpired])}
            LIMIT 100
            """,
            new { now }, cancellationToken: cancellationToken))).AsList();
        foreach (var link in links)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var noticed = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO webhook_link_notices (link_id, kind, noticed_at) VALUES (@id, @notice, @now) ON CONFLICT (link_id, kind) DO NOTHING",
                new { id = link.Id, notice = link.Notice, now }, transaction, cancellationToken: cancellationToken));
            if (noticed == 1)
            {
                await WebhookOutbox.AddAsync(
                    connection, transaction, link.WorkspaceId, link.SurveyId,
                    link.Notice == "full" ? WebhookEventTypes.LinkFull : WebhookEventTypes.LinkExpired,
                    new JsonObject
                    {
                        ["link"] = $"/v1/surveys/{link.SurveyId}/links/{link.Id}",
                        ["linkId"] = link.Id,
                        ["kind"] = link.Kind,
                        ["name"] = link.Name,
                        ["prefix"] = link.Prefix,
                    },
                    cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for webhook events after writes failed; the next pass retries")]
    private partial void LogPassFailed(Exception exception);
}

/// <summary>What the watcher last saw of a survey: its versions, and per feature (by id) what its events compare.</summary>
internal sealed record SurveyState(long Version, long DataVersion, bool Settled, Dictionary<string, FeatureState> Features)
{
    public static SurveyState Of(long version, long dataVersion, SurveyAnalysis analysis) => new(
        version,
        dataVersion,
        analysis.Features.Count > 0 && analysis.Features.All(feature => feature.Settled),
        analysis.Features.ToDictionary(
            feature => feature.FeatureId.ToString(CultureInfo.InvariantCulture),
            feature => new FeatureState(
                feature.Key,
                feature.Code?.ToString(),
                feature.Category is { } category ? KanoNames.Name(category) : null,
                feature.Code is { } code && feature.CategoryProbabilities is { } probabilities
                    ? Math.Round(probabilities.GetValueOrDefault(code), 3, MidpointRounding.AwayFromZero)
                    : 0,
                feature.N,
                feature.Settled)));
}

/// <remarks>A feature nobody answered has no code and no category (null).</remarks>
internal sealed record FeatureState(string Key, string? Code, string? Category, double Probability, long Respondents, bool Settled);
