using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Storage.Postgres;

/// <summary>
/// An <see cref="AddingUpsert"/> on PostgreSQL: the rows executed are gathered column by column and sent as one
/// statement, <c>INSERT … SELECT * FROM unnest(…)</c> over one array per column, each typed by its column's declared
/// type. One round trip and one plan for a whole write's upserts (a 200-respondent batch: about 1,100 narrow and 450
/// wide rows), where a command per row paid a round trip each. The rows of one statement must have distinct keys
/// (ON CONFLICT DO UPDATE cannot touch a row twice in one statement): the aggregates write each key once.
/// </summary>
internal sealed class PostgresArrayUpsert : RowStatement
{
    /// <summary>Rows per statement, so that a write of very many keys (a segment with a value per respondent) stays bounded.</summary>
    private const int RowsPerStatement = 2_000;

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly AddingUpsert upsert;
    private readonly string sql;
    private readonly long[] integers;
    private readonly string[] texts;

    // The rows executed, column by column: what each column's array is made of.
    private readonly List<long>?[] integerColumns;
    private readonly List<string>?[] textColumns;
    private int rows;

    public PostgresArrayUpsert(NpgsqlConnection connection, NpgsqlTransaction transaction, AddingUpsert upsert)
    {
        (this.connection, this.transaction, this.upsert) = (connection, transaction, upsert);
        sql = $"INSERT INTO {upsert.Table} ({upsert.ColumnList}) SELECT * FROM unnest({string.Join(", ", upsert.ParameterNames)}) {upsert.OnConflict}";
        integers = new long[upsert.Columns.Count];
        texts = new string[upsert.Columns.Count];
        integerColumns = [.. upsert.Columns.Select(column => column.Type == ColumnType.Integer ? new List<long>() : null)];
        textColumns = [.. upsert.Columns.Select(column => column.Type == ColumnType.Text ? new List<string>() : null)];
    }

    public override void Set(int position, long value) => integers[position] = value;

    public override void Set(int position, string value) => texts[position] = value;

    public override void Execute()
    {
        for (var position = 0; position < integers.Length; position++)
        {
            integerColumns[position]?.Add(integers[position]);
            textColumns[position]?.Add(texts[position]);
        }

        if (++rows >= RowsPerStatement)
        {
            Flush();
        }
    }

    public override void Flush()
    {
        if (rows == 0)
        {
            return;
        }

        using var command = new NpgsqlCommand(sql, connection, transaction);
        for (var position = 0; position < upsert.Columns.Count; position++)
        {
            var name = upsert.ParameterNames[position][1..];
            command.Parameters.Add(textColumns[position] is { } text
                ? new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. text] }
                : new NpgsqlParameter<long[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. integerColumns[position]!] });
        }

        command.ExecuteNonQuery();
        foreach (var column in integerColumns)
        {
            column?.Clear();
        }

        foreach (var column in textColumns)
        {
            column?.Clear();
        }

        rows = 0;
    }

    public override void Dispose()
    {
    }
}
