using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KanoApi.Responses;

/// <summary>
/// A statement prepared once in a transaction and then executed many times, its parameters bound by position.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds every parameter of every execution by name (<c>sqlite3_bind_parameter_index</c>, with
/// the name converted to UTF-8 each time): for the 178 parameters of a wide aggregate upsert that was most of its cost
/// (450 wide upserts, a 200-respondent batch's: 39–62 ms through SqliteCommand, 11–15 ms bound by position, measured
/// side by side on a busy two-core machine). On SQLite the
/// statement is therefore prepared and bound through SQLitePCL on the connection's own handle — in the connection's
/// transaction like any command — with each name's position looked up once; on PostgreSQL Npgsql already binds
/// positionally, so it is an ordinary prepared command.
/// </remarks>
internal abstract class PositionalStatement : IDisposable
{
    /// <summary>Prepares <paramref name="sql"/>, whose <paramref name="parameters"/> are then set by their position in that list.</summary>
    public static PositionalStatement Prepare(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters) =>
        connection is SqliteConnection sqlite
            ? new Sqlite(sqlite, sql, parameters)
            : new Command(PreparedCommand.Create(connection, transaction, sql, [.. parameters]));

    public abstract void Set(int position, long value);

    public abstract void Set(int position, string value);

    /// <summary>Runs the statement with the values set (a value stays bound until set again).</summary>
    public abstract void Execute();

    public abstract void Dispose();

    private sealed class Sqlite : PositionalStatement
    {
        private readonly sqlite3 database;
        private readonly sqlite3_stmt statement;
        private readonly int[] indexes;

        public Sqlite(SqliteConnection connection, string sql, IReadOnlyList<string> parameters)
        {
            database = connection.Handle!;
            var rc = raw.sqlite3_prepare_v2(database, sql, out statement);
            SqliteException.ThrowExceptionForRC(rc, database);
            indexes = [.. parameters.Select(name => raw.sqlite3_bind_parameter_index(statement, name))];
            if (Array.IndexOf(indexes, 0) is var missing and >= 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement has no parameter {parameters[missing]}.", nameof(parameters));
            }
        }

        public override void Set(int position, long value) => Check(raw.sqlite3_bind_int64(statement, indexes[position], value));

        public override void Set(int position, string value) => Check(raw.sqlite3_bind_text(statement, indexes[position], value));

        public override void Execute()
        {
            var rc = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, database);

        public override void Dispose() => statement.Dispose();
    }

    private sealed class Command(DbCommand command) : PositionalStatement
    {
        private static readonly object Zero = 0L;

        // Most of a wide row's sums are 0, boxed once.
        public override void Set(int position, long value) => command.Parameters[position].Value = value == 0 ? Zero : value;

        public override void Set(int position, string value) => command.Parameters[position].Value = value;

        public override void Execute() => command.ExecuteNonQuery();

        public override void Dispose() => command.Dispose();
    }
}
