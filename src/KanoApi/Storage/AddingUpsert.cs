namespace KanoApi.Storage;

/// <summary>The type of a column a bulk statement writes: what its values are bound as, whatever the first row holds.</summary>
internal enum ColumnType
{
    Integer,
    Text,
}

/// <summary>A column of a bulk statement, named and typed.</summary>
internal readonly record struct Column(string Name, ColumnType Type)
{
    public static Column Integer(string name) => new(name, ColumnType.Integer);

    public static Column Text(string name) => new(name, ColumnType.Text);
}

/// <summary>
/// An INSERT of many rows of which each either is new or, when a row with its key is stored, is added to it column by
/// column (<c>ON CONFLICT (key) DO UPDATE SET x = table.x + excluded.x</c>): one statement per row, so concurrent
/// writers on PostgreSQL add up rather than overwrite. Described by its columns and their types, not by SQL text:
/// each provider writes the statement its fastest way (<see cref="StorageProvider.Prepare"/>), SQLite a prepared
/// VALUES row bound by position, PostgreSQL one array per column.
/// </summary>
internal sealed class AddingUpsert
{
    public AddingUpsert(string table, IReadOnlyList<Column> key, IReadOnlyList<string> added)
    {
        Table = table;
        Columns = [.. key, .. added.Select(Column.Integer)];
        ColumnList = string.Join(", ", Columns.Select(column => column.Name));
        ParameterNames = [.. Columns.Select((_, position) => $"@p{position}")];
        OnConflict = $"ON CONFLICT ({string.Join(", ", key.Select(column => column.Name))}) DO UPDATE SET "
            + string.Join(", ", added.Select(column => $"{column} = {table}.{column} + excluded.{column}"));
    }

    public string Table { get; }

    /// <summary>The key columns, then the added ones (integers), in the order their values are set.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>"a, b, c": the INSERT's column list.</summary>
    public string ColumnList { get; }

    /// <summary>One parameter name per column, in <see cref="Columns"/>' order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The ON CONFLICT clause that adds a row to the stored one.</summary>
    public string OnConflict { get; }
}

/// <summary>
/// A statement prepared once in a transaction and then executed for many rows, its values set by their column's
/// position (<see cref="StorageProvider.Prepare"/>).
/// </summary>
internal abstract class RowStatement : IDisposable
{
    public abstract void Set(int position, long value);

    public abstract void Set(int position, string value);

    /// <summary>Runs the statement with the values set (a value stays bound until set again), or queues it until <see cref="Flush"/>.</summary>
    public abstract void Execute();

    /// <summary>Sends whatever <see cref="Execute"/> queued. Call before anything that reads what was written.</summary>
    public virtual void Flush()
    {
    }

    public abstract void Dispose();
}
