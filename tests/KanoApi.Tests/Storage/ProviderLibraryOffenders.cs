using System.Data.Common;

// Types built to break the storage boundary, for StorageBoundaryTests to prove its rule can fail: each uses a provider
// library only where a careless check would not look.
namespace KanoApi.Tests.Storage.Offenders;

internal static class OpensNpgsqlInABody
{
    public static string HostOf(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return builder.Host ?? "";
    }
}

internal static class BuildsSqliteInALambda
{
    public static Func<string, string> DataSourceOf { get; } =
        connectionString => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
}

internal static class ReadsSqlitePclVersionInAnAsyncMethod
{
    public static async Task<int> VersionAsync()
    {
        await Task.Yield();
        return SQLitePCL.raw.sqlite3_libversion_number();
    }
}

internal static class TypesAnArrayWithNpgsqlTypes
{
    // Boxed, so the IL names the enum's type (a bare enum constant would be compiled to its number).
    public static string TextArray()
    {
        object type = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text;
        return type.ToString()!;
    }
}

internal static class UsesOnlyDbConnection
{
    public static string StateOf(DbConnection connection) => connection.State.ToString();
}
