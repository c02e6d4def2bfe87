using System.Data.Common;
using Dapper;
using Kano.Analysis;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Responses;
using KanoApi.Workspaces;

namespace KanoApi.Demo;

/// <summary>
/// On the first start in Development (or anywhere with <c>Kano:SeedDemo=true</c>) on a database without surveys,
/// stores the demo survey in the workspace <c>default</c> so Swagger UI shows real results at once. It runs once
/// per database: a row in service_state remembers it, so deleting the demo does not bring it back.
/// </summary>
public sealed partial class DemoSeeder(Database database, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoSeeder> logger)
{
    private const string SeededMarker = "demo-seeded";

    public bool Enabled => configuration.GetValue<bool?>("Kano:SeedDemo") ?? environment.IsDevelopment();

    /// <summary>Seeds the demo when enabled and never done; returns the demo survey's id, or null when nothing was seeded.</summary>
    public long? SeedOnce()
    {
        if (!Enabled)
        {
            return null;
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var seededBefore = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM service_state WHERE name = @name", new { name = SeededMarker }, transaction) > 0;
        var surveys = connection.ExecuteScalar<long>("SELECT count(*) FROM surveys", transaction: transaction);
        var workspaceId = connection.ExecuteScalar<long?>(
            "SELECT id FROM workspaces WHERE name = @name ORDER BY id LIMIT 1", new { name = WorkspaceBootstrap.DefaultWorkspaceName }, transaction);
        if (seededBefore || surveys > 0 || workspaceId is null)
        {
            return null;
        }

        var now = Clock.Now();
        var surveyId = connection.ExecuteScalar<long>(
            """
            INSERT INTO surveys (workspace_id, name, description, language, ask_service_quality, created_at, updated_at)
            VALUES (@workspaceId, @name, @description, 'en', @askServiceQuality, @now, @now)
            RETURNING id
            """,
            new { workspaceId, name = DemoSurvey.Name, description = DemoSurvey.Description, askServiceQuality = true, now },
            transaction);

        var featureIds = new Dictionary<string, long>();
        foreach (var feature in DemoSurvey.Features)
        {
            featureIds[feature.Key] = connection.ExecuteScalar<long>(
                """
                INSERT INTO features (survey_id, key, name, description, functional_question, dysfunctional_question, effort, dimension, created_at, updated_at)
                VALUES (@surveyId, @key, @name, @description, @functional, @dysfunctional, @effort, @dimension, @now, @now)
                RETURNING id
                """,
                new
                {
                    surveyId, key = feature.Key, name = feature.Name, description = feature.Description,
                    functional = feature.FunctionalQuestion, dysfunctional = feature.DysfunctionalQuestion,
                    effort = feature.Effort, dimension = feature.Dimension, now,
                },
                transaction);
        }

        Record(connection, transaction, surveyId, featureIds, DemoSurvey.Generate());

        // Its staff audience (decision 0024), made as a first staff request makes it, in this transaction: the
        // companion survey and a mirror of each feature, which the staff answers are stored against, apart from the
        // customers'. Startup is synchronous and the store's SQL completes at once, so the wait here blocks nothing.
        StaffAudience.CreateAsync(connection, transaction, surveyId, CancellationToken.None).GetAwaiter().GetResult();
        var staffId = connection.ExecuteScalar<long>("SELECT id FROM surveys WHERE staff_of = @surveyId", new { surveyId }, transaction);
        var mirrorIds = connection.Query<(string Key, long Id)>("SELECT key, id FROM features WHERE survey_id = @staffId", new { staffId }, transaction)
            .ToDictionary(mirror => mirror.Key, mirror => mirror.Id);
        Record(connection, transaction, staffId, mirrorIds, DemoSurvey.GenerateStaff());

        connection.Execute(
            "INSERT INTO service_state (name, value, updated_at) VALUES (@name, @value, @now)",
            new { name = SeededMarker, value = surveyId.ToString(System.Globalization.CultureInfo.InvariantCulture), now },
            transaction);
        transaction.Commit();
        LogSeeded(DemoSurvey.Name, surveyId, WorkspaceBootstrap.DefaultWorkspaceName, DemoSurvey.Respondents, DemoSurvey.StaffRespondents);
        return surveyId;
    }

    /// <summary>Stores respondents with the same recorder as the response endpoints, so raw answers and aggregates stay in step.</summary>
    private static void Record(
        DbConnection connection, DbTransaction transaction, long surveyId, Dictionary<string, long> featureIds, IEnumerable<DemoSurvey.Respondent> respondents)
    {
        using var recorder = new ResponseRecorder(connection, transaction, surveyId);
        foreach (var respondent in respondents)
        {
            recorder.Record(new RespondentAnswers(
                respondent.Id,
                respondent.Wave,
                respondent.Segments,
                respondent.Answers.Select(answer => new CheckedAnswer(
                    featureIds[answer.FeatureKey], answer.Functional, answer.Dysfunctional, answer.Importance, answer.Satisfaction,
                    answer.Expectation, answer.Perception)).ToArray()));
        }

        recorder.Finish();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Seeded the demo survey '{Survey}' as survey {SurveyId} in workspace '{Workspace}' ({Respondents} respondents, {Staff} staff): try GET /v1/surveys/{SurveyId}/backlog")]
    private partial void LogSeeded(string survey, long surveyId, string workspace, int respondents, int staff);
}
