using NetArchTest.Rules;

namespace KanoApi.Tests.Storage;

/// <summary>
/// Every database difference lives under <c>KanoApi.Storage</c> (docs/decisions/0017): no other type of the service
/// may use a provider's library. NetArchTest reads the compiled IL with Mono.Cecil, so a use only inside a method body
/// (a local, a cast, a lambda, an async method's state machine) counts as much as one in a signature: the tests below
/// prove it on types built to break the rule.
/// </summary>
public sealed class StorageBoundaryTests
{
    /// <summary>
    /// The libraries that are a provider: its connection types, its native binding, its errors. NetArchTest matches
    /// whole namespaces (Npgsql does not cover NpgsqlTypes), so Npgsql's second namespace is named too.
    /// </summary>
    private static readonly string[] ProviderLibraries = ["Microsoft.Data.Sqlite", "Npgsql", "NpgsqlTypes", "SQLitePCL"];

    private const string StorageNamespace = "KanoApi.Storage";

    /// <summary>The rule: none of <paramref name="types"/> depends on a provider library.</summary>
    private static TestResult NoneUsesAProviderLibrary(PredicateList types) =>
        types.ShouldNot().HaveDependencyOnAny(ProviderLibraries).GetResult();

    private static IReadOnlyList<string> Failing(TestResult result) => [.. result.FailingTypeNames ?? []];

    [Fact]
    public void NoTypeOfTheServiceOutsideStorageUsesMicrosoftDataSqliteNpgsqlOrSqlitePcl()
    {
        var result = NoneUsesAProviderLibrary(
            Types.InAssembly(typeof(Database).Assembly).That().DoNotResideInNamespace(StorageNamespace));

        Assert.True(result.IsSuccessful, "Provider types used outside KanoApi.Storage: " + string.Join(", ", Failing(result)));
    }

    [Fact]
    public void TheRuleSeesTheProvidersOwnTypesUsingTheirLibrariesOnlyInsideMethodBodies()
    {
        // Without the Storage exclusion the same rule must name the providers: SqliteProvider touches
        // Microsoft.Data.Sqlite only in method bodies (casts, a pattern on SqliteException), and the writers use
        // Npgsql's types in fields and bodies. A rule blind to bodies would pass the service whatever it did.
        var failing = Types.InAssembly(typeof(Database).Assembly)
            .ShouldNot().HaveDependencyOnAny(ProviderLibraries)
            .GetResult();

        Assert.Contains("KanoApi.Storage.Sqlite.SqliteProvider", Failing(failing));
        Assert.Contains("KanoApi.Storage.Postgres.PostgresProvider", Failing(failing));
        Assert.Contains("KanoApi.Storage.Sqlite.SqliteStatement", Failing(failing));
    }

    [Fact]
    public void TheRuleFailsForATypeOutsideStorageThatUsesAProviderLibraryInAMethodBodyALambdaOrAnAsyncMethod()
    {
        var result = NoneUsesAProviderLibrary(
            Types.InAssembly(typeof(StorageBoundaryTests).Assembly)
                .That().ResideInNamespace(typeof(Offenders.OpensNpgsqlInABody).Namespace!)
                .And().DoNotResideInNamespace(StorageNamespace));

        Assert.False(result.IsSuccessful);
        var failing = Failing(result);
        Assert.Contains(typeof(Offenders.OpensNpgsqlInABody).FullName, failing);
        Assert.Contains(typeof(Offenders.BuildsSqliteInALambda).FullName, failing);
        Assert.Contains(typeof(Offenders.ReadsSqlitePclVersionInAnAsyncMethod).FullName, failing);
        Assert.Contains(typeof(Offenders.TypesAnArrayWithNpgsqlTypes).FullName, failing);
        // A type that uses only System.Data.Common, as the service's stores do, is not named.
        Assert.DoesNotContain(typeof(Offenders.UsesOnlyDbConnection).FullName, failing);
    }
}
