using System.Diagnostics;
using System.Globalization;
using KanoApi.Testing;
using Npgsql;
using NpgsqlTypes;

namespace KanoApi.Benchmarks;

/// <summary>
/// <c>--provider postgres</c>: the import and fresh-analysis figures of the harness with the service on PostgreSQL
/// (a throw-away server of Debian's postgresql package, tests/Shared/PostgresServer.cs, stopped at the end). Its own
/// storage reference is a binary COPY of the same rows (respondents, segments, answers) in one transaction into a
/// database with the service's PostgreSQL schema; the targets are the same ratios as on SQLite.
/// </summary>
internal static class PostgresBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options, Report report, Action<string> progress)
    {
        using var server = PostgresServer.Start();
        var work = Directory.CreateTempSubdirectory("kano-bench-pg-").FullName;
        ServiceProcess? service = null;
        try
        {
            var survey = new SyntheticSurvey(options.Features);
            var largeAnswers = options.Respondents * options.Features;

            // 1. Storage reference: the schema the service makes (it migrates on start), then binary COPY of the rows.
            server.CreateDatabase("reference");
            await using (var migrator = ServiceProcess.Start(ServiceProcess.FindServiceDll(options.ServiceDll), Path.Combine(work, "reference"), Environment(server, "reference")))
            {
                await migrator.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            }

            progress($"1. storage reference (PostgreSQL): {largeAnswers:N0} answers by binary COPY in one transaction");
            var reference = await CopyReferenceAsync(server.ConnectionString("reference"), survey, options.Respondents);
            report.Add("pg-storage", $"1. Storage reference: PostgreSQL binary COPY, one transaction ({largeAnswers:N0} answers)",
                $"{reference:N0} answers/s", "reference", null, ("answers", largeAnswers), ("answersPerSecond", reference));

            server.CreateDatabase("bench");
            service = ServiceProcess.Start(ServiceProcess.FindServiceDll(options.ServiceDll), Path.Combine(work, "bench"), Environment(server, "bench"));
            await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            using var client = service.CreateClient();

            var small = await Http.CreateSurveyAsync(client, "bench small", options.Features);
            using (var smallCsv = await client.PostAsync($"v1/surveys/{small}/responses/import", new StreamingCsvContent(survey, 0, options.SmallRespondents)))
            {
                await Http.ExpectStoredAsync(smallCsv, options.SmallRespondents);
            }

            // 2 and 6. CSV import through the service, and its peak RSS.
            var large = await Http.CreateSurveyAsync(client, "bench large", options.Features);
            progress($"2. CSV import (PostgreSQL): {options.Respondents:N0} respondents ({largeAnswers:N0} answers), streamed");
            var peakReset = service.ResetPeakResident();
            var clock = Stopwatch.StartNew();
            using (var csv = await client.PostAsync($"v1/surveys/{large}/responses/import", new StreamingCsvContent(survey, 0, options.Respondents)))
            {
                await Http.ExpectStoredAsync(csv, options.Respondents);
            }

            var rate = largeAnswers / clock.Elapsed.TotalSeconds;
            var ratio = rate / reference;
            report.Add("pg-csv-import", $"2. Import, CSV streamed, PostgreSQL ({largeAnswers:N0} answers)",
                $"{rate:N0} answers/s = {ratio:0.00}x COPY reference", ">= 0.5x", ratio >= 0.5,
                ("answers", largeAnswers), ("seconds", clock.Elapsed.TotalSeconds), ("answersPerSecond", rate), ("ratioToStorage", ratio), ("target", 0.5));
            if (peakReset && service.PeakResidentBytes() is { } peak)
            {
                var megabytes = peak / 1048576.0;
                report.Add("pg-memory", $"6. Service peak RSS during that import, PostgreSQL ({largeAnswers:N0} answers)",
                    $"{megabytes:N0} MB", "<= 400 MB", megabytes <= 400, ("peakRssMegabytes", megabytes), ("target", 400));
            }

            // 3. Fresh analysis on both surveys.
            progress($"3. fresh analysis latency (PostgreSQL): {options.Samples} samples on each survey");
            var smallFresh = await Latency.FreshAsync(client, survey, small, "", options.Samples, "fresh-small-");
            var largeFresh = await Latency.FreshAsync(client, survey, large, "", options.Samples, "fresh-large-");
            report.Add("pg-fresh-analysis-small", $"3. Fresh analysis, PostgreSQL, {options.SmallRespondents / 1000:N0}k respondents x {options.Features} features",
                smallFresh.Describe(), "reference", null, smallFresh.Fields(options.SmallRespondents));
            var largeP50 = largeFresh.ServerP50 ?? largeFresh.P50;
            report.Add("pg-fresh-analysis-large", $"3. Fresh analysis, PostgreSQL, {options.Respondents / 1000:N0}k respondents x {options.Features} features",
                largeFresh.Describe(), "p50 <= 10 ms", largeP50 <= 10, largeFresh.Fields(options.Respondents));
            var flatness = largeFresh.P50 / smallFresh.P50;
            report.Add("pg-fresh-analysis-flatness", $"3. Fresh analysis p50, PostgreSQL, {options.Respondents / 1000:N0}k / {options.SmallRespondents / 1000:N0}k respondents",
                $"{flatness:0.00}x", "<= 1.5x", flatness <= 1.5, ("ratio", flatness), ("target", 1.5));
            return 0;
        }
        finally
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }

            if (!options.Keep)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> Environment(PostgresServer server, string database) => new()
    {
        ["Kano__Database__Provider"] = "postgres",
        ["ConnectionStrings__Kano"] = server.ConnectionString(database),
    };

    /// <summary>The same rows the service stores for the CSV (respondents, two segments each, answers), by binary COPY in one transaction.</summary>
    private static async Task<double> CopyReferenceAsync(string connectionString, SyntheticSurvey survey, long respondents)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        long surveyId;
        await using (var setup = new NpgsqlCommand(
                         "INSERT INTO surveys (workspace_id, name, created_at, updated_at) VALUES ((SELECT min(id) FROM workspaces), 'storage', @now, @now) RETURNING id", connection))
        {
            setup.Parameters.AddWithValue("now", now);
            surveyId = (long)(await setup.ExecuteScalarAsync())!;
        }

        var features = new long[survey.Features];
        for (var f = 0; f < survey.Features; f++)
        {
            await using var feature = new NpgsqlCommand(
                "INSERT INTO features (survey_id, key, name, created_at, updated_at) VALUES (@survey, @key, @key, @now, @now) RETURNING id", connection);
            feature.Parameters.AddWithValue("survey", surveyId);
            feature.Parameters.AddWithValue("key", SyntheticSurvey.FeatureKey(f));
            feature.Parameters.AddWithValue("now", now);
            features[f] = (long)(await feature.ExecuteScalarAsync())!;
        }

        long firstId;
        await using (var ids = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('respondents', 'id'))", connection))
        {
            firstId = (long)(await ids.ExecuteScalarAsync())! + 1;
        }

        await using (var bump = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('respondents', 'id'), {firstId + respondents})", connection))
        {
            await bump.ExecuteScalarAsync();
        }

        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
                         "COPY respondents (id, survey_id, respondent_key, wave, segments, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(firstId + j, NpgsqlDbType.Bigint);
                await writer.WriteAsync(surveyId, NpgsqlDbType.Bigint);
                await writer.WriteAsync(survey.RespondentKey(j), NpgsqlDbType.Text);
                await writer.WriteAsync(SyntheticSurvey.Wave(j), NpgsqlDbType.Text);
                await writer.WriteAsync($"{{\"plan\":\"{SyntheticSurvey.Plan(j)}\",\"region\":\"{SyntheticSurvey.Region(j)}\"}}", NpgsqlDbType.Text);
                await writer.WriteAsync(now, NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
                         "COPY respondent_segments (respondent_id, survey_id, name, value) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                foreach (var (name, value) in new[] { ("plan", SyntheticSurvey.Plan(j)), ("region", SyntheticSurvey.Region(j)) })
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(firstId + j, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(surveyId, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(name, NpgsqlDbType.Text);
                    await writer.WriteAsync(value, NpgsqlDbType.Text);
                }
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
                         "COPY answers (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction) FROM STDIN (FORMAT BINARY)"))
        {
            for (long j = 0; j < respondents; j++)
            {
                for (var f = 0; f < survey.Features; f++)
                {
                    var answer = SyntheticSurvey.Answer(j, f);
                    await writer.StartRowAsync();
                    await writer.WriteAsync(firstId + j, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(features[f], NpgsqlDbType.Bigint);
                    await writer.WriteAsync((long)answer.Functional, NpgsqlDbType.Bigint);
                    await writer.WriteAsync((long)answer.Dysfunctional, NpgsqlDbType.Bigint);
                    if (answer.Importance is { } importance) { await writer.WriteAsync((long)importance, NpgsqlDbType.Bigint); } else { await writer.WriteNullAsync(); }
                    if (answer.Satisfaction is { } satisfaction) { await writer.WriteAsync((long)satisfaction, NpgsqlDbType.Bigint); } else { await writer.WriteNullAsync(); }
                }
            }

            await writer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return respondents * survey.Features / clock.Elapsed.TotalSeconds;
    }
}
