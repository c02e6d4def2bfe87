using System.Globalization;
using Kano.Analysis;

namespace KanoApi.Analysis;

/// <summary>The analysis of each wave and what changed between waves (method §7a).</summary>
public sealed record WaveComparisonResponse(IReadOnlyList<WaveResponse> Waves, IReadOnlyList<FeatureWavesResponse> Features);

/// <summary>A wave compared, with its respondents (after the request's segment and questionable filters).</summary>
public sealed record WaveResponse(string Wave, long Respondents);

/// <summary>One feature through the waves.</summary>
public sealed record FeatureWavesResponse(long FeatureId, string Key, string Name, IReadOnlyList<FeatureWaveResponse> Waves, IReadOnlyList<WaveChangeResponse> Changes);

/// <summary>
/// One feature in one wave: counts of A, O, M, I, R, Q, the decided code (null when nobody in the wave answered the
/// feature), Better and Worse with their 95 % Wilson intervals, and <c>no-answers</c> in the warnings when nobody did
/// (the feature's other warnings in one wave are in <c>…/analysis?wave=…</c>).
/// </summary>
public sealed record FeatureWaveResponse(
    string Wave,
    long N,
    IReadOnlyDictionary<string, long> Counts,
    string? Code,
    double? Better,
    double? Worse,
    IntervalResponse? BetterInterval,
    IntervalResponse? WorseInterval,
    IReadOnlyList<WarningResponse> Warnings);

/// <summary>
/// What changed for a feature from one wave to another: Pearson's chi-square test of homogeneity of the code counts
/// (statistic, df, p and p after Holm's correction across the features of this pair), the changes of Better and Worse
/// with their two-sided pooled two-proportion z-test p-values, and the movement of the code (e.g. "A→O") with whether
/// it follows the life cycle of quality (A→O, O→M, A→M, I→A). p-values keep four significant digits.
/// </summary>
public sealed record WaveChangeResponse(
    string From,
    string To,
    double? ChiSquare,
    int? Df,
    double? P,
    double? PHolm,
    double? BetterChange,
    double? BetterP,
    double? WorseChange,
    double? WorseP,
    string? Movement,
    bool LifeCycle,
    IReadOnlyList<WarningResponse> Warnings);

internal static class WaveMapping
{
    public static WaveComparisonResponse ToResponse(IReadOnlyList<WaveResponse> waves, IReadOnlyList<FeatureWaves> features, Language language, Precision precision) => new(
        waves,
        features.Select(feature => new FeatureWavesResponse(
            feature.FeatureId,
            feature.Key,
            feature.Name,
            feature.Waves.Select((analysis, w) => new FeatureWaveResponse(
                waves[w].Wave,
                analysis.N,
                analysis.Counts.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                analysis.Code?.ToString(),
                Reported.Round(analysis.Better, 3, precision),
                Reported.Round(analysis.Worse, 3, precision),
                IntervalResponse.Of(analysis.BetterInterval, precision),
                IntervalResponse.Of(analysis.WorseInterval, precision),
                analysis.Warnings.Where(warning => warning.Code == KanoWarnings.NoAnswersCode)
                    .Select(warning => new WarningResponse(warning.Code, warning.Message(language))).ToArray())).ToArray(),
            feature.Changes.Select(change => new WaveChangeResponse(
                change.From,
                change.To,
                Reported.Round(change.ChiSquare?.Statistic, 3, precision),
                change.ChiSquare?.Df,
                Significant(change.ChiSquare?.P, precision),
                Significant(change.PHolm, precision),
                Reported.Round(change.BetterChange, 3, precision),
                Significant(change.BetterP, precision),
                Reported.Round(change.WorseChange, 3, precision),
                Significant(change.WorseP, precision),
                change.Movement,
                change.LifeCycle,
                change.Warnings.Select(warning => new WarningResponse(warning.Code, warning.Message(language))).ToArray())).ToArray()))
            .ToArray());

    /// <summary>
    /// Four significant digits: a p-value of 1.5e−8 must not read 0, as fixed decimals would make it; unrounded with
    /// <c>precision=full</c>.
    /// </summary>
    internal static double? Significant(double? value, Precision precision = Precision.Rounded) =>
        value is { } v && precision == Precision.Rounded ? double.Parse(v.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
