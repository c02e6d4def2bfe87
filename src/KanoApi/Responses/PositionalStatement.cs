using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace KanoApi.Responses;

/// <summary>
/// A statement prepared once in a transaction and then executed many times, its parameters bound by position.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds every parameter of every execution by name (<c>sqlite3_bind_parameter_index</c>, with
/// the name converted to UTF-8 each time): for the 178 parameters of a wide aggregate upsert that was most of its cost,
/// as measured side by side (binding by position took a fraction of the time; docs/benchmarks.md has the import
/// figures). On SQLite the
/// statement is therefore prepared and bound through SQLitePCL on the connection's own handle — in the connection's
/// transaction like any command — with each name's position looked up once; on PostgreSQL the rows are sent together
/// as arrays (<see cref="Arrays"/>).
/// </remarks>
internal abstract class PositionalStatement : IDisposable
{
    /// <summary>Prepares <paramref name="sql"/>, whose <paramref name="parameters"/> are then set by their position in that list.</summary>
    /// <remarks>
    /// On PostgreSQL, <paramref name="sql"/> must be an INSERT whose VALUES list holds exactly the parameters, each row
    /// of a statement having its own conflict key (see <see cref="Arrays"/>).
    /// </remarks>
    public static PositionalStatement Prepare(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters) =>
        connection switch
        {
            SqliteConnection sqlite => new SqliteStatement(sqlite, sql, parameters),
            NpgsqlConnection postgres => new Arrays(postgres, (NpgsqlTransaction)transaction, sql, parameters),
            _ => throw new NotSupportedException($"No positional statements for {connection.GetType().Name}."),
        };

    public abstract void Set(int position, long value);

    public abstract void Set(int position, string value);

    /// <summary>Runs the statement with the values set (a value stays bound until set again), or queues it until <see cref="Flush"/>.</summary>
    public abstract void Execute();

    /// <summary>Sends whatever <see cref="Execute"/> queued. Call before anything that reads what was written.</summary>
    public virtual void Flush()
    {
    }

    public abstract void Dispose();

    /// <summary>
    /// PostgreSQL: the rows executed are gathered column by column and sent as one statement, the INSERT's VALUES list
    /// turned into <c>SELECT * FROM unnest(…)</c> over one array per parameter. One round trip and one plan for a
    /// whole write's upserts (a 200-respondent batch: about 1,100 narrow and 450 wide rows), where a command per row
    /// paid a round trip each. The rows of one statement must have distinct conflict keys (ON CONFLICT DO UPDATE
    /// cannot touch a row twice in one statement): <see cref="CellAggregates"/> writes each key once.
    /// </summary>
    private sealed class Arrays : PositionalStatement
    {
        /// <summary>Rows per statement, so that a write of very many keys (a segment with a value per respondent) stays bounded.</summary>
        private const int RowsPerStatement = 2_000;

        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly string sql;
        private readonly IReadOnlyList<string> names;
        private readonly object?[] current;
        private readonly List<object?[]> rows = [];

        public Arrays(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, IReadOnlyList<string> names)
        {
            var values = sql.IndexOf("VALUES (", StringComparison.Ordinal);
            if (values < 0 || sql.IndexOf("VALUES (", values + 1, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException("Expected an INSERT with one VALUES list.", nameof(sql));
            }

            (this.connection, this.transaction, this.names) = (connection, transaction, names);
            this.sql = string.Concat(sql.AsSpan(0, values), "SELECT * FROM unnest(", sql.AsSpan(values + "VALUES (".Length));
            current = new object?[names.Count];
        }

        public override void Set(int position, long value) => current[position] = value;

        public override void Set(int position, string value) => current[position] = value;

        public override void Execute()
        {
            rows.Add((object?[])current.Clone());
            if (rows.Count >= RowsPerStatement)
            {
                Flush();
            }
        }

        public override void Flush()
        {
            if (rows.Count == 0)
            {
                return;
            }

            using var command = new NpgsqlCommand(sql, connection, transaction);
            for (var position = 0; position < names.Count; position++)
            {
                command.Parameters.Add(rows[0][position] is string
                    ? new NpgsqlParameter<string[]>(names[position], NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Select(row => (string)row[position]!)] }
                    : new NpgsqlParameter<long[]>(names[position], NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rows.Select(row => (long)row[position]!)] });
            }

            command.ExecuteNonQuery();
            rows.Clear();
        }

        public override void Dispose()
        {
        }
    }
}

/// <summary>
/// A SQLite statement prepared through SQLitePCL on the connection's own handle (so in its transaction, like any of its
/// commands) and bound by position: what every write path that executes one statement thousands of times uses —
/// the aggregate upserts and, on SQLite, the respondents, segments and answers themselves (<see cref="ResponseRows"/>).
/// </summary>
internal sealed class SqliteStatement : PositionalStatement
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
