using KanoApi.Responses;
using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Storage.Postgres;

/// <summary>
/// How JSON responses and batches store a respondent on PostgreSQL: the respondent, its segments and its answers in
/// ONE statement (data-modifying CTEs; segments and answers passed as arrays and unnested), so a respondent costs one
/// round trip to the server instead of one per answer (a batch of 200 respondents x 50 features once sent its 10,000
/// answers one INSERT at a time, each waiting for the server). SQLite runs in-process, where a prepared INSERT per row
/// is the fastest way (<see cref="Sqlite.SqliteRespondentWriter"/>).
/// </summary>
/// <remarks>
/// The answers' and segments' foreign keys to the new respondent are checked at the end of the statement, when the
/// respondent's row is there. ON CONFLICT DO NOTHING leaves the CTE empty when the survey already has this respondent
/// id, and then nothing else is inserted either: the statement returns no row.
/// </remarks>
internal sealed class PostgresStatementWriter : IRespondentWriter
{
    private readonly NpgsqlCommand command;
    private readonly NpgsqlParameter<string> key = new("key", NpgsqlDbType.Text);
    private readonly NpgsqlParameter wave = new("wave", NpgsqlDbType.Text);
    private readonly NpgsqlParameter segmentsJson = new("segments", NpgsqlDbType.Text);
    private readonly NpgsqlParameter answeredAt = new("answeredAt", NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> names = new("names", NpgsqlDbType.Array | NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> values = new("values", NpgsqlDbType.Array | NpgsqlDbType.Text);
    private readonly NpgsqlParameter<long[]> features = new("features", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<long[]> functional = new("functional", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<long[]> dysfunctional = new("dysfunctional", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<long?[]> importance = new("importance", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<long?[]> satisfaction = new("satisfaction", NpgsqlDbType.Array | NpgsqlDbType.Bigint);

    public PostgresStatementWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, long surveyId, string createdAt)
    {
        command = new NpgsqlCommand(
            """
            WITH respondent AS (
                INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at, answered_at)
                VALUES (@survey, @key, @wave, @segments, @createdAt, @answeredAt)
                ON CONFLICT (survey_id, respondent_key) DO NOTHING
                RETURNING id
            ), segment_rows AS (
                INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
                SELECT respondent.id, @survey, s.name, s.value
                FROM respondent, unnest(@names, @values) AS s (name, value)
            ), answer_rows AS (
                INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
                SELECT respondent.id, a.feature_id, a.functional, a.dysfunctional, a.importance, a.satisfaction
                FROM respondent, unnest(@features, @functional, @dysfunctional, @importance, @satisfaction)
                    AS a (feature_id, functional, dysfunctional, importance, satisfaction)
            )
            SELECT id FROM respondent
            """,
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("survey", NpgsqlDbType.Bigint) { TypedValue = surveyId });
        command.Parameters.Add(new NpgsqlParameter<string>("createdAt", NpgsqlDbType.Text) { TypedValue = createdAt });
        foreach (var parameter in new NpgsqlParameter[] { key, wave, segmentsJson, answeredAt, names, values, features, functional, dysfunctional, importance, satisfaction })
        {
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Stores one respondent with its segments and answers; false (nothing stored) when the id is taken.</summary>
    public bool Add(RespondentAnswers respondent)
    {
        key.TypedValue = respondent.RespondentKey;
        wave.Value = (object?)respondent.Wave ?? DBNull.Value;
        segmentsJson.Value = (object?)respondent.SegmentsJson ?? DBNull.Value;
        answeredAt.Value = (object?)respondent.AnsweredAt ?? DBNull.Value;
        names.TypedValue = [.. respondent.Segments.Keys];
        values.TypedValue = [.. respondent.Segments.Values];
        var answers = respondent.Answers;
        var (ids, functionals, dysfunctionals) = (new long[answers.Count], new long[answers.Count], new long[answers.Count]);
        var (importances, satisfactions) = (new long?[answers.Count], new long?[answers.Count]);
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            (ids[i], functionals[i], dysfunctionals[i]) = (answer.FeatureId, (long)answer.Functional, (long)answer.Dysfunctional);
            (importances[i], satisfactions[i]) = (answer.Importance, answer.Satisfaction);
        }

        (features.TypedValue, functional.TypedValue, dysfunctional.TypedValue) = (ids, functionals, dysfunctionals);
        (importance.TypedValue, satisfaction.TypedValue) = (importances, satisfactions);
        return command.ExecuteScalar() is long;
    }

    /// <summary>Nothing is held back: every respondent was stored by <see cref="Add"/>.</summary>
    public void Flush()
    {
    }

    public void Dispose() => command.Dispose();
}
