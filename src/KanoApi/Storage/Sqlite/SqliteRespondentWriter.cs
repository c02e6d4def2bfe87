using KanoApi.Responses;
using Microsoft.Data.Sqlite;

namespace KanoApi.Storage.Sqlite;

/// <summary>
/// How SQLite stores respondents: one prepared INSERT per row (respondent, segment, answer), re-bound each time.
/// SQLite runs in-process, so a statement costs no round trip and this is its fastest path. The statements are
/// <see cref="SqliteStatement"/>s, bound by position: Microsoft.Data.Sqlite looks every parameter up by name on every
/// execution, which was half of a CSV import's time (six parameters for each answer).
/// </summary>
internal sealed class SqliteRespondentWriter : IRespondentWriter
{
    private readonly SqliteStatement insertRespondent;
    private readonly SqliteStatement insertSegment;
    private readonly SqliteStatement insertAnswer;

    public SqliteRespondentWriter(SqliteConnection sqlite, long surveyId, string createdAt)
    {
        // The columns a response fills (StoredColumns) follow the survey and the creation time, bound by position.
        string[] respondentParameters = ["@survey", "@createdAt", .. StoredColumns.Respondent.Select((_, i) => $"@r{i}")];
        insertRespondent = new SqliteStatement(sqlite,
            $"""
            INSERT INTO respondents (survey_id, created_at, {StoredColumns.Names(StoredColumns.Respondent)})
            VALUES ({string.Join(", ", respondentParameters)})
            ON CONFLICT (survey_id, respondent_key) DO NOTHING
            RETURNING id
            """,
            respondentParameters);
        insertRespondent.Set(0, surveyId);
        insertRespondent.Set(1, createdAt);

        insertSegment = new SqliteStatement(sqlite,
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, @survey, @name, @value)",
            ["@respondent", "@survey", "@name", "@value"]);
        insertSegment.Set(1, surveyId);

        string[] answerParameters = ["@respondent", .. StoredColumns.Answer.Select((_, i) => $"@a{i}")];
        insertAnswer = new SqliteStatement(sqlite,
            $"INSERT INTO answers (respondent_id, {StoredColumns.Names(StoredColumns.Answer)}) VALUES ({string.Join(", ", answerParameters)})",
            answerParameters);
    }

    /// <summary>One respondent, its segments and its answers, one INSERT each; false when the id is taken.</summary>
    public bool Add(RespondentAnswers respondent)
    {
        var respondentColumns = StoredColumns.Respondent;
        for (var column = 0; column < respondentColumns.Length; column++)
        {
            SetOrNull(insertRespondent, 2 + column, respondentColumns[column].Value(respondent));
        }

        if (insertRespondent.ExecuteScalar() is not { } respondentId)
        {
            return false;
        }

        insertSegment.Set(0, respondentId);
        foreach (var (name, value) in respondent.Segments)
        {
            insertSegment.Set(2, name);
            insertSegment.Set(3, value);
            insertSegment.Execute();
        }

        insertAnswer.Set(0, respondentId);
        var answerColumns = StoredColumns.Answer;
        foreach (var answer in respondent.Answers)
        {
            for (var column = 0; column < answerColumns.Length; column++)
            {
                SetOrNull(insertAnswer, 1 + column, answerColumns[column].Value(answer));
            }

            insertAnswer.Execute();
        }

        return true;
    }

    private static void SetOrNull(SqliteStatement statement, int position, string? value)
    {
        if (value is null)
        {
            statement.SetNull(position);
        }
        else
        {
            statement.Set(position, value);
        }
    }

    private static void SetOrNull(SqliteStatement statement, int position, long? value)
    {
        if (value is { } number)
        {
            statement.Set(position, number);
        }
        else
        {
            statement.SetNull(position);
        }
    }

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
