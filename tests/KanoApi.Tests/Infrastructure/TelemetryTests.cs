using System.Diagnostics.Metrics;
using KanoApi.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KanoApi.Tests.Infrastructure;

public sealed class TelemetryTests
{
    [Fact]
    public void WithoutAnOtlpEndpointNoTelemetryIsRegistered()
    {
        using var host = new KanoApiFactory();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void WithAnOtlpEndpointTracesAndMetricsAreExported()
    {
        using var host = new WithEndpoint();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task AComputedAnalysisIsTimedInTheAnalysisDurationHistogram()
    {
        using var host = new KanoApiFactory();
        var client = host.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var timed = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == Telemetry.Name && instrument.Name == "kano.analysis.duration")
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref timed));
        listener.Start();

        var response = await client.GetAsync($"/v1/surveys/{surveyId}/analysis");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        // Other test classes run analyses in parallel: at least this one was timed.
        Assert.True(Volatile.Read(ref timed) >= 1, "a computed analysis was not timed");
    }

    [Fact]
    public async Task AnImportCountsOneImportAndEveryAnswerItStored()
    {
        using var host = new KanoApiFactory();
        var client = host.CreateAdminClient();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi", "dark");
        long imports = 0, answers = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == Telemetry.Name && instrument.Name is "kano.imports" or "kano.answers.stored")
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "kano.imports" ? ref imports : ref answers, value));
        listener.Start();

        var csv = "respondentId,wifi.functional,wifi.dysfunctional,dark.functional,dark.dysfunctional\nr1,like,dislike,neutral,neutral\nr2,must-be,dislike,,\n";
        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        // Other test classes store answers in parallel: at least this import's are counted.
        Assert.True(Interlocked.Read(ref imports) >= 1, "the import was not counted");
        Assert.True(Interlocked.Read(ref answers) >= 3, "the import's three answers were not counted");
    }

    private sealed class WithEndpoint : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            // Nothing listens there: the exporter retries in the background and the host does not care.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        };
    }
}
