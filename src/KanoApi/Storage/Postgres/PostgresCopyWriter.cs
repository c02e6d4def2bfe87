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

    private static readonly string RespondentNames = StoredColumns.Names(StoredColumns.Respondent);
    private static readonly string AnswerNames = StoredColumns.Names(StoredColumns.Answer);

    private readonly NpgsqlConnection connection;
    private readonly long surveyId;
    private readonly HashSet<string> keys;
    /// <summary>Each staged respondent's stored columns (<see cref="StoredColumns.Respondent"/>): a few strings, never its answers.</summary>
    private readonly List<string?[]> respondents = [];
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

        // Before any COPY opens: no other command can run on the connection while one is open. The staged columns
        // are the stored ones (StoredColumns), typed as their tables' and checked there when the rows move.
        Execute($"""
            CREATE TEMPORARY TABLE import_answers (
                ordinal bigint NOT NULL, {string.Join(", ", StoredColumns.Answer.Select(column => column.Name + " bigint"))}
            ) ON COMMIT DROP;
            CREATE TEMPORARY TABLE import_respondents (
                ordinal bigint PRIMARY KEY, {string.Join(", ", StoredColumns.Respondent.Select(column => column.Name + " text"))}
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
        respondents.Add([.. StoredColumns.Respondent.Select(column => column.Value(respondent))]);
        foreach (var (name, value) in respondent.Segments)
        {
            segments.Add((ordinal, name, value));
        }

        if (answers is null)
        {
            answers = connection.BeginBinaryImport(
                $"COPY import_answers (ordinal, {AnswerNames}) FROM STDIN (FORMAT BINARY)");
            answers.Timeout = StepTimeout;
        }

        foreach (var answer in respondent.Answers)
        {
            answers.StartRow();
            answers.Write(ordinal, NpgsqlDbType.Bigint);
            foreach (var column in StoredColumns.Answer)
            {
                WriteNullable(answers, column.Value(answer));
            }
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
                   $"COPY import_respondents (ordinal, {RespondentNames}) FROM STDIN (FORMAT BINARY)"))
        {
            writer.Timeout = StepTimeout;
            for (var ordinal = 0; ordinal < respondents.Count; ordinal++)
            {
                writer.StartRow();
                writer.Write((long)ordinal, NpgsqlDbType.Bigint);
                foreach (var value in respondents[ordinal])
                {
                    WriteNullable(writer, value);
                }
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
            INSERT INTO respondents (survey_id, created_at, {RespondentNames})
            SELECT @survey, @createdAt, {RespondentNames} FROM import_respondents ORDER BY ordinal;

            CREATE TEMPORARY TABLE import_ids ON COMMIT DROP AS
            SELECT s.ordinal, r.id FROM import_respondents s
            JOIN respondents r ON r.survey_id = {surveyId} AND r.respondent_key = s.respondent_key;

            INSERT INTO respondent_segments (respondent_id, survey_id, name, value)
            SELECT i.id, @survey, g.name, g.value FROM import_segments g JOIN import_ids i ON i.ordinal = g.ordinal;

            INSERT INTO answers (respondent_id, {AnswerNames})
            SELECT i.id, {string.Join(", ", StoredColumns.Answer.Select(column => "a." + column.Name))}
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

    private static void WriteNullable(NpgsqlBinaryImporter writer, long? value)
    {
        if (value is { } number)
        {
            writer.Write(number, NpgsqlDbType.Bigint);
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
