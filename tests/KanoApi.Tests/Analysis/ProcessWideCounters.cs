using System.Diagnostics.Metrics;
using Kano.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// Tests that read a process-wide counter run in a collection of their own, which xUnit runs after every other
/// collection and alone: no other test's analysis can add to what they count.
/// </summary>
[CollectionDefinition(nameof(ProcessWideCounters), DisableParallelization = true)]
public sealed class ProcessWideCounters;

/// <summary>Counts the measurements of one instrument while it lives (each measurement once, whatever its value).</summary>
public sealed class MeasurementCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long count;

    private MeasurementCounter(string meter, string instrument)
    {
        // By name: the callback can run while the instrument's static field is still being created.
        listener.InstrumentPublished = (published, meterListener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument)
            {
                meterListener.EnableMeasurementEvents(published);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref count));
        listener.Start();
    }

    /// <summary>Monte Carlo estimates of category probabilities run (<see cref="Uncertainty.Estimates"/>).</summary>
    public static MeasurementCounter Estimates() => new(Uncertainty.MeterName, "kano.analysis.category_probability.estimates");

    /// <summary>Analyses computed, not answered from the cache (<see cref="Telemetry.AnalysisDuration"/>).</summary>
    public static MeasurementCounter Analyses() => new(Telemetry.Name, "kano.analysis.duration");

    public long Count => Interlocked.Read(ref count);

    public void Dispose() => listener.Dispose();
}
