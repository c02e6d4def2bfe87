using System.Data;
using System.Data.Common;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Surveys;

/// <summary>
/// The SQL of surveys, always scoped by workspace, and the survey-row lock every write to a survey's data starts
/// with (<see cref="ExistsAsync"/> inside a transaction): writes to one survey then follow each other on PostgreSQL as
/// they do on SQLite, so an If-Match check, a limit or a bound key is never acted on after another instance changed it.
/// </summary>
internal static class SurveyStore
{
    private const string SelectSurveys = """
        SELECT s.id AS Id, s.workspace_id AS WorkspaceId, s.name AS Name, s.description AS Description, s.language AS Language, s.version AS Version,
               (SELECT count(*) FROM features f WHERE f.survey_id = s.id) AS Features,
               s.respondent_count AS Respondents,
               s.answer_wording AS AnswerWording, s.randomize_order AS RandomizeOrder, s.ask_importance AS AskImportance,
               s.ask_satisfaction AS AskSatisfaction, s.ask_service_quality AS AskServiceQuality, s.intro_en AS IntroEn, s.intro_vi AS IntroVi,
               s.thank_you_en AS ThankYouEn, s.thank_you_vi AS ThankYouVi, s.title_en AS TitleEn, s.title_vi AS TitleVi,
               s.asked_by AS AskedBy, s.features_per_step AS FeaturesPerStep, s.data_version AS DataVersion,
               s.created_at AS CreatedAt, s.updated_at AS UpdatedAt, s.staff_of AS StaffOf
        FROM surveys s
        """;

    public static Task<long> InsertAsync(
        DbConnection connection, DbTransaction transaction, long workspaceId, string name, string? description, string language, CancellationToken cancellationToken)
    {
        var now = Clock.Now();
        return connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO surveys (workspace_id, name, description, language, created_at, updated_at)
            VALUES (@workspaceId, @name, @description, @language, @now, @now)
            RETURNING id
            """,
            new { workspaceId, name, description, language, now },
            transaction,
            cancellationToken: cancellationToken));
    }

    public static async Task<List<SurveyRow>> ListAsync(DbConnection connection, long workspaceId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SurveyRow>(new CommandDefinition(
            SelectSurveys + " WHERE s.workspace_id = @workspaceId AND s.id > @after AND s.staff_of IS NULL ORDER BY s.id LIMIT @take",
            new { workspaceId, after, take },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// The survey with this id in this workspace; null for a missing survey and for another workspace's alike, and for
    /// a staff audience's companion survey, which is never addressed by its own id (<see cref="Audiences.StaffAudience"/>).
    /// </summary>
    public static Task<SurveyRow?> FindAsync(
        DbConnection connection, long workspaceId, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SurveyRow>(new CommandDefinition(
            SelectSurveys + " WHERE s.id = @surveyId AND s.workspace_id = @workspaceId AND s.staff_of IS NULL",
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The staff audience's companion of survey <paramref name="customerSurveyId"/>, or null when it has none yet.</summary>
    public static Task<SurveyRow?> FindStaffAsync(
        DbConnection connection, long workspaceId, long customerSurveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SurveyRow>(new CommandDefinition(
            SelectSurveys + " WHERE s.staff_of = @customerSurveyId AND s.workspace_id = @workspaceId",
            new { customerSurveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The same survey read again (a customer survey by its id, a staff audience through its customer survey).</summary>
    public static Task<SurveyRow?> FindAgainAsync(DbConnection connection, SurveyRow survey, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        survey.StaffOf is { } customerSurveyId
            ? FindStaffAsync(connection, survey.WorkspaceId, customerSurveyId, transaction, cancellationToken)
            : FindAsync(connection, survey.WorkspaceId, survey.Id, transaction, cancellationToken);

    /// <summary>
    /// A write transaction holding the survey's row (see <see cref="ExistsAsync"/>); null, and nothing begun, when the
    /// survey is gone: deleted since <see cref="SurveyScope"/> opened it (answer <see cref="Problems.SurveyNotFound"/>).
    /// A staff audience's write holds its customer survey's row first, then its own, in the order of a feature write,
    /// which mirrors its change into the staff audience (<see cref="Features.FeatureStore"/>).
    /// </summary>
    public static async Task<DbTransaction?> BeginWriteAsync(DbConnection connection, SurveyRow survey, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (survey.StaffOf is { } customerSurveyId
                ? await ExistsAsync(connection, survey.WorkspaceId, customerSurveyId, transaction, cancellationToken)
                  && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                      "SELECT id FROM surveys WHERE id = @id AND staff_of = @customerSurveyId" + StorageProvider.Of(connection).LockRowForWrite,
                      new { id = survey.Id, customerSurveyId }, transaction, cancellationToken: cancellationToken)) is not null
                : await ExistsAsync(connection, survey.WorkspaceId, survey.Id, transaction, cancellationToken))
        {
            return transaction;
        }

        await transaction.DisposeAsync();
        return null;
    }

    /// <summary>The survey, read in a write transaction after taking its row (see <see cref="ExistsAsync"/>).</summary>
    public static async Task<SurveyRow?> FindForWriteAsync(
        DbConnection connection, long workspaceId, long surveyId, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken)
            ? await FindAsync(connection, workspaceId, surveyId, transaction, cancellationToken)
            : null;

    /// <summary>
    /// Whether the survey exists in this workspace (cheaper than <see cref="FindAsync"/>: no counts). In a write
    /// transaction the survey row stays locked until commit (<see cref="StorageProvider.LockRowForWrite"/>): what the caller
    /// writes on the strength of this check cannot race another instance's write to, or deletion of, the survey.
    /// </summary>
    public static async Task<bool> ExistsAsync(
        DbConnection connection, long workspaceId, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM surveys WHERE id = @surveyId AND workspace_id = @workspaceId AND staff_of IS NULL" + (transaction is null ? "" : StorageProvider.Of(connection).LockRowForWrite),
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken)) is not null;

    public static Task UpdateAsync(DbConnection connection, DbTransaction transaction, long workspaceId, long surveyId, SurveyValues values, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE surveys
            SET name = @Name, description = @Description, language = @Language,
                answer_wording = @AnswerWording, randomize_order = @RandomizeOrder, ask_importance = @AskImportance,
                ask_satisfaction = @AskSatisfaction, ask_service_quality = @AskServiceQuality, intro_en = @IntroEn, intro_vi = @IntroVi,
                thank_you_en = @ThankYouEn, thank_you_vi = @ThankYouVi, title_en = @TitleEn, title_vi = @TitleVi,
                asked_by = @AskedBy, features_per_step = @FeaturesPerStep,
                version = version + 1, updated_at = @now
            WHERE (id = @surveyId OR staff_of = @surveyId) AND workspace_id = @workspaceId
            """,
            Parameters(values, new { surveyId, workspaceId, now = Clock.Now() }),
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>
    /// Deletes the survey. Foreign keys cascade to features (and their aggregates), wordings, respondents, segments
    /// and, through the respondents, answers (on SQLite by the respondents' delete trigger, migration 0020); the trigger surveys_revoke_keys (migration 0007) revokes the collect
    /// keys bound to the survey in the same statement.
    /// </summary>
    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, long workspaceId, long surveyId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM surveys WHERE id = @surveyId AND workspace_id = @workspaceId",
            new { surveyId, workspaceId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>
    /// Marks the survey's data (features, wordings, responses) as changed: the analysis ETag is built from it.
    /// Called in the same transaction as the change.
    /// </summary>
    public static Task BumpDataVersionAsync(DbConnection connection, IDbTransaction transaction, long surveyId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE surveys SET data_version = data_version + 1 WHERE id = @surveyId",
            new { surveyId },
            transaction,
            cancellationToken: cancellationToken));

    private static DynamicParameters Parameters(SurveyValues values, object more)
    {
        var parameters = new DynamicParameters(values);
        parameters.AddDynamicParams(more);
        return parameters;
    }
}

/// <summary>A survey's settings as an update sets them (already checked by the handler).</summary>
internal sealed record SurveyValues(
    string Name, string? Description, string Language, string AnswerWording, bool RandomizeOrder, bool AskImportance,
    bool AskSatisfaction, string? IntroEn, string? IntroVi, string? ThankYouEn, string? ThankYouVi,
    string? TitleEn, string? TitleVi, string? AskedBy, int FeaturesPerStep, bool AskServiceQuality);
