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

    [LoggerMessage(Level = LogLevel.Information, Message = "Created workspace '{Workspace}' with the admin key from Kano:BootstrapApiKey")]
    private partial void LogConfiguredKey(string workspace);
}
