using KanoApi.Responses;

namespace KanoApi.Storage;

/// <summary>
/// Stores respondents for <see cref="ResponseRecorder"/>, which keeps the aggregates. One per provider and path
/// (<see cref="StorageProvider.RespondentWriter"/>): <see cref="Sqlite.SqliteRespondentWriter"/>,
/// <see cref="Postgres.PostgresStatementWriter"/> (JSON) and <see cref="Postgres.PostgresCopyWriter"/> (CSV import).
/// The columns they fill from a response are listed once, in <see cref="StoredColumns"/>.
/// </summary>
internal interface IRespondentWriter : IDisposable
{
    /// <summary>Stores (or stages) one respondent; false, and nothing stored, when the survey already has its id.</summary>
    bool Add(RespondentAnswers respondent);

    /// <summary>
    /// Stores (or stages) the respondents in order; for each, whether it was stored (false: the survey already had its
    /// id, or one before it gave the same). A writer that sends rows to a server does it in one round trip.
    /// </summary>
    bool[] AddAll(IReadOnlyList<RespondentAnswers> respondents) => [.. respondents.Select(Add)];

    /// <summary>Writes whatever is staged. Called once, before the aggregates are written.</summary>
    void Flush();
}
