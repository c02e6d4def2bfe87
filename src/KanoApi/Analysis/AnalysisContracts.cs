using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Kano.Analysis;

namespace KanoApi.Analysis;

/// <summary>The analysis options of analysis, segments, backlog and chart (api-contract: Analysis).</summary>
public sealed record AnalysisQuery
{
    /// <summary>Evaluation table: standard (Sauerwein et al. 1996) or pouliot (Berger et al. 1993). Default standard.</summary>
    /// <example>standard</example>
    [AllowedValues("standard", "pouliot", null)]
    [FromQuery(Name = "table")]
    public string? Table { get; init; }

    /// <summary>How a category is decided: mode, hierarchy (M &gt; O &gt; A &gt; I when category strength is at or below the threshold) or positive-vs-rest. Default hierarchy.</summary>
    /// <example>hierarchy</example>
    [AllowedValues("mode", "hierarchy", "positive-vs-rest", null)]
    [FromQuery(Name = "rule")]
    public string? Rule { get; init; }

    /// <summary>The hierarchy rule's category-strength threshold in percentage points (0-100, at most two decimals). Default 6.</summary>
    /// <example>6</example>
    [FromQuery(Name = "threshold")]
    public double? Threshold { get; init; }

    /// <summary>Only respondents of this wave.</summary>
    [FromQuery(Name = "wave")]
    public string? Wave { get; init; }

    /// <summary>Exclude respondents with more than this many questionable (Q) answers.</summary>
    [FromQuery(Name = "maxQuestionable")]
    public int? MaxQuestionable { get; init; }

    /// <summary>How numbers are reported: rounded (default: coefficients 3 decimals, means and percentages 2, backlog scores 4) or full (unrounded, for recomputing or comparing with R or a spreadsheet).</summary>
    /// <example>rounded</example>
    [AllowedValues("rounded", "full", null)]
    [FromQuery(Name = "precision")]
    public string? Precision { get; init; }

    /// <summary>en or vi; overrides Accept-Language.</summary>
    [AllowedValues("en", "vi", null)]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>The analysis of a survey: every feature with the statistics of method §4-§6.</summary>
public sealed record AnalysisResponse(
    long SurveyId,
    string SurveyName,
    long Respondents,
    string Table,
    string Rule,
    double Threshold,
    AnalysisFilterResponse Filter,
    string Language,
    double? SurveyMeanImportance,
    IReadOnlyList<FeatureAnalysisResponse> Features)
{
    /// <summary>
    /// SERVQUAL dimensions, gap 5, Kano-adjusted improvement and service levels (issue 21); null when no feature is
    /// tagged with a dimension and the survey does not ask expectation and perception.
    /// </summary>
    public KanoApi.ServiceQuality.ServiceQualityResponse? ServiceQuality { get; init; }
}

/// <summary>The respondent filter an analysis was made with.</summary>
public sealed record AnalysisFilterResponse(string? Wave, IReadOnlyDictionary<string, string> Segments, int? MaxQuestionable);

/// <summary>One feature's analysis (api-contract: Analysis; method §4-§6).</summary>
public sealed record FeatureAnalysisResponse
{
    /// <example>3</example>
    public required long FeatureId { get; init; }
    /// <example>free-wifi</example>
    public required string Key { get; init; }
    /// <example>Free in-store WiFi</example>
    public required string Name { get; init; }
    /// <summary>Respondents who answered both questions: a + o + m + i + r + q.</summary>
    public required long N { get; init; }
    /// <summary>Counts of A, O, M, I, R, Q.</summary>
    public required IReadOnlyDictionary<string, long> Counts { get; init; }
    /// <summary>Percentages of A, O, M, I, R, Q (two decimals).</summary>
    public required IReadOnlyDictionary<string, double> Percentages { get; init; }
    /// <summary>The decided code: A, O, M, I, R or Q; null when nobody answered (n = 0, warning <c>no-answers</c>).</summary>
    /// <example>I</example>
    public required string? Code { get; init; }
    /// <summary>basic, expected, delighter, indifferent, reverse or questionable; null when nobody answered.</summary>
    /// <example>indifferent</example>
    public required string? Category { get; init; }
    /// <summary>The category's label in the answer's language; null when nobody answered.</summary>
    /// <example>Indifferent</example>
    public required string? Label { get; init; }
    /// <summary>The second most frequent code.</summary>
    public required string? SecondaryCode { get; init; }
    /// <summary>Both codes, the reported one first (e.g. "O/M"), when Fong's test says the top two are not significantly different; null when the reported code is not one of them (e.g. Q, which Fong leaves out).</summary>
    public required string? Dual { get; init; }
    /// <summary>Better (CS+) = (a+o)/(a+o+m+i); null when the denominator is 0.</summary>
    public required double? Better { get; init; }
    /// <summary>Worse (CS−) = −(o+m)/(a+o+m+i); null when the denominator is 0.</summary>
    public required double? Worse { get; init; }
    /// <summary>95 % Wilson score interval of Better; null when a+o+m+i is 0.</summary>
    public required IntervalResponse? BetterInterval { get; init; }
    /// <summary>95 % Wilson score interval of (o+m)/(a+o+m+i), negated like Worse: low is the more negative bound; null when a+o+m+i is 0.</summary>
    public required IntervalResponse? WorseInterval { get; init; }
    /// <summary>Probability that each of A, O, M, I, R, Q is the most frequent code, under a Dirichlet(counts + 1) posterior (seeded Monte Carlo of 20,000 draws; three decimals); null when nobody answered.</summary>
    public required IReadOnlyDictionary<string, double>? CategoryProbabilities { get; init; }
    /// <summary>How many respondents Fong's test needs to separate the two most frequent codes at today's shares, and how many more that is (0 when already significant); null when the two are tied.</summary>
    public required SettleResponse? Settle { get; init; }
    /// <summary>% of the most frequent code − % of the second (Lee &amp; Newcomb 1997).</summary>
    public required double CategoryStrength { get; init; }
    /// <summary>%A + %O + %M.</summary>
    public required double TotalStrength { get; init; }
    public required FongResponse Fong { get; init; }
    public required ContinuousResponse Continuous { get; init; }
    /// <summary>Xu et al. 2009 importance-weighted scores; null when nobody stated importance.</summary>
    public required AnalyticalResponse? Analytical { get; init; }
    public required RatingResponse Importance { get; init; }
    public required RatingResponse Satisfaction { get; init; }
    /// <summary>Yang 2005 refined category (critical, necessary, high-value-added, …); null when unknown.</summary>
    public required string? Refined { get; init; }
    /// <summary>The effort estimate of the feature, if any.</summary>
    public required double? Effort { get; init; }
    /// <summary>What a user needs to know about this result, in the answer's language.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>The same warnings with their stable codes.</summary>
    public required IReadOnlyList<WarningResponse> WarningDetails { get; init; }
}

/// <summary>A 95 % interval, low ≤ high (three decimals).</summary>
public sealed record IntervalResponse(double Low, double High)
{
    internal static IntervalResponse? Of(Interval? interval, Precision precision = Precision.Rounded) =>
        interval is { } value ? new IntervalResponse(Reported.Round(value.Low, 3, precision), Reported.Round(value.High, 3, precision)) : null;
}

/// <summary>Respondents Fong's test needs to separate the top two codes at today's shares, and how many more than today.</summary>
public sealed record SettleResponse(long Respondents, long More);

/// <summary>Fong's test (Fong 1996) on the two most frequent codes.</summary>
public sealed record FongResponse(bool Applicable, long Difference, double Critical, bool Significant, string First, string Second);

/// <summary>DuMouchel's continuous scores (Berger et al. 1993).</summary>
public sealed record ContinuousResponse(double? FunctionalMean, double? FunctionalSd, double? DysfunctionalMean, double? DysfunctionalSd);

/// <summary>Xu et al. 2009: X (dysfunctional), Y (functional), r = sqrt(X² + Y²), angle in degrees.</summary>
public sealed record AnalyticalResponse(double X, double Y, double R, double Angle, long N);

/// <summary>Mean and sample standard deviation of a rating over the n respondents who gave it.</summary>
public sealed record RatingResponse(double? Mean, double? Sd, long N);

/// <summary>A warning with its stable code.</summary>
public sealed record WarningResponse(string Code, string Message);

/// <summary>The analysis per value of one segment (api-contract: analysis/segments).</summary>
public sealed record SegmentAnalysisResponse(
    string By,
    IReadOnlyList<SegmentGroupResponse> Groups,
    IReadOnlyList<SegmentDisagreementResponse> Disagreements)
{
    /// <summary>True when the segment has more values than the groups listed (the most frequent ones).</summary>
    public bool Truncated { get; init; }
}

public sealed record SegmentGroupResponse(string Value, long Respondents, IReadOnlyList<FeatureAnalysisResponse> Features);

/// <summary>A feature whose code differs between segment values.</summary>
public sealed record SegmentDisagreementResponse(string Key, string Name, IReadOnlyDictionary<string, string> Codes);

internal static class AnalysisMapping
{
    public static FeatureAnalysisResponse ToResponse(this FeatureAnalysis feature, Language language, Precision precision = Precision.Rounded) => new()
    {
        FeatureId = feature.FeatureId,
        Key = feature.Key,
        Name = feature.Name,
        N = feature.N,
        Counts = feature.Counts.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
        Percentages = feature.Percentages.ToDictionary(pair => pair.Key.ToString(), pair => Reported.Round(pair.Value, 2, precision)),
        Code = feature.Code?.ToString(),
        Category = feature.Category is { } category ? KanoNames.Name(category) : null,
        Label = feature.Label(language),
        SecondaryCode = feature.SecondaryCode?.ToString(),
        Dual = feature.Dual,
        Better = Reported.Round(feature.Better, 3, precision),
        Worse = Reported.Round(feature.Worse, 3, precision),
        BetterInterval = IntervalResponse.Of(feature.BetterInterval, precision),
        WorseInterval = IntervalResponse.Of(feature.WorseInterval, precision),
        CategoryProbabilities = feature.CategoryProbabilities?.ToDictionary(pair => pair.Key.ToString(), pair => Reported.Round(pair.Value, 3, precision)),
        Settle = feature.Settle is { } settle ? new SettleResponse(settle.Respondents, settle.More) : null,
        CategoryStrength = Reported.Round(feature.CategoryStrength, 2, precision),
        TotalStrength = Reported.Round(feature.TotalStrength, 2, precision),
        Fong = new FongResponse(
            feature.Fong.Applicable,
            feature.Fong.Difference,
            Reported.Round(feature.Fong.Critical, 2, precision),
            feature.Fong.Significant,
            feature.Fong.First.ToString(),
            feature.Fong.Second.ToString()),
        Continuous = new ContinuousResponse(
            Reported.Round(feature.Continuous.FunctionalMean, 3, precision),
            Reported.Round(feature.Continuous.FunctionalSd, 3, precision),
            Reported.Round(feature.Continuous.DysfunctionalMean, 3, precision),
            Reported.Round(feature.Continuous.DysfunctionalSd, 3, precision)),
        Analytical = feature.Analytical is { } xu
            ? new AnalyticalResponse(Reported.Round(xu.X, 4, precision), Reported.Round(xu.Y, 4, precision), Reported.Round(xu.R, 4, precision), Reported.Round(xu.AngleDegrees, 2, precision), xu.N)
            : null,
        Importance = new RatingResponse(Reported.Round(feature.Importance.Mean, 2, precision), Reported.Round(feature.Importance.Sd, 2, precision), feature.Importance.N),
        Satisfaction = new RatingResponse(Reported.Round(feature.Satisfaction.Mean, 2, precision), Reported.Round(feature.Satisfaction.Sd, 2, precision), feature.Satisfaction.N),
        Refined = feature.Refined,
        Effort = feature.Effort,
        Warnings = feature.Warnings.Select(warning => warning.Message(language)).ToArray(),
        WarningDetails = feature.Warnings.Select(warning => new WarningResponse(warning.Code, warning.Message(language))).ToArray(),
    };

}
