using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.ServiceQuality;

namespace KanoApi.Backlog;

/// <summary>The prioritised improvement backlog of a survey (api-contract: Backlog; method §7).</summary>
public sealed record BacklogResponse(
    long SurveyId,
    long Respondents,
    string Table,
    string Rule,
    string Language,
    IReadOnlyList<BacklogItemResponse> Items,
    IReadOnlyList<ReviewItemResponse> Review);

/// <summary>A feature to invest in, in priority order.</summary>
public sealed record BacklogItemResponse
{
    /// <example>1</example>
    public required int Rank { get; init; }
    public required long FeatureId { get; init; }
    /// <example>fast-complaint-resolution</example>
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>basic, expected or delighter.</summary>
    /// <example>basic</example>
    public required string Category { get; init; }
    /// <example>M</example>
    public required string Code { get; init; }
    /// <summary>The category's label in the answer's language.</summary>
    public required string Label { get; init; }
    /// <summary>fix-first, improve, upkeep or delight.</summary>
    /// <example>fix-first</example>
    public required string Action { get; init; }
    /// <summary>The action in the answer's language.</summary>
    public required string ActionLabel { get; init; }
    /// <summary>Priority score within the category tier: value × importance factor × satisfaction factor × improvement factor ÷ effort factor.</summary>
    public required double Score { get; init; }
    /// <summary>The Kano value the score starts from: |Worse| (basic), Better + |Worse| (expected), Better (delighter).</summary>
    public required double Value { get; init; }
    public required BacklogFactorsResponse Factors { get; init; }
    public required double? Better { get; init; }
    public required double? Worse { get; init; }
    /// <summary>95 % Wilson score interval of Better.</summary>
    public required IntervalResponse? BetterInterval { get; init; }
    /// <summary>95 % Wilson score interval of Worse (low is the more negative bound).</summary>
    public required IntervalResponse? WorseInterval { get; init; }
    public required double? ImportanceMean { get; init; }
    public required double? SatisfactionMean { get; init; }
    public required double? Effort { get; init; }
    /// <summary>One sentence: why the item is where it is.</summary>
    public required string Rationale { get; init; }
    /// <summary>The feature's SERVQUAL dimension, gap 5 and Kano-adjusted improvement ratio; null when it is untagged and has no expectation/perception answers.</summary>
    public required FeatureGapResponse? ServiceQuality { get; init; }
}

/// <summary>The adjustments applied to an item's value (see the README's backlog formula); Improvement is Tan &amp; Shen's Kano-adjusted improvement ratio, 1 without expectation/perception answers.</summary>
public sealed record BacklogFactorsResponse(double Importance, double Satisfaction, double Effort, double Improvement);

/// <summary>An indifferent, reverse, questionable-dominated or unanswered feature, with what to do about it.</summary>
public sealed record ReviewItemResponse
{
    public required long FeatureId { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>indifferent, reverse or questionable; null for a feature nobody answered (action collect-answers).</summary>
    public required string? Category { get; init; }
    /// <summary>I, R or Q; null for a feature nobody answered.</summary>
    public required string? Code { get; init; }
    /// <summary>The category's label in the answer's language; null for a feature nobody answered.</summary>
    public required string? Label { get; init; }
    /// <summary>reconsider, look-closer, fix-question or collect-answers.</summary>
    public required string Action { get; init; }
    public required string ActionLabel { get; init; }
    public required string Rationale { get; init; }
}

internal static class BacklogMapping
{
    public static BacklogItemResponse ToResponse(this BacklogItem item, Language language, Precision precision = Precision.Rounded) => new()
    {
        Rank = item.Rank,
        FeatureId = item.Feature.FeatureId,
        Key = item.Feature.Key,
        Name = item.Feature.Name,
        // Only answered features are invested in (the unanswered are reviewed: collect answers), so each has a category.
        Category = KanoNames.Name(item.Feature.Category!.Value),
        Code = item.Feature.Code!.Value.ToString(),
        Label = item.Feature.Label(language)!,
        Action = item.Action,
        ActionLabel = item.ActionLabel(language),
        Score = Reported.Round(item.Score, 4, precision),
        Value = Reported.Round(item.Value, 4, precision),
        Factors = new BacklogFactorsResponse(
            Reported.Round(item.ImportanceFactor, 4, precision), Reported.Round(item.SatisfactionFactor, 4, precision), Reported.Round(item.EffortFactor, 4, precision),
            Reported.Round(item.ImprovementFactor, 4, precision)),
        Better = Reported.Round(item.Feature.Better, 3, precision),
        Worse = Reported.Round(item.Feature.Worse, 3, precision),
        BetterInterval = IntervalResponse.Of(item.Feature.BetterInterval, precision),
        WorseInterval = IntervalResponse.Of(item.Feature.WorseInterval, precision),
        ImportanceMean = Reported.Round(item.Feature.Importance.Mean, 3, precision),
        SatisfactionMean = Reported.Round(item.Feature.Satisfaction.Mean, 3, precision),
        Effort = item.Feature.Effort,
        Rationale = item.Rationale(language),
        ServiceQuality = item.ServiceQuality?.ToResponse(precision),
    };

    public static ReviewItemResponse ToResponse(this ReviewItem item, Language language) => new()
    {
        FeatureId = item.Feature.FeatureId,
        Key = item.Feature.Key,
        Name = item.Feature.Name,
        Category = item.Feature.Category is { } category ? KanoNames.Name(category) : null,
        Code = item.Feature.Code?.ToString(),
        Label = item.Feature.Label(language),
        Action = item.Action,
        ActionLabel = item.ActionLabel(language),
        Rationale = item.Rationale(language),
    };
}
