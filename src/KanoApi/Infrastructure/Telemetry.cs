using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KanoApi.Infrastructure;

/// <summary>
/// OpenTelemetry traces and metrics, exported by OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the
/// exporter reads that variable and its OTEL_* siblings itself); otherwise nothing is registered and nothing runs.
/// Traces: ASP.NET Core requests and the database commands of whichever storage library reports them
/// (<see cref="StorageProvider.TelemetrySources"/>: which library emits what is the Storage folder's knowledge).
/// Metrics: ASP.NET Core's, the storage libraries', the service's own counters below and the analysis library's count of Monte Carlo
/// estimates (<see cref="Kano.Analysis.Uncertainty.Estimates"/>). Request spans carry the route template,
/// never header values, so API keys and connection strings stay out of them.
/// </summary>
public static class Telemetry
{
    public const string Name = "KanoApi";

    private static readonly Meter Meter = new(Name);

    /// <summary>Answers (one feature of one respondent) committed, by every write path.</summary>
    public static readonly Counter<long> AnswersStored = Meter.CreateCounter<long>(
        "kano.answers.stored", "{answer}", "Answers committed (one feature of one respondent)");

    /// <summary>CSV imports committed.</summary>
    public static readonly Counter<long> Imports = Meter.CreateCounter<long>(
        "kano.imports", "{import}", "CSV imports committed");

    /// <summary>Time spent computing an analysis that was not answered from the cache or with 304.</summary>
    public static readonly Histogram<double> AnalysisDuration = Meter.CreateHistogram<double>(
        "kano.analysis.duration", "s", "Time to compute an analysis (cache misses only)");

    /// <summary>Whether OTLP export is configured (OTEL_EXPORTER_OTLP_ENDPOINT set).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IServiceCollection AddKanoTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "kano-api",
                serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddSource([.. StorageProvider.TelemetrySources])
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter([.. StorageProvider.TelemetrySources])
                .AddMeter(Name)
                .AddMeter(Kano.Analysis.Uncertainty.MeterName)
                .AddOtlpExporter());
        return services;
    }

    /// <summary>Times an analysis into <see cref="AnalysisDuration"/>.</summary>
    public static long StartTimer() => Stopwatch.GetTimestamp();

    public static void RecordAnalysis(long started) =>
        AnalysisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
}
