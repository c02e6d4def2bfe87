using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Surveys;

namespace KanoApi.Features;

/// <summary>
/// The SQL of a survey's features, always scoped by workspace. Writes begin with <see cref="SurveyStore.BeginWriteAsync"/>, which
/// holds the survey row until commit (on PostgreSQL; SQLite's write transaction holds the file): a feature's
/// If-Match check, key check and update then cannot interleave with another instance's write to the same survey.
/// </summary>
internal static class FeatureStore
{
    private const string Columns = """
        SELECT f.id AS Id, f.key AS Key, f.name AS Name, f.description AS Description,
               f.functional_question AS FunctionalQuestion, f.dysfunctional_question AS DysfunctionalQuestion,
               f.functional_question_vi AS FunctionalQuestionVi, f.dysfunctional_question_vi AS DysfunctionalQuestionVi,
               f.effort AS Effort, f.name_vi AS NameVi, f.description_vi AS DescriptionVi, f.dimension AS Dimension, f.version AS Version, f.created_at AS CreatedAt, f.updated_at AS UpdatedAt
        FROM features f
        """;

    private const string SelectFeatures = Columns + """

        JOIN surveys s ON s.id = f.survey_id AND s.workspace_id = @workspaceId
        WHERE f.survey_id = @surveyId
        """;

    /// <summary>
    /// Every feature of a survey already opened in its workspace (<see cref="SurveyScope"/>, a link), in creation
    /// order: what the questionnaire asks and the analysis reports.
    /// </summary>
    public static async Task<IReadOnlyList<FeatureRow>> AllAsync(DbConnection connection, long surveyId, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<FeatureRow>(new CommandDefinition(
            Columns + " WHERE f.survey_id = @surveyId ORDER BY f.id",
            new { surveyId },
            transaction,
            cancellationToken: cancellationToken))).AsList();

    /// <summary>The survey's feature ids by key, as answers name their features (a JSON answer's feature, a CSV header).</summary>
    public static async Task<Dictionary<string, long>> IdsByKeyAsync(DbConnection connection, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long Id, string Key)>(new CommandDefinition(
            "SELECT id, key FROM features WHERE survey_id = @surveyId", new { surveyId }, transaction, cancellationToken: cancellationToken)))
        .ToDictionary(feature => feature.Key, feature => feature.Id, StringComparer.Ordinal);

    public static Task<long> CountAsync(DbConnection connection, DbTransaction transaction, long surveyId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM features WHERE survey_id = @surveyId", new { surveyId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts a feature (and its mirror in the survey's staff audience); its id, or null when the survey already has the key.</summary>
    public static async Task<long?> InsertAsync(DbConnection connection, DbTransaction transaction, long surveyId, FeatureValues values, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO features (survey_id, key, name, description, functional_question, dysfunctional_question,
                                  functional_question_vi, dysfunctional_question_vi, effort, name_vi, description_vi, dimension, created_at, updated_at)
            VALUES (@surveyId, @key, @name, @description, @functionalQuestion, @dysfunctionalQuestion,
                    @functionalQuestionVi, @dysfunctionalQuestionVi, @effort, @nameVi, @descriptionVi, @dimension, @now, @now)
            ON CONFLICT (survey_id, key) DO NOTHING
            RETURNING id
            """,
            Parameters(values, new { surveyId, now = Clock.Now() }),
            transaction,
            cancellationToken: cancellationToken));
        if (id is not null)
        {
            await MirrorToStaffAsync(connection, transaction, surveyId, cancellationToken);
        }

        return id;
    }

    public static async Task<bool> KeyTakenAsync(DbConnection connection, DbTransaction transaction, long surveyId, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM features WHERE survey_id = @surveyId AND key = @key",
            new { surveyId, key }, transaction, cancellationToken: cancellationToken)) is not null;

    /// <summary>Updates a feature and its mirror in the survey's staff audience.</summary>
    public static async Task UpdateAsync(DbConnection connection, DbTransaction transaction, long id, FeatureValues values, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE features
            SET key = @key, name = @name, description = @description, functional_question = @functionalQuestion,
                dysfunctional_question = @dysfunctionalQuestion, functional_question_vi = @functionalQuestionVi,
                dysfunctional_question_vi = @dysfunctionalQuestionVi, effort = @effort, name_vi = @nameVi,
                description_vi = @descriptionVi, dimension = @dimension, version = version + 1, updated_at = @now
            WHERE id = @id
            """,
            Parameters(values, new { id, now = Clock.Now() }),
            transaction,
            cancellationToken: cancellationToken));
        var surveyId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT survey_id FROM features WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await MirrorToStaffAsync(connection, transaction, surveyId, cancellationToken);
    }

    /// <summary>
    /// Deletes a feature with its answers, each found through the primary key (respondent, feature): answers have no
    /// index by feature (migration 0015). Foreign keys then cascade to the feature's aggregates. Its mirror in the
    /// survey's staff audience goes the same way, first (answers have no foreign key to their feature).
    /// </summary>
    public static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, long surveyId, long id, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM answers
            WHERE feature_id = (SELECT m.id FROM features m WHERE m.mirror_of = @id)
              AND respondent_id IN (SELECT r.id FROM respondents r JOIN surveys c ON c.id = r.survey_id WHERE c.staff_of = @surveyId);
            DELETE FROM features WHERE mirror_of = @id;
            DELETE FROM answers
            WHERE feature_id = @id AND respondent_id IN (SELECT id FROM respondents WHERE survey_id = @surveyId);
            DELETE FROM features WHERE id = @id;
            """,
            new { id, surveyId }, transaction, cancellationToken: cancellationToken));
        await MirrorToStaffAsync(connection, transaction, surveyId, cancellationToken);
    }

    /// <summary>
    /// Brings the features of the survey's staff audience (decision 0024), if it has one, in step with the survey's own:
    /// each customer feature has one mirror (<c>features.mirror_of</c>) with the same key, name, questions, effort and
    /// dimension, which staff answers are stored against, so their aggregates never meet the customers'. Called by every
    /// write of this store and when the staff audience is created; marks the staff audience's data changed.
    /// </summary>
    public static async Task MirrorToStaffAsync(DbConnection connection, IDbTransaction transaction, long surveyId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE features
            SET key = p.key, name = p.name, description = p.description, functional_question = p.functional_question,
                dysfunctional_question = p.dysfunctional_question, functional_question_vi = p.functional_question_vi,
                dysfunctional_question_vi = p.dysfunctional_question_vi, effort = p.effort, name_vi = p.name_vi,
                description_vi = p.description_vi, dimension = p.dimension, updated_at = p.updated_at
            FROM features p
            WHERE features.mirror_of = p.id AND p.survey_id = @surveyId;
            INSERT INTO features (survey_id, mirror_of, key, name, description, functional_question, dysfunctional_question,
                                  functional_question_vi, dysfunctional_question_vi, effort, name_vi, description_vi, dimension,
                                  created_at, updated_at)
            SELECT c.id, p.id, p.key, p.name, p.description, p.functional_question, p.dysfunctional_question,
                   p.functional_question_vi, p.dysfunctional_question_vi, p.effort, p.name_vi, p.description_vi, p.dimension,
                   p.created_at, p.updated_at
            FROM features p JOIN surveys c ON c.staff_of = p.survey_id
            WHERE p.survey_id = @surveyId AND NOT EXISTS (SELECT 1 FROM features m WHERE m.mirror_of = p.id)
            ORDER BY p.id;
            UPDATE surveys SET data_version = data_version + 1 WHERE staff_of = @surveyId;
            """,
            new { surveyId }, transaction, cancellationToken: cancellationToken));

    public static async Task<List<FeatureRow>> ListAsync(DbConnection connection, long workspaceId, long surveyId, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<FeatureRow>(new CommandDefinition(
            SelectFeatures + " AND f.id > @after ORDER BY f.id LIMIT @take",
            new { workspaceId, surveyId, after, take },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>A feature of a survey in this workspace, by integer id or by key (keys are never all digits, so the two cannot collide).</summary>
    public static Task<FeatureRow?> FindAsync(
        DbConnection connection, long workspaceId, long surveyId, string featureIdOrKey, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var byId = long.TryParse(featureIdOrKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        return connection.QuerySingleOrDefaultAsync<FeatureRow>(new CommandDefinition(
            SelectFeatures + (byId ? " AND f.id = @id" : " AND f.key = @key"),
            new { workspaceId, surveyId, id, key = SurveyRules.FoldFeatureKey(featureIdOrKey) },
            transaction,
            cancellationToken: cancellationToken));
    }

    private static DynamicParameters Parameters(FeatureValues values, object more)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            key = values.Key,
            name = values.Name,
            description = values.Description,
            functionalQuestion = values.FunctionalQuestion,
            dysfunctionalQuestion = values.DysfunctionalQuestion,
            functionalQuestionVi = values.FunctionalQuestionVi,
            dysfunctionalQuestionVi = values.DysfunctionalQuestionVi,
            effort = values.Effort,
            nameVi = values.NameVi,
            descriptionVi = values.DescriptionVi,
            dimension = values.Dimension,
        });
        return parameters;
    }
}

/// <summary>A feature's stored fields as a write sets them (already checked and trimmed by the handler).</summary>
internal sealed record FeatureValues(
    string Key, string Name, string? Description, string? FunctionalQuestion, string? DysfunctionalQuestion,
    string? FunctionalQuestionVi, string? DysfunctionalQuestionVi, double? Effort, string? NameVi, string? DescriptionVi,
    string? Dimension);
