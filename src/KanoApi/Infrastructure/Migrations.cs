using System.Reflection;
using Dapper;

namespace KanoApi.Infrastructure;

/// <summary>
/// Applies the numbered SQL files of db/migrations (embedded in this assembly) in order, each in its own
/// transaction together with its row in schema_migrations, so a migration is either wholly applied or not at all.
/// </summary>
public sealed partial class Migrations(Database database, ILogger<Migrations> logger)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>The first line of a migration that rebuilds tables (see <see cref="Apply"/>).</summary>
    internal const string RebuildsTablesMarker = "-- kano: foreign-keys-off";
    private readonly Func<string, string> readScript = ReadEmbeddedScript;
    private readonly IReadOnlyList<string> scripts = Known;

    /// <summary>Migrations from another source than this assembly (tests of the mechanism itself).</summary>
    internal Migrations(Database database, ILogger<Migrations> logger, IReadOnlyDictionary<string, string> scripts)
        : this(database, logger)
    {
        this.scripts = scripts.Keys.Order(StringComparer.Ordinal).ToArray();
        readScript = name => scripts[name];
    }

    /// <summary>The migration files this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> Known { get; } = typeof(Migrations).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public int Apply()
    {
        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name       TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = connection.Query<string>("SELECT name FROM schema_migrations").ToHashSet(StringComparer.Ordinal);

        var count = 0;
        foreach (var name in scripts.Where(name => !applied.Contains(name)))
        {
            var script = readScript(name);
            // A script that rebuilds tables runs with foreign keys off (the pragma is a no-op inside a transaction,
            // so it is set before), else dropping the old table would cascade to every child row; every foreign key
            // is checked before it commits (SQLite's documented procedure for changing a table's definition).
            var rebuildsTables = script.StartsWith(RebuildsTablesMarker, StringComparison.Ordinal);
            if (rebuildsTables)
            {
                connection.Execute("PRAGMA foreign_keys = OFF");
            }

            using var transaction = connection.BeginTransaction();
            try
            {
                connection.Execute(script, transaction: transaction);
                if (rebuildsTables && connection.Query("PRAGMA foreign_key_check", transaction: transaction).Any())
                {
                    throw new InvalidOperationException("the rebuilt tables break a foreign key (PRAGMA foreign_key_check)");
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
                    connection.Execute("PRAGMA foreign_keys = ON");
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
            new CommandDefinition("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken: cancellationToken));
        if (exists == 0)
        {
            return scripts;
        }

        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        return scripts.Where(name => !applied.Contains(name)).ToArray();
    }

    internal static string ReadEmbeddedScript(string name)
    {
        using var stream = typeof(Migrations).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"Migration {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration {Migration} failed; start-up stops here")]
    private partial void LogMigrationFailed(Exception exception, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    private partial void LogMigrationApplied(string migration);
}
