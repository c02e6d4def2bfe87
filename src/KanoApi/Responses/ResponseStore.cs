using System.Data.Common;
using Dapper;
using Kano.Analysis;

namespace KanoApi.Responses;

/// <summary>
/// The SQL of stored responses outside the write path of <see cref="ResponseRecorder"/>: reading respondents with their
/// answers, and erasing one respondent together with its share of every aggregate.
/// </summary>
internal static class ResponseStore
{
    public static Task<long?> FindRespondentAsync(DbConnection connection, DbTransaction transaction, long surveyId, string respondentKey, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM respondents WHERE survey_id = @surveyId AND respondent_key = @respondentKey",
            new { surveyId, respondentKey }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Gives a CSV import's connection what a long write in one transaction needs while the import holds it
    /// (<see cref="StorageProvider.PrepareForImportAsync"/>: SQLite's page cache), undone when disposed.
    /// </summary>
    public static Task<IAsyncDisposable?> WidenCacheForImportAsync(DbConnection connection, CancellationToken cancellationToken) =>
        StorageProvider.Of(connection).PrepareForImportAsync(connection, cancellationToken);

    /// <summary>Imports of at least this many respondents refresh the planner's statistics (<see cref="RefreshStatisticsAsync"/>).</summary>
    public const int RefreshStatisticsAfter = 1_000;

    /// <summary>
    /// Refreshes the planner statistics of the response tables after a large import has committed
    /// (<see cref="StorageProvider.RefreshStatisticsAfterImportAsync"/>: PostgreSQL's ANALYZE).
    /// </summary>
    public static Task RefreshStatisticsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        StorageProvider.Of(connection).RefreshStatisticsAfterImportAsync(connection, cancellationToken);

    /// <summary>
    /// Takes the respondent's answers out of the aggregates (per feature, wave and segment value), then deletes it
    /// (its segments go by their foreign key; its answers by theirs on PostgreSQL, by a delete trigger on SQLite,
    /// migration 0020). Its wave, segment values and answers are read back and taken out through
    /// <see cref="CellAggregates"/> — the same sums and upserts a write adds them with, as negative deltas — so the
    /// wide rows need no second way of subtracting. The caller holds the survey's row (<c>SurveyStore.ExistsAsync</c>
    /// in the transaction).
    /// </summary>
    public static async Task DeleteRespondentAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken)
    {
        var wave = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT wave FROM respondents WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        var segments = (await connection.QueryAsync<(string Name, string Value)>(new CommandDefinition(
            "SELECT name, value FROM respondent_segments WHERE respondent_id = @id", new { id }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(segment => segment.Name, segment => segment.Value, StringComparer.Ordinal);
        var answers = (await connection.QueryAsync<(long FeatureId, long Functional, long Dysfunctional, long? Importance, long? Satisfaction)>(new CommandDefinition(
            "SELECT feature_id, functional, dysfunctional, importance, satisfaction FROM answers WHERE respondent_id = @id",
            new { id }, transaction, cancellationToken: cancellationToken)))
            .Select(answer => new CheckedAnswer(
                answer.FeatureId, (Answer)answer.Functional, (Answer)answer.Dysfunctional, (int?)answer.Importance, (int?)answer.Satisfaction))
            .ToArray();

        var aggregates = new CellAggregates();
        aggregates.Remove(new RespondentAnswers("", wave, segments, answers));
        aggregates.Write(connection, transaction);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM respondents WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The survey's respondents after <paramref name="after"/> in id order, at most <paramref name="take"/>, with their answers.</summary>
    public static Task<List<RespondentRow>> ReadPageAsync(DbConnection connection, long surveyId, long after, int take, CancellationToken cancellationToken) =>
        ReadAsync(connection, null, surveyId, PageCondition, new { after, take }, cancellationToken);

    /// <summary>The survey's respondent with this key (none or one), with its answers.</summary>
    public static Task<List<RespondentRow>> ReadByKeyAsync(DbConnection connection, DbTransaction? transaction, long surveyId, string respondentKey, CancellationToken cancellationToken) =>
        ReadAsync(connection, transaction, surveyId, "r.respondent_key = @respondentKey", new { respondentKey }, cancellationToken);

    /// <summary>The survey's respondents that <paramref name="where"/> (SQL over <c>r</c>, with any ORDER BY and LIMIT) keeps.</summary>
    internal static string RespondentsSql(string where) =>
        $"""
        SELECT r.id AS Id, r.respondent_key AS RespondentKey, r.wave AS Wave, r.segments AS Segments, r.created_at AS CreatedAt,
               r.answered_at AS AnsweredAt
        FROM respondents r
        WHERE r.survey_id = @surveyId AND {where}
        """;

    /// <summary>A page of the survey's respondents in id order: read in that order from ix_respondents_survey (migration 0018).</summary>
    internal const string PageCondition = "r.id > @after ORDER BY r.id LIMIT @take";

    /// <summary>
    /// The answers of the survey's respondents with ids from @first to @last, read from the answers' primary key. The
    /// survey condition carries a unary plus so that SQLite does not plan the query from the survey's respondent index
    /// (visiting every respondent of the survey, 100k of them for one POST); each answer's respondent is then checked
    /// by its primary key. PostgreSQL plans it the same way from its statistics, and +x is x.
    /// </summary>
    internal const string AnswersOfRespondentsSql = """
        SELECT a.respondent_id AS RespondentId, a.feature_id AS FeatureId, f.key AS FeatureKey, a.functional AS Functional,
               a.dysfunctional AS Dysfunctional, a.importance AS Importance, a.satisfaction AS Satisfaction,
               a.expectation AS Expectation, a.perception AS Perception
        FROM answers a
        JOIN respondents r ON r.id = a.respondent_id AND +r.survey_id = @surveyId
        JOIN features f ON f.id = a.feature_id
        WHERE a.respondent_id BETWEEN @first AND @last
        ORDER BY a.respondent_id, a.feature_id
        """;

    private static async Task<List<RespondentRow>> ReadAsync(
        DbConnection connection, DbTransaction? transaction, long surveyId, string where, object parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("surveyId", surveyId);
        var respondents = (await connection.QueryAsync<RespondentRow>(new CommandDefinition(
            RespondentsSql(where),
            arguments,
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (respondents.Count == 0)
        {
            return respondents;
        }

        var byId = respondents.ToDictionary(row => row.Id);
        var answers = await connection.QueryAsync<AnswerRow>(new CommandDefinition(
            AnswersOfRespondentsSql,
            // The callers' respondents are every respondent of the survey within an id range (one respondent, or a
            // page in id order): a range both providers read from the answers' primary key, where a list parameter
            // would be SQLite's "IN @ids" but PostgreSQL's "= ANY(@ids)".
            new { surveyId, first = byId.Keys.Min(), last = byId.Keys.Max() },
            transaction,
            cancellationToken: cancellationToken));
        foreach (var answer in answers)
        {
            byId[answer.RespondentId].Answers.Add(answer);
        }

        return respondents;
    }
}
