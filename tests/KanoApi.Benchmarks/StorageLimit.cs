using System.Diagnostics;
using System.Globalization;
using KanoApi.Testing;
using Microsoft.Data.Sqlite;

namespace KanoApi.Benchmarks;

/// <summary>
/// Figure 1: the raw rate of the storage on this machine. The same schema as the service (db/migrations applied in
/// order), the same connection pragmas, the same rows the service stores for a response (respondent, its segments,
/// its answers, then the per-feature aggregates), inserted with prepared statements bound by position (as the service
/// binds them: <see cref="BoundStatement"/>), reused in one transaction.
/// </summary>
internal static class StorageLimit
{
    public sealed record Result(long Answers, TimeSpan Elapsed, long CheckpointAnswers, TimeSpan CheckpointElapsed)
    {
        public double AnswersPerSecond => Answers / Elapsed.TotalSeconds;

        /// <summary>The rate over the first <see cref="CheckpointAnswers"/> answers (the smaller survey's size).</summary>
        public double CheckpointAnswersPerSecond => CheckpointAnswers / CheckpointElapsed.TotalSeconds;
    }

    public static Result Measure(string databasePath, SyntheticSurvey survey, long respondents, long checkpointRespondents)
    {
        using (var connection = Open(databasePath))
        {
            connection.Execute("PRAGMA journal_mode = WAL;");
            foreach (var script in Directory.GetFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "db", "migrations", "sqlite"), "*.sql").Order(StringComparer.Ordinal))
            {
                connection.Execute(File.ReadAllText(script));
            }

            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            connection.Execute($"INSERT INTO workspaces (id, name, created_at) VALUES (1, 'bench', '{now}')");
            connection.Execute($"INSERT INTO surveys (id, workspace_id, name, created_at, updated_at) VALUES (1, 1, 'storage', '{now}', '{now}')");
            for (var f = 0; f < survey.Features; f++)
            {
                connection.Execute($"INSERT INTO features (id, survey_id, key, name, created_at, updated_at) VALUES ({f + 1}, 1, '{SyntheticSurvey.FeatureKey(f)}', 'Feature {f}', '{now}', '{now}')");
            }
        }

        using var db = Open(databasePath);
        var clock = Stopwatch.StartNew();
        var checkpoint = TimeSpan.Zero;
        using var transaction = db.BeginTransaction();

        using var insertRespondent = new BoundStatement(db,
            "INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at) VALUES (1, ?1, ?2, ?3, ?4) RETURNING id");
        using var insertSegment = new BoundStatement(db,
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES (?1, 1, ?2, ?3)");
        using var insertAnswer = new BoundStatement(db,
            "INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

        // The aggregates, accumulated in memory and written once, as an import should.
        var cells = new long[survey.Features, 25, 7];
        var createdAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        for (long j = 0; j < respondents; j++)
        {
            var plan = SyntheticSurvey.Plan(j);
            var region = SyntheticSurvey.Region(j);
            insertRespondent.Set(1, survey.RespondentKey(j));
            insertRespondent.Set(2, SyntheticSurvey.Wave(j));
            insertRespondent.Set(3, $"{{\"plan\":\"{plan}\",\"region\":\"{region}\"}}");
            insertRespondent.Set(4, createdAt);
            var id = insertRespondent.Execute()!.Value;

            insertSegment.Set(1, id);
            insertSegment.Set(2, "plan");
            insertSegment.Set(3, plan);
            insertSegment.Execute();
            insertSegment.Set(2, "region");
            insertSegment.Set(3, region);
            insertSegment.Execute();

            insertAnswer.Set(1, id);
            for (var f = 0; f < survey.Features; f++)
            {
                var answer = SyntheticSurvey.Answer(j, f);
                insertAnswer.Set(2, f + 1L);
                insertAnswer.Set(3, answer.Functional);
                insertAnswer.Set(4, answer.Dysfunctional);
                insertAnswer.SetOrNull(5, answer.Importance);
                insertAnswer.SetOrNull(6, answer.Satisfaction);
                insertAnswer.Execute();
                Accumulate(cells, f, answer);
            }

            if (j + 1 == checkpointRespondents)
            {
                checkpoint = clock.Elapsed;
            }
        }

        WriteCells(db, transaction, cells);
        // As the service's write adds the respondents to the survey's count (SQLite, migration 0019).
        using (var count = new BoundStatement(db, "UPDATE surveys SET respondent_count = respondent_count + ?1, data_version = data_version + 1 WHERE id = 1"))
        {
            count.Set(1, respondents);
            count.Execute();
        }

        transaction.Commit();
        var elapsed = clock.Elapsed;
        if (checkpoint == TimeSpan.Zero)
        {
            checkpoint = elapsed;
        }

        var answers = respondents * survey.Features;
        return new Result(answers, elapsed, Math.Min(checkpointRespondents, respondents) * survey.Features, checkpoint);
    }

    private static void Accumulate(long[,,] cells, int feature, SyntheticAnswer answer)
    {
        var cell = (answer.Functional - 1) * 5 + answer.Dysfunctional - 1;
        cells[feature, cell, 0]++;
        if (answer.Importance is { } importance)
        {
            cells[feature, cell, 1]++;
            cells[feature, cell, 2] += importance;
            cells[feature, cell, 3] += importance * importance;
        }

        if (answer.Satisfaction is { } satisfaction)
        {
            cells[feature, cell, 4]++;
            cells[feature, cell, 5] += satisfaction;
            cells[feature, cell, 6] += satisfaction * satisfaction;
        }
    }

    private static void WriteCells(SqliteConnection db, SqliteTransaction transaction, long[,,] cells)
    {
        using var upsert = Prepare(db, transaction,
            """
            INSERT INTO feature_cells (feature_id, functional, dysfunctional, answers, importance_count, importance_sum, importance_sum_squares,
                                       satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
            VALUES ($feature, $functional, $dysfunctional, $a, $ic, $is, $iss, $sc, $ss, $sss)
            ON CONFLICT (feature_id, functional, dysfunctional) DO UPDATE SET
                answers = answers + excluded.answers,
                importance_count = importance_count + excluded.importance_count,
                importance_sum = importance_sum + excluded.importance_sum,
                importance_sum_squares = importance_sum_squares + excluded.importance_sum_squares,
                satisfaction_count = satisfaction_count + excluded.satisfaction_count,
                satisfaction_sum = satisfaction_sum + excluded.satisfaction_sum,
                satisfaction_sum_squares = satisfaction_sum_squares + excluded.satisfaction_sum_squares
            """,
            "$feature", "$functional", "$dysfunctional", "$a", "$ic", "$is", "$iss", "$sc", "$ss", "$sss");
        for (var f = 0; f < cells.GetLength(0); f++)
        {
            for (var cell = 0; cell < 25; cell++)
            {
                if (cells[f, cell, 0] == 0)
                {
                    continue;
                }

                upsert.Parameters[0].Value = f + 1L;
                upsert.Parameters[1].Value = cell / 5 + 1;
                upsert.Parameters[2].Value = cell % 5 + 1;
                for (var s = 0; s < 7; s++)
                {
                    upsert.Parameters[3 + s].Value = cells[f, cell, s];
                }

                upsert.ExecuteNonQuery();
            }
        }
    }

    private static SqliteCommand Prepare(SqliteConnection db, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        // The service's pragmas, with the page cache its CSV import gives its connection (SqliteProvider.ImportCacheKibibytes).
        connection.Execute("PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;");
        return connection;
    }

    private static void Execute(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
