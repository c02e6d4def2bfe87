// The crash test of issue 7. The real service runs as a separate process; writers post batches (JSON batches and
// CSV imports, some of them large, each "all stored or none") in a loop; at a random moment the service is killed with SIGKILL; it is
// restarted on the same file and, once /health/ready answers, the database is checked:
//   - PRAGMA integrity_check is ok;
//   - every acknowledged (201) batch is present whole, and no batch is partially present (nor one never sent);
//   - every stored respondent has all its answers;
//   - the feature_cells aggregates equal a recount from the raw answers, and the analysis counts every respondent.
//   - every stored batch has exactly one answers-stored webhook event in the outbox (written in its transaction), with
//     its count and respondent ids, and no batch that is not stored has one.
// No timing is asserted: readiness is polled with a generous timeout, and the kill moments are only random.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.CrashTests;
using KanoApi.Testing;
using Microsoft.Data.Sqlite;

var kills = 5;
var writers = 4;
var features = 8;
var batchSize = 25;
var seed = Environment.TickCount;
string? serviceOverride = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--kills": kills = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--writers": writers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--features": features = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--batch": batchSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--service": serviceOverride = args[++i]; break;
        default:
            Console.Error.WriteLine("dotnet run -c Release --project tests/KanoApi.CrashTests -- [--kills 5] [--writers 4] [--features 8] [--batch 25] [--seed N] [--service KanoApi.dll]");
            return 2;
    }
}

var random = new Random(seed);
var readyTimeout = TimeSpan.FromMinutes(3);
var work = Directory.CreateTempSubdirectory("kano-crash-").FullName;
var databasePath = Path.Combine(work, "crash.db");
var serviceDll = ServiceProcess.FindServiceDll(serviceOverride);
var checks = new Checks();
Console.WriteLine($"crash test: {kills} kills, {writers} writers, batches of {batchSize} respondents x {features} features (every tenth a CSV import of {Writes.LargeImport}), seed {seed}, database {databasePath}");

// A webhook endpoint exists (on loopback, where nothing listens), and this service delivers nothing: every event its
// writes put in the outbox stays there to be counted.
var webhooks = new Dictionary<string, string>
{
    ["Kano__Webhooks__Enabled"] = "false",
    ["Kano__Webhooks__AllowLoopback"] = "true",
    ["Kano__Webhooks__AllowHttp"] = "true",
};
var service = ServiceProcess.Start(serviceDll, databasePath, webhooks);
try
{
    await service.WaitUntilReadyAsync(readyTimeout);
    long surveyId;
    using (var admin = service.CreateClient(TimeSpan.FromMinutes(2)))
    {
        surveyId = await Setup.CreateSurveyAsync(admin, features);
        await Setup.CreateWebhookAsync(admin);
    }

    var attempted = new ConcurrentDictionary<int, bool>();
    var acknowledged = new ConcurrentDictionary<int, bool>();
    var unexpected = new ConcurrentQueue<string>();
    var nextBatch = 0;

    for (var round = 1; round <= kills; round++)
    {
        using var stop = new CancellationTokenSource();
        var killing = false;
        using var client = service.CreateClient(TimeSpan.FromMinutes(2));
        var acknowledgedBefore = acknowledged.Count;
        var loops = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref killing))
            {
                var batch = Interlocked.Increment(ref nextBatch);
                attempted[batch] = true;
                try
                {
                    var status = await Writes.PostBatchAsync(client, surveyId, features, batch, batchSize, stop.Token);
                    if (status == HttpStatusCode.Created)
                    {
                        acknowledged[batch] = true;
                    }
                    else if (!Volatile.Read(ref killing))
                    {
                        unexpected.Enqueue($"batch {batch} answered {(int)status}");
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
                {
                    // The service died under this request: the batch may or may not have committed.
                }
            }
        })).ToArray();

        // Kill at a random moment, once this round has stored something (so every round tests recovery of new data).
        while (acknowledged.Count == acknowledgedBefore && !service.HasExited)
        {
            await Task.Delay(20);
        }

        await Task.Delay(random.Next(50, 2500));
        // No new batch starts from here; the ones in flight are not cancelled: the kill cuts them.
        Volatile.Write(ref killing, true);
        await service.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        await service.DisposeAsync();
        Console.WriteLine($"round {round}: SIGKILL after {acknowledged.Count} acknowledged of {attempted.Count} attempted batches");

        service = ServiceProcess.Start(serviceDll, databasePath, webhooks);
        await service.WaitUntilReadyAsync(readyTimeout);
        checks.Record($"round {round}: the service is ready again after SIGKILL", true);
        await Verification.RunAsync(checks, round, service, databasePath, surveyId, features, batchSize, attempted.Keys.ToHashSet(), acknowledged.Keys.ToHashSet());
    }

    checks.Record("no batch answered anything but 201 while the service was up", unexpected.IsEmpty, string.Join("; ", unexpected.Take(10)));
    await service.StopAsync(TimeSpan.FromMinutes(1));
}
catch (Exception exception)
{
    checks.Record("the crash test ran to the end", false, exception.ToString());
}
finally
{
    await service.DisposeAsync();
}

Console.WriteLine($"crash-test: {checks.Passed} passed, {checks.Failed} failed");
if (checks.Failed == 0)
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
    return 0;
}

Console.WriteLine($"kept {work} (database and service logs) for inspection");
return 1;
