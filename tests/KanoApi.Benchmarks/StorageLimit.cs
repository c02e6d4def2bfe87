using System.Diagnostics;
using System.Globalization;
using KanoApi.Testing;
using Microsoft.Data.Sqlite;

namespace KanoApi.Benchmarks;

/// <summary>
/// Figure 1: the raw rate of the storage on this machine. The same schema as the service (db/migrations applied in
/// order), the same connection pragmas, the same rows the service stores for a response (respondent, its segments,
/// its answers, then the per-feature aggregates), inserted with prepared commands reused in one transaction.
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

        using var insertRespondent = Prepare(db, transaction,
            "INSERT INTO respondents (survey_id, respondent_key, wave, segments, created_at) VALUES (1, $key, $wave, $segments, $createdAt) RETURNING id",
            "$key", "$wave", "$segments", "$createdAt");
        using var insertSegment = Prepare(db, transaction,
            "INSERT INTO respondent_segments (respondent_id, survey_id, name, value) VALUES ($respondent, 1, $name, $value)",
            "$respondent", "$name", "$value");
        using var insertAnswer = Prepare(db, transaction,
            "INSERT INTO answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction) VALUES ($respondent, $feature, $functional, $dysfunctional, $importance, $satisfaction)",
            "$respondent", "$feature", "$functional", "$dysfunctional", "$importance", "$satisfaction");

        // The aggregates, accumulated in memory and written once, as an import should.
        var cells = new long[survey.Features, 25, 7];
        var createdAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        for (long j = 0; j < respondents; j++)
        {
            var plan = SyntheticSurvey.Plan(j);
            var region = SyntheticSurvey.Region(j);
            insertRespondent.Parameters[0].Value = survey.RespondentKey(j);
            insertRespondent.Parameters[1].Value = SyntheticSurvey.Wave(j);
            insertRespondent.Parameters[2].Value = $"{{\"plan\":\"{plan}\",\"region\":\"{region}\"}}";
            insertRespondent.Parameters[3].Value = createdAt;
            var id = (long)insertRespondent.ExecuteScalar()!;

            insertSegment.Parameters[0].Value = id;
            insertSegment.Parameters[1].Value = "plan";
            insertSegment.Parameters[2].Value = plan;
            insertSegment.ExecuteNonQuery();
            insertSegment.Parameters[1].Value = "region";
            insertSegment.Parameters[2].Value = region;
            insertSegment.ExecuteNonQuery();

            insertAnswer.Parameters[0].Value = id;
            for (var f = 0; f < survey.Features; f++)
            {
                var answer = SyntheticSurvey.Answer(j, f);
                insertAnswer.Parameters[1].Value = f + 1L;
                insertAnswer.Parameters[2].Value = answer.Functional;
                insertAnswer.Parameters[3].Value = answer.Dysfunctional;
                insertAnswer.Parameters[4].Value = (object?)answer.Importance ?? DBNull.Value;
                insertAnswer.Parameters[5].Value = (object?)answer.Satisfaction ?? DBNull.Value;
                insertAnswer.ExecuteNonQuery();
                Accumulate(cells, f, answer);
            }

            if (j + 1 == checkpointRespondents)
            {
                checkpoint = clock.Elapsed;
            }
        }

        WriteCells(db, transaction, cells);
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
        // The service's pragmas (src/KanoApi/Infrastructure/Database.cs), so the comparison is like for like.
        // The service's pragmas, with the page cache its CSV import gives its connection (ResponseStore.ImportCacheKibibytes).
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
