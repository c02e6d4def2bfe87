using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KanoApi.Benchmarks;

/// <summary>
/// A statement prepared through SQLitePCL on a connection's handle and bound by position — the way the service binds
/// its import's rows (src/KanoApi/Storage/Sqlite/SqliteStatement.cs) — so the references are measured with the same
/// client technique as the service and stay the limits they claim to be. Microsoft.Data.Sqlite's commands look every
/// parameter up by name on every execution, which would charge the references with a cost the service does not pay.
/// </summary>
internal sealed class BoundStatement : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;

    public BoundStatement(SqliteConnection connection, string sql)
    {
        database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, sql, out statement));
    }

    /// <summary>Binds parameter <paramref name="position"/> (1-based, in the order the SQL names them).</summary>
    public void Set(int position, long value) => Check(raw.sqlite3_bind_int64(statement, position, value));

    /// <summary>Text as UTF-8 from a buffer on the stack, as the service binds it (SqliteStatement.Set).</summary>
    public void Set(int position, string value)
    {
        if (value.Length == 0)
        {
            // An empty span is pinned as a null pointer, which SQLite would bind as NULL instead of ''.
            Check(raw.sqlite3_bind_text(statement, position, value));
            return;
        }

        const int OnStack = 512;
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        var buffer = length <= OnStack ? stackalloc byte[OnStack] : new byte[length];
        var written = System.Text.Encoding.UTF8.GetBytes(value, buffer);
        Check(raw.sqlite3_bind_text(statement, position, buffer[..written]));
    }

    public void SetOrNull(int position, int? value) =>
        Check(value is { } number ? raw.sqlite3_bind_int64(statement, position, number) : raw.sqlite3_bind_null(statement, position));

    /// <summary>Runs the statement; the first column of the row it returns (RETURNING id), or null.</summary>
    public long? Execute()
    {
        var rc = raw.sqlite3_step(statement);
        long? value = null;
        if (rc == raw.SQLITE_ROW)
        {
            value = raw.sqlite3_column_int64(statement, 0);
            rc = raw.sqlite3_step(statement);
        }

        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return value;
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, database);

    public void Dispose() => statement.Dispose();
}
