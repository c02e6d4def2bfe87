using KanoApi.Responses;
using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Storage.Postgres;

/// <summary>
/// How JSON responses and batches store respondents on PostgreSQL: the respondents, their segments and their answers
/// in ONE statement however many there are (data-modifying CTEs over arrays, one per column, unnested), so a batch of
/// 200 respondents x 50 features costs one round trip and one plan, where a statement per respondent cost 200 of each
/// and was most of a batch's time (decision 0028). SQLite runs in-process, where a prepared INSERT per row is the
/// fastest way (<see cref="Sqlite.SqliteRespondentWriter"/>); the CSV import streams by COPY (<see cref="PostgresCopyWriter"/>).
/// </summary>
/// <remarks>
/// The respondents are inserted in the order given (their ids follow it, as on SQLite). ON CONFLICT DO NOTHING skips a
/// respondent whose id the survey already has, and the joins on the inserted rows then skip its segments and answers:
/// the statement returns the places of the respondents it stored, so each caller learns which were refused exactly as
/// it did when each had a statement of its own. An id given twice to one writer is refused here before it is sent
/// (the second would otherwise join the first's row). The writer's caller holds the survey's row lock
/// (<see cref="Surveys.SurveyStore.BeginWriteAsync"/>), so no other write can add a respondent to the survey meanwhile.
/// The answers' and segments' foreign keys to the new respondents are checked at the end of the statement, when the
/// respondents' rows are there.
/// </remarks>
internal sealed class PostgresStatementWriter : IRespondentWriter
{
    private static readonly string Sql = MakeSql();

    private readonly NpgsqlCommand command;
    private readonly NpgsqlParameter<string?[]>[] respondentValues;
    private readonly NpgsqlParameter<long[]> segmentOf = new("segmentOf", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<string[]> names = new("names", NpgsqlDbType.Array | NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> values = new("values", NpgsqlDbType.Array | NpgsqlDbType.Text);
    private readonly NpgsqlParameter<long[]> answerOf = new("answerOf", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<long?[]>[] answerValues;

    /// <summary>Every respondent id this writer was given, stored or not: one given again is refused without a round trip.</summary>
    private readonly HashSet<string> given = new(StringComparer.Ordinal);

    public PostgresStatementWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, long surveyId, string createdAt)
    {
        command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("survey", NpgsqlDbType.Bigint) { TypedValue = surveyId });
        command.Parameters.Add(new NpgsqlParameter<string>("createdAt", NpgsqlDbType.Text) { TypedValue = createdAt });
        respondentValues = [.. StoredColumns.Respondent.Select((_, i) => new NpgsqlParameter<string?[]>($"r{i}", NpgsqlDbType.Array | NpgsqlDbType.Text))];
        answerValues = [.. StoredColumns.Answer.Select((_, i) => new NpgsqlParameter<long?[]>($"a{i}", NpgsqlDbType.Array | NpgsqlDbType.Bigint))];
        NpgsqlParameter[] arrays = [.. respondentValues, segmentOf, names, values, answerOf, .. answerValues];
        command.Parameters.AddRange(arrays);
    }

    /// <summary>Stores one respondent with its segments and answers; false (nothing stored) when the id is taken.</summary>
    public bool Add(RespondentAnswers respondent) => AddAll([respondent])[0];

    /// <summary>Stores the respondents with their segments and answers in one statement; for each, whether it was stored.</summary>
    public bool[] AddAll(IReadOnlyList<RespondentAnswers> respondents)
    {
        var stored = new bool[respondents.Count];
        // The respondents sent, by their place in the arrays (1-based, as WITH ORDINALITY counts).
        var sent = new List<int>(respondents.Count);
        int segmentCount = 0, answerCount = 0;
        for (var i = 0; i < respondents.Count; i++)
        {
            if (given.Add(respondents[i].RespondentKey))
            {
                sent.Add(i);
                segmentCount += respondents[i].Segments.Count;
                answerCount += respondents[i].Answers.Count;
            }
        }

        if (sent.Count == 0)
        {
            return stored;
        }

        var respondentColumns = respondentValues.Select(_ => new string?[sent.Count]).ToArray();
        var (segmentRespondents, segmentNames, segmentValues) = (new long[segmentCount], new string[segmentCount], new string[segmentCount]);
        var answerRespondents = new long[answerCount];
        var answerColumns = answerValues.Select(_ => new long?[answerCount]).ToArray();
        int segment = 0, answer = 0;
        for (var place = 0; place < sent.Count; place++)
        {
            var respondent = respondents[sent[place]];
            for (var column = 0; column < respondentColumns.Length; column++)
            {
                respondentColumns[column][place] = StoredColumns.Respondent[column].Value(respondent);
            }

            foreach (var (name, value) in respondent.Segments)
            {
                (segmentRespondents[segment], segmentNames[segment], segmentValues[segment]) = (place + 1, name, value);
                segment++;
            }

            foreach (var checkedAnswer in respondent.Answers)
            {
                answerRespondents[answer] = place + 1;
                for (var column = 0; column < answerColumns.Length; column++)
                {
                    answerColumns[column][answer] = StoredColumns.Answer[column].Value(checkedAnswer);
                }

                answer++;
            }
        }

        for (var column = 0; column < respondentColumns.Length; column++)
        {
            respondentValues[column].TypedValue = respondentColumns[column];
        }

        for (var column = 0; column < answerColumns.Length; column++)
        {
            answerValues[column].TypedValue = answerColumns[column];
        }

        (segmentOf.TypedValue, names.TypedValue, values.TypedValue) = (segmentRespondents, segmentNames, segmentValues);
        answerOf.TypedValue = answerRespondents;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored[sent[(int)reader.GetInt64(0) - 1]] = true;
            }
        }

        return stored;
    }

    /// <summary>Nothing is held back: every respondent was stored by <see cref="Add"/> or <see cref="AddAll"/>.</summary>
    public void Flush()
    {
    }

    public void Dispose() => command.Dispose();

    /// <summary>
    /// The statement, its columns taken from <see cref="StoredColumns"/>: @r0… one text array per respondent column,
    /// @a0… one integer array per answer column, and the segments' and answers' respondents by place (@segmentOf, @answerOf).
    /// </summary>
    private static string MakeSql()
    {
        var respondentNames = StoredColumns.Names(StoredColumns.Respondent);
        var respondentArrays = string.Join(", ", StoredColumns.Respondent.Select((_, i) => $"@r{i}"));
        var answerNames = StoredColumns.Names(StoredColumns.Answer);
        var answerArrays = string.Join(", ", StoredColumns.Answer.Select((_, i) => $"@a{i}"));
        var answerSelected = string.Join(", ", StoredColumns.Answer.Select(column => "a." + column.Name));
        return $"""
            WITH given AS (
                SELECT * FROM unnest({respondentArrays}) WITH ORDINALITY AS g ({respondentNames}, place)
            ), respondent AS (
                INSERT INTO respondents (survey_id, created_at, {respondentNames})
                SELECT @survey, @createdAt, {respondentNames} FROM given ORDER BY place
                ON CONFLICT (survey_id, respondent_key) DO NOTHING
                RETURNING id, respondent_key
            ), stored AS (
                SELECT given.place, respondent.id FROM given JOIN respondent USING (respondent_key)
            ), segment_rows AS (
                INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
                SELECT stored.id, @survey, s.name, s.value
                FROM unnest(@segmentOf, @names, @values) AS s (place, name, value) JOIN stored USING (place)
            ), answer_rows AS (
                INSERT INTO answers (respondent_id, {answerNames})
                SELECT stored.id, {answerSelected}
                FROM unnest(@answerOf, {answerArrays}) AS a (place, {answerNames}) JOIN stored USING (place)
            )
            SELECT place FROM stored
            """;
    }
}
