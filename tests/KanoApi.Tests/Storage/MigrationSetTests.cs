namespace KanoApi.Tests.Storage;

/// <summary>The two providers' migration sets, checked without any database: what a migration's name means must not depend on the provider.</summary>
public sealed class MigrationSetTests
{
    [Fact]
    public void ThePostgresMigrationsCarryTheSameNamesAsTheSqliteOnes()
    {
        // Same names, same schema steps: a database's schema_migrations rows mean the same on either provider (a step
        // one provider does not need is a documented no-op there).
        Assert.NotEmpty(Migrations.KnownFor(StorageProvider.Sqlite));
        Assert.Equal(Migrations.KnownFor(StorageProvider.Sqlite), Migrations.KnownFor(StorageProvider.Postgres));
    }
}
