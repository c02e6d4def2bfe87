using System.Diagnostics;
using KanoApi.Testing;
using Microsoft.Data.Sqlite;

namespace KanoApi.Benchmarks;

/// <summary>
/// Figure 1b: the bare limit of storing answer pairs on this machine — what SQLite costs with no schema of ours. The
/// same (respondent, feature, functional, dysfunctional) pairs as the other figures inserted into a table of only
/// those four columns with its primary key (WITHOUT ROWID: one B-tree, the least SQLite can write), one prepared
/// statement bound by position (as the service binds its rows: <see cref="BoundStatement"/>) in one transaction, with
/// the service's pragmas. The CSV import is measured against it, so the figure shows
/// what everything else costs: respondents, segments, optional scores, indexes, aggregates, parsing and HTTP.
/// </summary>
internal static class BareLimit
{
    public static StorageLimit.Result Measure(string databasePath, SyntheticSurvey survey, long respondents)
    {
        using var db = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        db.Open();
        // The service's pragmas, with the page cache its CSV import gives its connection (SqliteProvider.ImportCacheKibibytes).
        Execute(db, "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;");
        Execute(db, """
            CREATE TABLE answers (
                respondent     INTEGER NOT NULL,
                feature        INTEGER NOT NULL,
                functional     INTEGER NOT NULL,
                dysfunctional  INTEGER NOT NULL,
                PRIMARY KEY (respondent, feature)
            ) WITHOUT ROWID;
            """);

        var clock = Stopwatch.StartNew();
        using var transaction = db.BeginTransaction();
        using var insert = new BoundStatement(db, "INSERT INTO answers (respondent, feature, functional, dysfunctional) VALUES (?1, ?2, ?3, ?4)");
        for (long j = 0; j < respondents; j++)
        {
            insert.Set(1, j + 1);
            for (var f = 0; f < survey.Features; f++)
            {
                var answer = SyntheticSurvey.Answer(j, f);
                insert.Set(2, f + 1L);
                insert.Set(3, answer.Functional);
                insert.Set(4, answer.Dysfunctional);
                insert.Execute();
            }
        }

        transaction.Commit();
        var elapsed = clock.Elapsed;
        var answers = respondents * survey.Features;
        return new StorageLimit.Result(answers, elapsed, answers, elapsed);
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
