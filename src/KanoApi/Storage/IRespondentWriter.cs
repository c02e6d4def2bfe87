using KanoApi.Responses;

namespace KanoApi.Storage;

/// <summary>
/// Stores respondents for <see cref="ResponseRecorder"/>, which keeps the aggregates. One per provider and path
/// (<see cref="StorageProvider.RespondentWriter"/>): <see cref="Sqlite.SqliteRespondentWriter"/>,
/// <see cref="Postgres.PostgresStatementWriter"/> (JSON) and <see cref="Postgres.PostgresCopyWriter"/> (CSV import).
/// </summary>
internal interface IRespondentWriter : IDisposable
{
    /// <summary>Stores (or stages) one respondent; false, and nothing stored, when the survey already has its id.</summary>
    bool Add(RespondentAnswers respondent);

    /// <summary>Writes whatever is staged. Called once, before the aggregates are written.</summary>
    void Flush();
}
