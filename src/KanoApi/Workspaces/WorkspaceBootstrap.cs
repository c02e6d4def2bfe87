using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Workspaces;

/// <summary>
/// On an empty database, creates the workspace <c>default</c> with one admin key (api-contract: configuration):
/// <c>Kano:BootstrapApiKey</c> when configured, otherwise a generated key that is logged once, now.
/// </summary>
public sealed partial class WorkspaceBootstrap(Database database, IConfiguration configuration, ILogger<WorkspaceBootstrap> logger)
{
    public const string DefaultWorkspaceName = "default";

    public void EnsureWorkspace()
    {
        var configuredKey = configuration["Kano:BootstrapApiKey"];
        if (!string.IsNullOrWhiteSpace(configuredKey) && ApiKeys.PrefixOf(configuredKey.Trim()) is null)
        {
            throw new InvalidOperationException(
                $"Kano:BootstrapApiKey must be at least {ApiKeys.MinimumLength} characters long.");
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM workspaces", transaction: transaction) > 0)
        {
            // The setting is silently useless here: every call with that key would answer 401 and nothing would say
            // why. Unless the key is already one of this database's (a restart with the same setting), say so.
            if (!string.IsNullOrWhiteSpace(configuredKey) && connection.ExecuteScalar<long>(
                    "SELECT count(*) FROM api_keys WHERE secret_hash = @hash AND revoked_at IS NULL",
                    new { hash = ApiKeys.Hash(configuredKey.Trim()) }, transaction) == 0)
            {
                LogIgnoredKey(database.Location, database.StartOverAdvice);
            }

            return;
        }

        var key = string.IsNullOrWhiteSpace(configuredKey) ? ApiKeys.Generate() : configuredKey.Trim();
        // Start-up runs before the host does: nothing else is waiting on this thread.
        WorkspaceStore.CreateAsync(connection, transaction, DefaultWorkspaceName, key, "bootstrap").GetAwaiter().GetResult();
        transaction.Commit();

        if (string.IsNullOrWhiteSpace(configuredKey))
        {
            // The only place a secret is ever written to a log: there is no other way to hand it over.
            LogGeneratedKey(DefaultWorkspaceName, key);
        }
        else
        {
            LogConfiguredKey(DefaultWorkspaceName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Created workspace '{Workspace}' with a generated admin API key: {ApiKey} (shown once; set Kano:BootstrapApiKey to choose it)")]
    private partial void LogGeneratedKey(string workspace, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = """
        Kano:BootstrapApiKey (environment: Kano__BootstrapApiKey) is set but ignored: the database {Database} already has a workspace, and the setting only chooses the first admin key of an empty database, so requests with it answer 401. To start over, {StartOver}; to keep the data, use the admin key this database was made with (the generated one was logged at its first start) and create more keys with POST /v1/keys.
        """)]
    private partial void LogIgnoredKey(string database, string startOver);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created workspace '{Workspace}' with the admin key from Kano:BootstrapApiKey")]
    private partial void LogConfiguredKey(string workspace);
}
