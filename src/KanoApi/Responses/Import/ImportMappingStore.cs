using System.Data.Common;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>The SQL of a survey's saved import mappings (the survey scope has opened the survey).</summary>
internal static class ImportMappingStore
{
    private sealed record Row(string Name, string Mapping, string CreatedAt, string UpdatedAt);

    public static async Task<IReadOnlyList<SavedImportMapping>> ListAsync(DbConnection connection, long surveyId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT name AS Name, mapping AS Mapping, created_at AS CreatedAt, updated_at AS UpdatedAt FROM import_mappings WHERE survey_id = @surveyId ORDER BY name",
            new { surveyId }, cancellationToken: cancellationToken)))
        .Select(Saved).ToArray();

    public static async Task<SavedImportMapping?> FindAsync(DbConnection connection, long surveyId, string name, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT name AS Name, mapping AS Mapping, created_at AS CreatedAt, updated_at AS UpdatedAt FROM import_mappings WHERE survey_id = @surveyId AND name = @name",
            new { surveyId, name }, transaction, cancellationToken: cancellationToken)) is { } row ? Saved(row) : null;

    /// <summary>Saves the mapping under its name, replacing one saved before; true when it is new.</summary>
    public static async Task<bool> SaveAsync(DbConnection connection, DbTransaction transaction, long surveyId, string name, ImportMapping mapping, CancellationToken cancellationToken)
    {
        var now = Clock.Now();
        var json = JsonSerializer.Serialize(mapping, Options);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE import_mappings SET mapping = @json, updated_at = @now WHERE survey_id = @surveyId AND name = @name",
            new { surveyId, name, json, now }, transaction, cancellationToken: cancellationToken));
        if (updated > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO import_mappings (survey_id, name, mapping, created_at, updated_at) VALUES (@surveyId, @name, @json, @now, @now)
            ON CONFLICT (survey_id, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at
            """,
            new { surveyId, name, json, now }, transaction, cancellationToken: cancellationToken));
        return true;
    }

    public static async Task<bool> DeleteAsync(DbConnection connection, long surveyId, string name, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM import_mappings WHERE survey_id = @surveyId AND name = @name", new { surveyId, name }, cancellationToken: cancellationToken)) > 0;

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ConfigureKano();

    private static SavedImportMapping Saved(Row row) =>
        new(row.Name, JsonSerializer.Deserialize<ImportMapping>(row.Mapping, Options)!, row.CreatedAt, row.UpdatedAt);
}
