using KanoApi.Infrastructure;
using KanoApi.Responses;
using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Storage.Postgres;

/// <summary>
/// The CSV import's storage path on PostgreSQL: answers stream by binary COPY into a temporary staging table as the
/// file is read (one round trip per buffer, not per row), respondents and their segments are kept in memory (a
/// respondent is a few strings; the answers are the bulk), and <see cref="Flush"/> writes them with two more binary
/// COPYs into staging and moves everything into its table with set-based INSERTs — all in the import's transaction,
/// so a failure or a kill leaves nothing. Staged rows name their respondent by its place in the file; the INSERTs
/// join that to the id the respondent gets (ids follow the file's order, as on SQLite).
/// </summary>
/// <remarks>
/// Duplicate respondent ids are found as SQLite's path finds them, while reading: the survey's stored keys are read
/// once at the start, under the survey row's lock (<see cref="PostgresProvider.LockRowForWrite"/>), so no other instance can
/// store one of them before this import commits. The aggregates stay <see cref="ResponseRecorder"/>'s (in memory, one
/// upsert per feature cell and per wide wave or segment-value row at the end), identical on both providers.
/// </remarks>
internal sealed class PostgresCopyWriter : IRespondentWriter
{
    /// <summary>
    /// How long one COPY or the final move may take: an import of millions of answers outlasts Npgsql's default 30 s
    /// command timeout, and the request body's own limits already bound the work.
    /// </summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly NpgsqlConnection connection;
    private readonly long surveyId;
    private readonly HashSet<string> keys;
    private readonly List<(string Key, string? Wave, string? Segments, string? AnsweredAt)> respondents = [];
    private readonly List<(long Ordinal, string Name, string Value)> segments = [];
    private NpgsqlBinaryImporter? answers;

    public PostgresCopyWriter(NpgsqlConnection connection, long surveyId)
    {
        this.connection = connection;
        this.surveyId = surveyId;
        // The server holds each statement to the same bound as this client does, so a statement whose client is gone
        // without the server noticing (PostgresConnections.OrphanedWorkBounds) still ends.
        Execute($"SET LOCAL statement_timeout = {(long)StepTimeout.TotalMilliseconds}");
        Execute($"SELECT id FROM surveys WHERE id = {surveyId}{StorageProvider.Postgres.LockRowForWrite}");
        keys = new HashSet<string>(StringComparer.Ordinal);
        using (var command = new NpgsqlCommand("SELECT respondent_key FROM respondents WHERE survey_id = @survey", connection))
        {
            command.Parameters.AddWithValue("survey", surveyId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
        }

        // Before any COPY opens: no other command can run on the connection while one is open.
        Execute("""
            CREATE TEMPORARY TABLE import_answers (
                ordinal bigint NOT NULL, feature_id bigint NOT NULL, functional bigint NOT NULL,
                dysfunctional bigint NOT NULL, importance bigint, satisfaction bigint
            ) ON COMMIT DROP;
            CREATE TEMPORARY TABLE import_respondents (
                ordinal bigint PRIMARY KEY, respondent_key text NOT NULL, wave text, segments text, answered_at text
            ) ON COMMIT DROP;
            CREATE TEMPORARY TABLE import_segments (ordinal bigint NOT NULL, name text NOT NULL, value text NOT NULL) ON COMMIT DROP;
            """);
    }

    /// <summary>Stages one respondent; false (and nothing staged) when the survey already has, or this file already gave, its id.</summary>
    public bool Add(RespondentAnswers respondent)
    {
        if (!keys.Add(respondent.RespondentKey))
        {
            return false;
        }

        long ordinal = respondents.Count;
        respondents.Add((respondent.RespondentKey, respondent.Wave, respondent.SegmentsJson, respondent.AnsweredAt));
        foreach (var (name, value) in respondent.Segments)
        {
            segments.Add((ordinal, name, value));
        }

        if (answers is null)
        {
            answers = connection.BeginBinaryImport(
                "COPY import_answers (ordinal, feature_id, functional, dysfunctional, importance, satisfaction) FROM STDIN (FORMAT BINARY)");
            answers.Timeout = StepTimeout;
        }

        foreach (var answer in respondent.Answers)
        {
            answers.StartRow();
            answers.Write(ordinal, NpgsqlDbType.Bigint);
            answers.Write(answer.FeatureId, NpgsqlDbType.Bigint);
            answers.Write((long)answer.Functional, NpgsqlDbType.Bigint);
            answers.Write((long)answer.Dysfunctional, NpgsqlDbType.Bigint);
            WriteNullable(answers, answer.Importance);
            WriteNullable(answers, answer.Satisfaction);
        }

        return true;
    }

    /// <summary>Writes the staged respondents, segments and answers into their tables. Call once, before the aggregates.</summary>
    public void Flush()
    {
        answers?.Complete();
        answers?.Dispose();
        answers = null;
        using (var writer = connection.BeginBinaryImport(
                   "COPY import_respondents (ordinal, respondent_key, wave, segments, answered_at) FROM STDIN (FORMAT BINARY)"))
        {
            writer.Timeout = StepTimeout;
            for (var ordinal = 0; ordinal < respondents.Count; ordinal++)
            {
                var (key, wave, segmentsJson, answeredAt) = respondents[ordinal];
                writer.StartRow();
                writer.Write((long)ordinal, NpgsqlDbType.Bigint);
                writer.Write(key, NpgsqlDbType.Text);
                WriteNullable(writer, wave);
                WriteNullable(writer, segmentsJson);
                WriteNullable(writer, answeredAt);
            }

            writer.Complete();
        }

        using (var writer = connection.BeginBinaryImport("COPY import_segments (ordinal, name, value) FROM STDIN (FORMAT BINARY)"))
        {
            writer.Timeout = StepTimeout;
            foreach (var (ordinal, name, value) in segments)
            {
                writer.StartRow();
                writer.Write(ordinal, NpgsqlDbType.Bigint);
                writer.Write(name, NpgsqlDbType.Text);
                writer.Write(value, NpgsqlDbType.Text);
            }

            writer.Complete();
        }

        // The survey id is written into the text (a number): CREATE TABLE AS takes no bound parameters.
        using var move = new NpgsqlCommand(
            $"""
            INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at, answered_at)
            SELECT @survey, respondent_key, wave, segments, @createdAt, answered_at FROM import_respondents ORDER BY ordinal;

            CREATE TEMPORARY TABLE import_ids ON COMMIT DROP AS
            SELECT s.ordinal, r.id FROM import_respondents s
            JOIN respondents r ON r.survey_id = {surveyId} AND r.respondent_key = s.respondent_key;

            INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
            SELECT i.id, @survey, g.name, g.value FROM import_segments g JOIN import_ids i ON i.ordinal = g.ordinal;

            INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
            SELECT i.id, a.feature_id, a.functional, a.dysfunctional, a.importance, a.satisfaction
            FROM import_answers a JOIN import_ids i ON i.ordinal = a.ordinal;

            DROP TABLE import_answers, import_respondents, import_segments, import_ids;
            """,
            connection);
        move.CommandTimeout = (int)StepTimeout.TotalSeconds;
        move.Parameters.AddWithValue("survey", surveyId);
        move.Parameters.AddWithValue("createdAt", Clock.Now());
        move.ExecuteNonQuery();
    }

    public void Dispose() => answers?.Dispose();

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, int? value)
    {
        if (value is { } number)
        {
            writer.Write((long)number, NpgsqlDbType.Bigint);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }
}
