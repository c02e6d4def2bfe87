using KanoApi.Responses;

namespace KanoApi.Storage;

/// <summary>
/// The columns of <c>respondents</c> and <c>answers</c> that the respondent writers fill from what a response gave, in
/// one place for all three writers (<see cref="Sqlite.SqliteRespondentWriter"/>, <see cref="Postgres.PostgresStatementWriter"/>,
/// <see cref="Postgres.PostgresCopyWriter"/>): a new column of a respondent or of an answer is one line here (and its
/// migration), not an edit of every INSERT and COPY. What a writer adds itself is not listed: the survey, the
/// creation time, the respondent's id, and its segments' rows.
/// </summary>
internal static class StoredColumns
{
    /// <summary>A column of <c>respondents</c>, text or null. The first is the respondent's id in its survey, the conflict key.</summary>
    public static readonly StoredColumn<RespondentAnswers, string?>[] Respondent =
    [
        new("respondent_key", respondent => respondent.RespondentKey),
        new("wave", respondent => respondent.Wave),
        new("segments", respondent => respondent.SegmentsJson),
        new("answered_at", respondent => respondent.AnsweredAt),
    ];

    /// <summary>A column of <c>answers</c> beside its respondent's id, an integer or null.</summary>
    public static readonly StoredColumn<CheckedAnswer, long?>[] Answer =
    [
        new("feature_id", answer => answer.FeatureId),
        new("functional", answer => (long)answer.Functional),
        new("dysfunctional", answer => (long)answer.Dysfunctional),
        new("importance", answer => answer.Importance),
        new("satisfaction", answer => answer.Satisfaction),
        new("expectation", answer => answer.Expectation),
        new("perception", answer => answer.Perception),
    ];

    /// <summary>"a, b, c": the names of <paramref name="columns"/> as an INSERT's or COPY's column list.</summary>
    public static string Names<TRow, TValue>(IEnumerable<StoredColumn<TRow, TValue>> columns) =>
        string.Join(", ", columns.Select(column => column.Name));
}

/// <summary>A stored column: its name, and its value in a row as a response gave it.</summary>
internal sealed record StoredColumn<TRow, TValue>(string Name, Func<TRow, TValue> Value);
