using System.Data.Common;
using System.Text.Json;

namespace KanoApi.Responses;

/// <summary>
/// Stores respondents for <see cref="ResponseRecorder"/>, which keeps the aggregates. One per provider and path:
/// <see cref="ResponseRows"/> (SQLite), <see cref="ResponseStatement"/> (PostgreSQL, JSON) and <see cref="ResponseCopy"/>
/// (PostgreSQL, CSV import).
/// </summary>
internal interface IRespondentWriter : IDisposable
{
    /// <summary>Stores (or stages) one respondent; false, and nothing stored, when the survey already has its id.</summary>
    bool Add(RespondentAnswers respondent);

    /// <summary>Writes whatever is staged. Called once, before the aggregates are written.</summary>
    void Flush();
}

/// <summary>
/// How SQLite stores respondents: one prepared INSERT per row (respondent, segment, answer), re-bound each time. SQLite
/// runs in-process, so a statement costs no round trip and this is its fastest path (the import benchmark holds it to
/// half the speed of a raw insert of the same answers).
/// </summary>
internal sealed class ResponseRows : IRespondentWriter
{
    private readonly DbCommand insertRespondent;
    private readonly DbCommand insertSegment;
    private readonly DbCommand insertAnswer;
    // The parameters bound per row, held rather than looked up by name for every answer (a collection's name lookup
    // is a linear search: six per answer were a measurable share of a 5M-answer import).
    private readonly DbParameter respondentKey, respondentWave, respondentSegments;
    private readonly DbParameter segmentRespondent, segmentName, segmentValue;
    private readonly DbParameter answerRespondent, answerFeature, answerFunctional, answerDysfunctional, answerImportance, answerSatisfaction;

    public ResponseRows(DbConnection connection, DbTransaction transaction, long surveyId, string createdAt)
    {
        insertRespondent = PreparedCommand.Create(connection, transaction,
            """
            INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at)
            VALUES (@survey, @key, @wave, @segments, @createdAt)
            ON CONFLICT (survey_id, respondent_key) DO NOTHING
            RETURNING id
            """,
            "@survey", "@key", "@wave", "@segments", "@createdAt");
        insertRespondent.Parameters["@survey"].Value = surveyId;
        insertRespondent.Parameters["@createdAt"].Value = createdAt;

        insertSegment = PreparedCommand.Create(connection, transaction,
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, @survey, @name, @value)",
            "@respondent", "@survey", "@name", "@value");
        insertSegment.Parameters["@survey"].Value = surveyId;

        insertAnswer = PreparedCommand.Create(connection, transaction,
            """
            INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
            VALUES (@respondent, @feature, @functional, @dysfunctional, @importance, @satisfaction)
            """,
            "@respondent", "@feature", "@functional", "@dysfunctional", "@importance", "@satisfaction");

        (respondentKey, respondentWave, respondentSegments) =
            (insertRespondent.Parameters["@key"], insertRespondent.Parameters["@wave"], insertRespondent.Parameters["@segments"]);
        (segmentRespondent, segmentName, segmentValue) =
            (insertSegment.Parameters["@respondent"], insertSegment.Parameters["@name"], insertSegment.Parameters["@value"]);
        (answerRespondent, answerFeature, answerFunctional, answerDysfunctional, answerImportance, answerSatisfaction) = (
            insertAnswer.Parameters["@respondent"], insertAnswer.Parameters["@feature"], insertAnswer.Parameters["@functional"],
            insertAnswer.Parameters["@dysfunctional"], insertAnswer.Parameters["@importance"], insertAnswer.Parameters["@satisfaction"]);
    }

    /// <summary>One respondent, its segments and its answers, one prepared INSERT each; false when the id is taken.</summary>
    public bool Add(RespondentAnswers respondent)
    {
        respondentKey.Value = respondent.RespondentKey;
        respondentWave.Value = (object?)respondent.Wave ?? DBNull.Value;
        respondentSegments.Value = respondent.Segments.Count == 0
            ? DBNull.Value
            : JsonSerializer.Serialize(respondent.Segments);
        if (insertRespondent.ExecuteScalar() is not long respondentId)
        {
            return false;
        }

        foreach (var (name, value) in respondent.Segments)
        {
            segmentRespondent.Value = respondentId;
            segmentName.Value = name;
            segmentValue.Value = value;
            insertSegment.ExecuteNonQuery();
        }

        answerRespondent.Value = respondentId;
        foreach (var answer in respondent.Answers)
        {
            answerFeature.Value = answer.FeatureId;
            answerFunctional.Value = Boxed[(int)answer.Functional];
            answerDysfunctional.Value = Boxed[(int)answer.Dysfunctional];
            answerImportance.Value = answer.Importance is { } importance ? Boxed[importance] : DBNull.Value;
            answerSatisfaction.Value = answer.Satisfaction is { } satisfaction ? Boxed[satisfaction] : DBNull.Value;
            insertAnswer.ExecuteNonQuery();
        }

        return true;
    }

    /// <summary>The scale values 0-9 boxed once, so binding an answer allocates nothing.</summary>
    private static readonly object[] Boxed = [.. Enumerable.Range(0, 10).Select(value => (object)(long)value)];

    /// <summary>Nothing is held back: every row was inserted by <see cref="Add"/>.</summary>
    public void Flush()
    {
    }

    public void Dispose()
    {
        insertRespondent.Dispose();
        insertSegment.Dispose();
        insertAnswer.Dispose();
    }
}

/// <summary>Prepared commands with typed parameters, for the write paths that re-bind one command many times.</summary>
internal static class PreparedCommand
{
    private static readonly HashSet<string> TextParameters = ["@key", "@wave", "@segments", "@createdAt", "@name", "@value"];

    public static DbCommand Create(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // Typed before Prepare: PostgreSQL fixes a prepared statement's parameter types once, so a parameter
            // first bound as NULL must not later carry another type than its column's (text or bigint).
            parameter.DbType = TextParameters.Contains(name) ? System.Data.DbType.String : System.Data.DbType.Int64;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }
}
