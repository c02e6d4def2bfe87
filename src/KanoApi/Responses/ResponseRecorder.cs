using System.Data.Common;
using System.Text.Json;
using KanoApi.Infrastructure;

namespace KanoApi.Responses;

/// <summary>
/// Stores respondents and their answers inside one transaction, keeping the cell aggregates in step: per feature
/// (feature_cells), per feature and wave (wave_cells) and per feature and segment value (segment_cells). They are
/// accumulated in memory (<see cref="CellAggregates"/>) and written once, when the transaction finishes.
/// </summary>
/// <remarks>
/// Written with prepared commands re-bound per respondent rather than Dapper: an import of many thousand
/// rows then costs one statement execution per row stored and nothing else (the import benchmark holds this path
/// to half the speed of a raw insert of the same answers).
/// </remarks>
internal sealed class ResponseRecorder : IDisposable
{
    private readonly DbCommand insertRespondent;
    private readonly DbCommand insertSegment;
    private readonly DbCommand insertAnswer;
    // The parameters bound per row, held rather than looked up by name for every answer (a collection's name lookup
    // is a linear search: six per answer were a measurable share of a 5M-answer import).
    private readonly DbParameter respondentKey, respondentWave, respondentSegments;
    private readonly DbParameter segmentRespondent, segmentName, segmentValue;
    private readonly DbParameter answerRespondent, answerFeature, answerFunctional, answerDysfunctional, answerImportance, answerSatisfaction;
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly long surveyId;
    private readonly CellAggregates aggregates = new();
    private readonly ResponseCopy? copy;

    /// <summary>
    /// A recorder in <paramref name="transaction"/>; with bulk (a CSV import), rows go by binary COPY on PostgreSQL
    /// (<see cref="ResponseCopy"/>) instead of one INSERT each.
    /// </summary>
    public ResponseRecorder(DbConnection connection, DbTransaction transaction, long surveyId, bool bulk = false)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.surveyId = surveyId;
        if (bulk && connection is Npgsql.NpgsqlConnection postgres)
        {
            copy = new ResponseCopy(postgres, surveyId);
        }

        var createdAt = Clock.Now();

        insertRespondent = Prepare(
            """
            INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at)
            VALUES (@survey, @key, @wave, @segments, @createdAt)
            ON CONFLICT (survey_id, respondent_key) DO NOTHING
            RETURNING id
            """,
            "@survey", "@key", "@wave", "@segments", "@createdAt");
        insertRespondent.Parameters["@survey"].Value = surveyId;
        insertRespondent.Parameters["@createdAt"].Value = createdAt;

        insertSegment = Prepare(
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, @survey, @name, @value)",
            "@respondent", "@survey", "@name", "@value");
        insertSegment.Parameters["@survey"].Value = surveyId;

        insertAnswer = Prepare(
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

    public int Stored { get; private set; }

    /// <summary>Answers (one feature of one respondent) recorded so far.</summary>
    public long AnswersStored { get; private set; }

    /// <summary>Stores one respondent; false (and nothing stored) when the survey already has this respondent id.</summary>
    public bool Record(RespondentAnswers respondent)
    {
        if (!(copy?.Add(respondent) ?? Insert(respondent)))
        {
            return false;
        }

        aggregates.Add(respondent);
        Stored++;
        AnswersStored += respondent.Answers.Count;
        return true;
    }

    /// <summary>One respondent, its segments and its answers, one prepared INSERT each; false when the id is taken.</summary>
    private bool Insert(RespondentAnswers respondent)
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

    /// <summary>Adds the accumulated cells to the aggregates and marks the survey's data changed. Call once, before commit.</summary>
    public void Finish()
    {
        if (Stored == 0)
        {
            return;
        }

        copy?.Flush();

        aggregates.Write(connection, transaction);

        using var bump = Prepare("UPDATE surveys SET data_version = data_version + 1 WHERE id = @survey", "@survey");
        bump.Parameters["@survey"].Value = surveyId;
        bump.ExecuteNonQuery();
    }

    public void Dispose()
    {
        copy?.Dispose();
        insertRespondent.Dispose();
        insertSegment.Dispose();
        insertAnswer.Dispose();
    }

    private static readonly HashSet<string> TextParameters = ["@key", "@wave", "@segments", "@createdAt", "@name", "@value"];

    private DbCommand Prepare(string sql, params string[] parameters) => Prepare(connection, transaction, sql, parameters);

    /// <summary>A prepared command in the transaction with these parameters, each typed by its column (text or bigint).</summary>
    internal static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
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
