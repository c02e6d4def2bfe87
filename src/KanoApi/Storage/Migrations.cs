using System.Data.Common;
using System.Reflection;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Storage;

/// <summary>
/// Applies the numbered SQL files of db/migrations/&lt;dialect&gt;/ (embedded in this assembly) in order, each in its
/// own transaction together with its row in schema_migrations, so a migration is either wholly applied or not at all.
/// Both providers carry the same names for the same schema steps. The whole run holds the database's lock across
/// instances (<see cref="Database.HoldLock"/>: an advisory lock on PostgreSQL), so instances starting together apply each migration once: the first applies, the others wait and then find
/// nothing pending. A database that records a migration this build does not carry is newer than the binary, and the
/// service refuses to start on it rather than write rows an older schema's code does not understand.
/// </summary>
public sealed partial class Migrations(Database database, ILogger<Migrations> logger)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>The advisory lock key (pg_advisory_lock) every instance takes while it migrates: "KANO" in ASCII.</summary>
    internal const long AdvisoryLockKey = 0x4B414E4F;

    /// <summary>The first line of a migration that rebuilds tables (see <see cref="Apply"/>).</summary>
    internal const string RebuildsTablesMarker = "-- kano: foreign-keys-off";
    private readonly Func<string, string> readScript = name => ReadEmbeddedScript(database.Provider, name);
    private readonly IReadOnlyList<string> scripts = KnownFor(database.Provider);

    /// <summary>Migrations from another source than this assembly (tests of the mechanism itself).</summary>
    internal Migrations(Database database, ILogger<Migrations> logger, IReadOnlyDictionary<string, string> scripts)
        : this(database, logger)
    {
        this.scripts = scripts.Keys.Order(StringComparer.Ordinal).ToArray();
        readScript = name => scripts[name];
    }

    /// <summary>The SQLite migration files this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> Known { get; } = KnownFor(StorageProvider.Sqlite);

    /// <summary>The migration files this build carries for a provider, in the order they apply.</summary>
    public static IReadOnlyList<string> KnownFor(StorageProvider provider)
    {
        var prefix = $"{ResourcePrefix}{provider.Name}/";
        return typeof(Migrations).Assembly
            .GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => name[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public int Apply()
    {
        // Held across the per-migration transactions below, released before the connection goes back to the pool
        // (and by the server itself if this process dies holding it).
        using var migrating = database.HoldLock(AdvisoryLockKey);
        using var connection = database.Open();
        return ApplyPending(connection);
    }

    private int ApplyPending(System.Data.Common.DbConnection connection)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name       TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = connection.Query<string>("SELECT name FROM schema_migrations").ToHashSet(StringComparer.Ordinal);
        var unknown = applied.Except(scripts, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            var message = NewerSchemaMessage(unknown);
            LogNewerSchema(message);
            throw new InvalidOperationException(message);
        }

        var count = 0;
        foreach (var name in scripts.Where(name => !applied.Contains(name)))
        {
            var script = readScript(name);
            // A script that rebuilds tables runs with foreign keys off (set before its transaction), else dropping the
            // old table would cascade to every child row; every foreign key is checked before it commits (SQLite's
            // documented procedure for changing a table's definition).
            var provider = database.Provider;
            var rebuildsTables = provider.RebuildsTables(script);
            if (rebuildsTables)
            {
                provider.EnforceForeignKeys(connection, false);
            }

            using var transaction = connection.BeginTransaction();
            try
            {
                connection.Execute(script, transaction: transaction);
                if (rebuildsTables && provider.BreaksForeignKeys(connection, transaction))
                {
                    throw new InvalidOperationException("the rebuilt tables break a foreign key");
                }

                connection.Execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @appliedAt)",
                    new { name, appliedAt = Clock.Now() },
                    transaction);
                transaction.Commit();
            }
            catch (Exception exception)
            {
                LogMigrationFailed(exception, name);
                throw new InvalidOperationException($"Migration {name} failed: {exception.Message}", exception);
            }
            finally
            {
                if (rebuildsTables)
                {
                    transaction.Dispose();
                    provider.EnforceForeignKeys(connection, true);
                }
            }

            LogMigrationApplied(name);
            count++;
        }

        return count;
    }

    /// <summary>Names of the known migrations that the database has not recorded (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(database.Provider.CountTablesNamedSql, new { table = "schema_migrations" }, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            return scripts;
        }

        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        return scripts.Where(name => !applied.Contains(name)).ToArray();
    }

    /// <summary>What a binary older than its database says when it refuses to start.</summary>
    internal static string NewerSchemaMessage(IReadOnlyList<string> unknown) =>
        $"The database's schema is newer than this build of KanoApi: it records migration(s) {string.Join(", ", unknown)}, "
        + "which this build does not carry. Start a build that carries them (the one that applied them, or newer); "
        + "an older build would write rows the newer schema's code does not expect. Nothing was changed.";

    internal static string ReadEmbeddedScript(string name) => ReadEmbeddedScript(StorageProvider.Sqlite, name);

    internal static string ReadEmbeddedScript(StorageProvider provider, string name)
    {
        using var stream = typeof(Migrations).Assembly.GetManifestResourceStream($"{ResourcePrefix}{provider.Name}/{name}")
            ?? throw new InvalidOperationException($"Migration {provider.Name}/{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration {Migration} failed; start-up stops here")]
    private partial void LogMigrationFailed(Exception exception, string migration);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogNewerSchema(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    private partial void LogMigrationApplied(string migration);
}
