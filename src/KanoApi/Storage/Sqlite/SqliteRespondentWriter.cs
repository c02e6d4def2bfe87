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
        insertRespondent = new SqliteStatement(sqlite,
            """
            INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at, answered_at)
            VALUES (@survey, @key, @wave, @segments, @createdAt, @answeredAt)
            ON CONFLICT (survey_id, respondent_key) DO NOTHING
            RETURNING id
            """,
            ["@survey", "@key", "@wave", "@segments", "@createdAt", "@answeredAt"]);
        insertRespondent.Set(0, surveyId);
        insertRespondent.Set(4, createdAt);

        insertSegment = new SqliteStatement(sqlite,
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (@respondent, @survey, @name, @value)",
            ["@respondent", "@survey", "@name", "@value"]);
        insertSegment.Set(1, surveyId);

        insertAnswer = new SqliteStatement(sqlite,
            """
            INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
            VALUES (@respondent, @feature, @functional, @dysfunctional, @importance, @satisfaction)
            """,
            ["@respondent", "@feature", "@functional", "@dysfunctional", "@importance", "@satisfaction"]);
    }

    /// <summary>One respondent, its segments and its answers, one INSERT each; false when the id is taken.</summary>
    public bool Add(RespondentAnswers respondent)
    {
        insertRespondent.Set(1, respondent.RespondentKey);
        SetOrNull(insertRespondent, 2, respondent.Wave);
        SetOrNull(insertRespondent, 3, respondent.SegmentsJson);
        SetOrNull(insertRespondent, 5, respondent.AnsweredAt);
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
        foreach (var answer in respondent.Answers)
        {
            insertAnswer.Set(1, answer.FeatureId);
            insertAnswer.Set(2, (long)answer.Functional);
            insertAnswer.Set(3, (long)answer.Dysfunctional);
            SetOrNull(insertAnswer, 4, answer.Importance);
            SetOrNull(insertAnswer, 5, answer.Satisfaction);
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

    private static void SetOrNull(SqliteStatement statement, int position, int? value)
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
