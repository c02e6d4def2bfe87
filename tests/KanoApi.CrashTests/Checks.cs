using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.Testing;
using Microsoft.Data.Sqlite;

namespace KanoApi.CrashTests;

internal sealed class Checks
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void Record(string name, bool ok, string? detail = null)
    {
        if (ok)
        {
            Passed++;
            Console.WriteLine($"  ok      {name}");
        }
        else
        {
            Failed++;
            Console.WriteLine($"  FAILED  {name}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}");
        }
    }
}

internal static class Setup
{
    public static async Task<long> CreateSurveyAsync(HttpClient client, int features)
    {
        using var created = await client.PostAsJsonAsync("v1/surveys", new { name = "crash test" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var f = 0; f < features; f++)
        {
            using var feature = await client.PostAsJsonAsync($"v1/surveys/{id}/features", new { key = SyntheticSurvey.FeatureKey(f), name = $"Feature {f}" });
            feature.EnsureSuccessStatusCode();
        }

        return id;
    }

    /// <summary>An endpoint asking for answers-stored events, so that every write puts one in the outbox.</summary>
    public static async Task CreateWebhookAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "responses.stored.v1" } });
        created.EnsureSuccessStatusCode();
    }
}

internal static class Writes
{
    /// <summary>Respondents in a large import: a transaction long enough to be cut in the middle by a kill.</summary>
    public const int LargeImport = 2000;

    /// <summary>Every tenth batch is a large CSV import; the others have the size asked for.</summary>
    public static int SizeOf(int batch, int size) => batch % 10 == 5 ? LargeImport : size;

    /// <summary>
    /// Batch k's respondents are <c>b{k}-r{j}</c>; every third batch and every large one goes as a CSV import, the rest
    /// as JSON batches.
    /// </summary>
    public static async Task<HttpStatusCode> PostBatchAsync(HttpClient client, long surveyId, int features, int batch, int size, CancellationToken cancellationToken)
    {
        var survey = new SyntheticSurvey(features, $"b{batch}-r");
        HttpContent body;
        string path;
        size = SizeOf(batch, size);
        if (batch % 3 == 0 || size == LargeImport)
        {
            var csv = new MemoryStream();
            await survey.WriteCsvAsync(csv, batch * 1000L, size, cancellationToken);
            body = new ByteArrayContent(csv.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };
            path = $"v1/surveys/{surveyId}/responses/import";
        }
        else
        {
            body = new ByteArrayContent(survey.BatchJson(batch * 1000L, size)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            path = $"v1/surveys/{surveyId}/responses/batch";
        }

        using (body)
        using (var response = await client.PostAsync(path, body, cancellationToken))
        {
            return response.StatusCode;
        }
    }
}

internal static class Verification
{
    public static async Task RunAsync(
        Checks checks, int round, ServiceProcess service, string databasePath, long surveyId, int features, int batchSize,
        HashSet<int> attempted, HashSet<int> acknowledged)
    {
        await using var db = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await db.OpenAsync();
        await Execute(db, "PRAGMA busy_timeout = 30000");

        var integrity = await Scalar<string>(db, "PRAGMA integrity_check");
        checks.Record($"round {round}: PRAGMA integrity_check is ok", integrity == "ok", integrity);

        // Respondents per batch, from the respondent ids b{k}-r{j}.
        var perBatch = new Dictionary<int, int>();
        await using (var keys = db.CreateCommand())
        {
            keys.CommandText = "SELECT respondent_key FROM respondents WHERE survey_id = $survey";
            keys.Parameters.AddWithValue("$survey", surveyId);
            await using var reader = await keys.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(0);
                var batch = int.Parse(key.AsSpan(1, key.IndexOf('-', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);
                perBatch[batch] = perBatch.GetValueOrDefault(batch) + 1;
            }
        }

        var missing = acknowledged.Where(batch => perBatch.GetValueOrDefault(batch) != Writes.SizeOf(batch, batchSize)).ToArray();
        checks.Record($"round {round}: all {acknowledged.Count} acknowledged batches are present whole", missing.Length == 0,
            "not whole: " + string.Join(", ", missing.Take(20).Select(b => $"b{b} ({perBatch.GetValueOrDefault(b)})")));
        var partial = perBatch.Where(entry => entry.Value != Writes.SizeOf(entry.Key, batchSize) || !attempted.Contains(entry.Key)).ToArray();
        checks.Record($"round {round}: no batch is partially present ({perBatch.Count} batches stored, {perBatch.Count - acknowledged.Count} of them unacknowledged)",
            partial.Length == 0, string.Join(", ", partial.Take(20).Select(entry => $"b{entry.Key} ({entry.Value})")));

        // The outbox: each stored batch's write added exactly one answers-stored event in its own transaction.
        var events = new Dictionary<int, List<int>>();
        await using (var outbox = db.CreateCommand())
        {
            outbox.CommandText = "SELECT data FROM webhook_events WHERE survey_id = $survey AND type = 'responses.stored.v1'";
            outbox.Parameters.AddWithValue("$survey", surveyId);
            await using var reader = await outbox.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var data = JsonDocument.Parse(reader.GetString(0)).RootElement;
                var first = data.GetProperty("respondentIds")[0].GetString()!;
                var batch = int.Parse(first.AsSpan(1, first.IndexOf('-', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);
                (events.TryGetValue(batch, out var counts) ? counts : events[batch] = []).Add(data.GetProperty("count").GetInt32());
            }
        }

        var eventless = perBatch.Keys.Where(batch => !events.TryGetValue(batch, out var counts) || counts.Count != 1 || counts[0] != perBatch[batch]).ToArray();
        var strays = events.Keys.Where(batch => !perBatch.ContainsKey(batch)).ToArray();
        checks.Record($"round {round}: every stored batch has one answers-stored webhook event with its count, and no other batch has one",
            eventless.Length == 0 && strays.Length == 0,
            $"without their one event: {string.Join(", ", eventless.Take(20).Select(b => $"b{b}"))}; events of batches not stored: {string.Join(", ", strays.Take(20).Select(b => $"b{b}"))}");

        var incomplete = await Scalar<long>(db,
            $"SELECT count(*) FROM respondents r WHERE r.survey_id = {surveyId} AND (SELECT count(*) FROM answers a WHERE a.respondent_id = r.id) <> {features}");
        checks.Record($"round {round}: every stored respondent has all {features} answers", incomplete == 0, $"{incomplete} respondents without all their answers");

        var stored = await Rows(db,
            $"""
            SELECT c.feature_id, c.functional, c.dysfunctional, c.answers, c.importance_count, c.importance_sum, c.importance_sum_squares,
                   c.satisfaction_count, c.satisfaction_sum, c.satisfaction_sum_squares
            FROM feature_cells c JOIN features f ON f.id = c.feature_id
            WHERE f.survey_id = {surveyId} AND c.answers <> 0
            """);
        var recount = await Rows(db,
            $"""
            SELECT a.feature_id, a.functional, a.dysfunctional, count(*), count(a.importance), coalesce(sum(a.importance), 0),
                   coalesce(sum(a.importance * a.importance), 0), count(a.satisfaction), coalesce(sum(a.satisfaction), 0),
                   coalesce(sum(a.satisfaction * a.satisfaction), 0)
            FROM answers a JOIN features f ON f.id = a.feature_id
            WHERE f.survey_id = {surveyId}
            GROUP BY a.feature_id, a.functional, a.dysfunctional
            """);
        var differences = stored.Except(recount).Concat(recount.Except(stored)).ToArray();
        checks.Record($"round {round}: feature_cells equal a recount from the raw answers ({recount.Count} cells)", differences.Length == 0,
            string.Join("; ", differences.Take(10)));

        var respondents = perBatch.Values.Sum();
        var kept = await Scalar<long>(db, $"SELECT respondent_count FROM surveys WHERE id = {surveyId}");
        checks.Record($"round {round}: surveys.respondent_count equals the respondents stored", kept == respondents,
            $"respondent_count {kept}, respondents {respondents}");
        using var client = service.CreateClient(TimeSpan.FromMinutes(2));
        using var analysis = await client.GetAsync($"v1/surveys/{surveyId}/analysis");
        var counted = analysis.IsSuccessStatusCode
            ? (await analysis.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("respondents").GetInt64()
            : -1;
        checks.Record($"round {round}: the analysis after restart counts all {respondents} respondents", counted == respondents,
            $"analysis answered {(int)analysis.StatusCode} with {counted} respondents");
    }

    private static async Task<HashSet<string>> Rows(SqliteConnection db, string sql)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetInt64(i).ToString(CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<T> Scalar<T>(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task Execute(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
