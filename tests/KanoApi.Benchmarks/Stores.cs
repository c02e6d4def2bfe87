using System.Diagnostics;
using System.Globalization;
using KanoApi.Testing;
using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Benchmarks;

/// <summary>The reference rates a store is measured against, from the same run.</summary>
/// <param name="Storage">The same rows the service stores, as fast as the store takes them (figure 1).</param>
/// <param name="StorageForJson">The storage rate over as many answers as the JSON batches send.</param>
/// <param name="Bare">The answer pairs alone, into a four-column table with its primary key (figure 1b).</param>
internal sealed record References(double Storage, double StorageForJson, double Bare);

/// <summary>
/// The database one part of a run measures: its references (figures 1 and 1b), and the service started on one of its
/// databases by name ("bench", the one the run fills; "empty", migrated only).
/// </summary>
internal abstract class BenchmarkStore : IDisposable
{
    /// <summary>As the report names it: SQLite or PostgreSQL.</summary>
    public abstract string Name { get; }

    /// <summary>Put before each figure's id in the JSON lines ("" for SQLite, whose ids predate PostgreSQL).</summary>
    public abstract string IdPrefix { get; }

    /// <summary>The CSV import's target as a ratio to the bare limit, or null where the store has none.</summary>
    public abstract double? BareLimitTarget { get; }

    public abstract Task<References> MeasureReferencesAsync(SyntheticSurvey survey, BenchmarkOptions options, Report report, Action<string> progress);

    public abstract ServiceProcess StartService(string serviceDll, string database);

    public abstract Task<long> CountAnswersAsync(string database);

    /// <summary>
    /// Brings the database to rest before a figure that compares the service with itself under load (figure 5), so
    /// that work the store does in the background after the imports does not take a core from the measurement; what
    /// was done, for the report.
    /// </summary>
    public abstract Task<string> SettleAsync(string database, Action<string> progress);

    public abstract void Dispose();

    /// <summary>A rate as the report writes it.</summary>
    public static string Rate(double answersPerSecond) => answersPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Each run's value, for the JSON line.</summary>
    public static double[] Rounded(Repeated repeated) => [.. repeated.Values.Select(value => Math.Round(value, 1))];
}

/// <summary>SQLite files in a temporary folder; figure 1 is <see cref="StorageLimit"/>, 1b <see cref="BareLimit"/>.</summary>
internal sealed class SqliteStore(string work) : BenchmarkStore
{
    public override string Name => "SQLite";

    public override string IdPrefix => "";

    public override double? BareLimitTarget => 0.5;

    public override Task<References> MeasureReferencesAsync(SyntheticSurvey survey, BenchmarkOptions options, Report report, Action<string> progress)
    {
        var answers = options.Respondents * options.Features;
        // A small warm-up first, so the reference rates are not charged with compiling the insert paths.
        StorageLimit.Measure(Path.Combine(work, "warm-up.db"), survey, 1000, 1000);
        DeleteDatabase(Path.Combine(work, "warm-up.db"));
        BareLimit.Measure(Path.Combine(work, "bare-warm-up.db"), survey, 1000);
        DeleteDatabase(Path.Combine(work, "bare-warm-up.db"));

        // The two references alternated, each measured options.Repeats times, a new file each time.
        var storageRuns = new List<StorageLimit.Result>();
        var bareRuns = new List<double>();
        for (var run = 1; run <= options.Repeats; run++)
        {
            progress($"1. storage limit ({run}/{options.Repeats}): {answers:N0} answers through a prepared command in one transaction");
            storageRuns.Add(StorageLimit.Measure(Path.Combine(work, "storage.db"), survey, options.Respondents, options.SmallRespondents));
            DeleteDatabase(Path.Combine(work, "storage.db"));
            progress($"1b. bare limit ({run}/{options.Repeats}): {answers:N0} answer pairs into a four-column table with its primary key");
            bareRuns.Add(BareLimit.Measure(Path.Combine(work, "bare.db"), survey, options.Respondents).AnswersPerSecond);
            DeleteDatabase(Path.Combine(work, "bare.db"));
        }

        var storage = new Repeated([.. storageRuns.Select(run => run.AnswersPerSecond)]);
        var storageFirst = new Repeated([.. storageRuns.Select(run => run.CheckpointAnswersPerSecond)]);
        var bare = new Repeated(bareRuns);
        report.Add("storage", $"1. Storage reference: the service's rows, one transaction ({answers:N0} answers)",
            $"{storage.Median:N0} answers/s{storage.Spread(Rate)}", "reference", null,
            ("answers", answers), ("answersPerSecond", storage.Median), ("runs", Rounded(storage)),
            ("firstAnswers", storageRuns[0].CheckpointAnswers), ("firstAnswersPerSecond", storageFirst.Median));
        report.Add("bare-storage", $"1b. Bare limit: (respondent, feature, functional, dysfunctional) + primary key, one transaction ({answers:N0} answers)",
            $"{bare.Median:N0} answers/s{bare.Spread(Rate)}", "reference", null,
            ("answers", answers), ("answersPerSecond", bare.Median), ("runs", Rounded(bare)));

        var forJson = options.JsonRespondents == options.Respondents ? storage.Median : storageFirst.Median;
        return Task.FromResult(new References(storage.Median, forJson, bare.Median));
    }

    public override ServiceProcess StartService(string serviceDll, string database) =>
        ServiceProcess.Start(serviceDll, Path.Combine(work, database + ".db"));

    public override async Task<long> CountAnswersAsync(string database)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(work, database + ".db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM answers";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Nothing: an embedded database does no work of its own between requests.</summary>
    public override Task<string> SettleAsync(string database, Action<string> progress) => Task.FromResult("nothing to settle");

    public override void Dispose()
    {
    }

    private static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}

/// <summary>
/// A throw-away server of Debian's postgresql package (tests/Shared/PostgresServer.cs), stopped at the end, with one
/// database per name. Figure 1 is a binary COPY of the same rows the service stores (respondents, two segments each,
/// answers) in one transaction into a database with the service's schema; 1b a binary COPY of the answer pairs alone
/// into a four-column table with its primary key.
/// </summary>
internal sealed class PostgresStore(string work) : BenchmarkStore
{
    private readonly PostgresServer server = PostgresServer.Start();
    private readonly HashSet<string> databases = [];

    public override string Name => "PostgreSQL";

    public override string IdPrefix => "pg-";

    public override double? BareLimitTarget => null;

    public override async Task<References> MeasureReferencesAsync(SyntheticSurvey survey, BenchmarkOptions options, Report report, Action<string> progress)
    {
        var answers = options.Respondents * options.Features;
        // The schema the service makes (it migrates on start), then binary COPY of the rows.
        await using (var migrator = StartService(ServiceProcess.FindServiceDll(options.ServiceDll), "reference"))
        {
            await migrator.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        }

        // The two references alternated, each measured options.Repeats times into empty tables: the service's schema
        // is kept and its rows removed after each run, the bare table made anew in a database of its own.
        var storageRuns = new List<double>();
        var bareRuns = new List<double>();
        for (var run = 1; run <= options.Repeats; run++)
        {
            progress($"1. storage reference (PostgreSQL, {run}/{options.Repeats}): {answers:N0} answers by binary COPY in one transaction");
            storageRuns.Add(await CopyRowsAsync(server.ConnectionString("reference"), survey, options.Respondents));
            await EmptyAsync(server.ConnectionString("reference"));
            progress($"1b. bare limit (PostgreSQL, {run}/{options.Repeats}): {answers:N0} answer pairs by binary COPY into a four-column table with its primary key");
            // A database of its own each run: dropping one ends the connections its pool still holds.
            EnsureDatabase($"bare{run}");
            bareRuns.Add(await CopyBareAsync(server.ConnectionString($"bare{run}"), survey, options.Respondents));
            server.DropDatabase($"bare{run}");
        }

        var (storage, bare) = (new Repeated(storageRuns), new Repeated(bareRuns));
        report.Add("storage", $"1. Storage reference: the service's rows, one transaction ({answers:N0} answers)",
            $"{storage.Median:N0} answers/s{storage.Spread(Rate)}", "reference", null, ("answers", answers), ("answersPerSecond", storage.Median), ("runs", Rounded(storage)));
        report.Add("bare-storage", $"1b. Bare limit: (respondent, feature, functional, dysfunctional) + primary key, one transaction ({answers:N0} answers)",
            $"{bare.Median:N0} answers/s{bare.Spread(Rate)}", "reference", null, ("answers", answers), ("answersPerSecond", bare.Median), ("runs", Rounded(bare)));
        server.DropDatabase("reference");
        return new References(storage.Median, storage.Median, bare.Median);
    }

    public override ServiceProcess StartService(string serviceDll, string database)
    {
        EnsureDatabase(database);
        return ServiceProcess.Start(serviceDll, Path.Combine(work, database), new Dictionary<string, string>
        {
            ["Kano__Database__Provider"] = "postgres",
            ["ConnectionStrings__Kano"] = server.ConnectionString(database),
        });
    }

    public override async Task<long> CountAnswersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM answers", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// After millions of rows, autovacuum starts on the answers tables (PostgreSQL 13+ vacuums after inserts too) and
    /// checkpoints write the imports out: on two cores that took a core from run M's figure 5, where /health/live
    /// itself was slower than on SQLite. So: VACUUM (ANALYZE) now, a CHECKPOINT, then wait until no autovacuum
    /// worker runs (at most two minutes).
    /// </summary>
    public override async Task<string> SettleAsync(string database, Action<string> progress)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database) + ";Command Timeout=0");
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var workers = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'", connection);
        while ((long)(await workers.ExecuteScalarAsync())! > 0 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
        }

        progress($"settled PostgreSQL in {clock.Elapsed.TotalSeconds:N0} s");
        return "after VACUUM (ANALYZE), CHECKPOINT and with no autovacuum running";
    }

    public override void Dispose() => server.Dispose();

    private void EnsureDatabase(string database)
    {
        if (databases.Add(database))
        {
            server.CreateDatabase(database);
        }
    }

    /// <summary>Removes the rows <see cref="CopyRowsAsync"/> wrote, so that the next run starts from empty tables as the first did.</summary>
    private static async Task EmptyAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("TRUNCATE answers, respondent_segments, respondents, features, surveys CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same rows the service stores for the CSV (respondents, two segments each, answers), by binary COPY in one transaction.</summary>
    private static async Task<double> CopyRowsAsync(string connectionString, SyntheticSurvey survey, long respondents)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        long surveyId;
        await using (var setup = new NpgsqlCommand(
                         "INSERT INTO surveys (workspace_id, name, created_at, updated_at) VALUES ((SELECT min(id) FROM workspaces), 'storage', @now, @now) RETURNING id", connection))
        {
            setup.Parameters.AddWithValue("now", now);
            surveyId = (long)(await setup.ExecuteScalarAsync())!;
        }

        var features = new long[survey.Features];
        for (var f = 0; f < survey.Features; f++)
        {
            await using var feature = new NpgsqlCommand(
                "INSERT INTO features (survey_id, key, name, created_at, updated_at) VALUES (@survey, @key, @key, @now, @now) RETURNING id", connection);
            feature.Parameters.AddWithValue("survey", surveyId);
            feature.Parameters.AddWithValue("key", SyntheticSurvey.FeatureKey(f));
            feature.Parameters.AddWithValue("now", now);
            features[f] = (long)(await feature.ExecuteScalarAsync())!;
        }

        long firstId;
        await using (var ids = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('respondents', 'id'))", connection))
        {
            firstId = (long)(await ids.ExecuteScalarAsync())! + 1;
        }

        await using (var bump = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('respondents', 'id'), {firstId + respondents})", connection))
        {
            await bump.ExecuteScalarAsync();
        }

        // Written with the synchronous writer: per value it costs less than the asynchronous one, so the reference
        // is the strongest this client can make.
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        using (var writer = connection.BeginBinaryImport(
                   "COPY respondents (id, survey_id, respondent_key, wave, segments, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                writer.StartRow();
                writer.Write(firstId + j, NpgsqlDbType.Bigint);
                writer.Write(surveyId, NpgsqlDbType.Bigint);
                writer.Write(survey.RespondentKey(j), NpgsqlDbType.Text);
                writer.Write(SyntheticSurvey.Wave(j), NpgsqlDbType.Text);
                writer.Write($"{{\"plan\":\"{SyntheticSurvey.Plan(j)}\",\"region\":\"{SyntheticSurvey.Region(j)}\"}}", NpgsqlDbType.Text);
                writer.Write(now, NpgsqlDbType.Text);
            }

            writer.Complete();
        }

        using (var writer = connection.BeginBinaryImport(
                   "COPY respondent_segments (respondent_id, survey_id, name, value) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                foreach (var (name, value) in new[] { ("plan", SyntheticSurvey.Plan(j)), ("region", SyntheticSurvey.Region(j)) })
                {
                    writer.StartRow();
                    writer.Write(firstId + j, NpgsqlDbType.Bigint);
                    writer.Write(surveyId, NpgsqlDbType.Bigint);
                    writer.Write(name, NpgsqlDbType.Text);
                    writer.Write(value, NpgsqlDbType.Text);
                }
            }

            writer.Complete();
        }

        using (var writer = connection.BeginBinaryImport(
                   "COPY answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                for (var f = 0; f < survey.Features; f++)
                {
                    var answer = SyntheticSurvey.Answer(j, f);
                    writer.StartRow();
                    writer.Write(firstId + j, NpgsqlDbType.Bigint);
                    writer.Write(features[f], NpgsqlDbType.Bigint);
                    writer.Write((long)answer.Functional, NpgsqlDbType.Bigint);
                    writer.Write((long)answer.Dysfunctional, NpgsqlDbType.Bigint);
                    if (answer.Importance is { } importance) { writer.Write((long)importance, NpgsqlDbType.Bigint); } else { writer.WriteNull(); }
                    if (answer.Satisfaction is { } satisfaction) { writer.Write((long)satisfaction, NpgsqlDbType.Bigint); } else { writer.WriteNull(); }
                }
            }

            writer.Complete();
        }

        await transaction.CommitAsync();
        return respondents * survey.Features / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The answer pairs alone, by binary COPY in one transaction into (respondent, feature, functional, dysfunctional) + primary key.</summary>
    private static async Task<double> CopyBareAsync(string connectionString, SyntheticSurvey survey, long respondents)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
                         """
                         CREATE TABLE answers (
                             respondent     bigint NOT NULL,
                             feature        bigint NOT NULL,
                             functional     bigint NOT NULL,
                             dysfunctional  bigint NOT NULL,
                             PRIMARY KEY (respondent, feature)
                         )
                         """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        using (var writer = connection.BeginBinaryImport("COPY answers (respondent, feature, functional, dysfunctional) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                for (var f = 0; f < survey.Features; f++)
                {
                    var answer = SyntheticSurvey.Answer(j, f);
                    writer.StartRow();
                    writer.Write(j + 1, NpgsqlDbType.Bigint);
                    writer.Write(f + 1L, NpgsqlDbType.Bigint);
                    writer.Write((long)answer.Functional, NpgsqlDbType.Bigint);
                    writer.Write((long)answer.Dysfunctional, NpgsqlDbType.Bigint);
                }
            }

            writer.Complete();
        }

        await transaction.CommitAsync();
        return respondents * survey.Features / clock.Elapsed.TotalSeconds;
    }
}
