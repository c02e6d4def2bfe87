namespace KanoApi.Tests;

/// <summary>
/// A test of SQLite itself (its pragmas, its file beside the service, its table rebuilds): skipped, and reported as
/// skipped with the reason, when the suite runs on PostgreSQL (KANO_TEST_PROVIDER=postgres).
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (KanoApiFactory.Provider == StorageProvider.Postgres)
        {
            Skip = "SQLite-specific: the suite runs on PostgreSQL (KANO_TEST_PROVIDER=postgres)";
        }
    }
}

/// <summary>A theory of SQLite itself (its query plans): skipped like <see cref="SqliteFactAttribute"/> on PostgreSQL.</summary>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (KanoApiFactory.Provider == StorageProvider.Postgres)
        {
            Skip = "SQLite-specific: the suite runs on PostgreSQL (KANO_TEST_PROVIDER=postgres)";
        }
    }
}
