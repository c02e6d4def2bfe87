using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KanoApi.Storage.Sqlite;

/// <summary>
/// A SQLite statement prepared through SQLitePCL on the connection's own handle (so in its transaction, like any of its
/// commands) and bound by position: what every write path that executes one statement thousands of times uses —
/// the aggregate upserts (<see cref="AddingUpsert"/>) and the respondents, segments and answers themselves
/// (<see cref="SqliteRespondentWriter"/>).
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds every parameter of every execution by name (<c>sqlite3_bind_parameter_index</c>, with
/// the name converted to UTF-8 each time): for the 178 parameters of a wide aggregate upsert that was most of its cost.
/// Each name's position is looked up once here instead.
/// </remarks>
internal sealed class SqliteStatement : RowStatement
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly int[] indexes;

    public SqliteStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameters)
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

    /// <summary>
    /// Binds text as UTF-8 encoded into a buffer on the stack (SQLite copies it: SQLITE_TRANSIENT). SQLitePCL's string
    /// overload allocates a fresh array for each value, which was a fifth of a CSV import's time: seven text values per
    /// respondent (its id, wave, segments, each segment's name and value).
    /// </summary>
    public override void Set(int position, string value)
    {
        if (value.Length == 0)
        {
            // An empty span is pinned as a null pointer, which SQLite would bind as NULL instead of ''.
            Check(raw.sqlite3_bind_text(statement, indexes[position], value));
            return;
        }

        const int OnStack = 512;
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        var buffer = length <= OnStack ? stackalloc byte[OnStack] : new byte[length];
        var written = System.Text.Encoding.UTF8.GetBytes(value, buffer);
        Check(raw.sqlite3_bind_text(statement, indexes[position], buffer[..written]));
    }

    public void SetNull(int position) => Check(raw.sqlite3_bind_null(statement, indexes[position]));

    /// <summary>Runs the statement; the first column of the row it returns (RETURNING id), or null when it returns none.</summary>
    public long? ExecuteScalar()
    {
        var rc = raw.sqlite3_step(statement);
        long? value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : null;
        if (rc == raw.SQLITE_ROW)
        {
            // RETURNING: the statement completes on the next step.
            rc = raw.sqlite3_step(statement);
        }

        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return value;
    }

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
