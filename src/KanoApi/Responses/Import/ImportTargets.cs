namespace KanoApi.Responses.Import;

/// <summary>A scale a respondent rates each feature on, one column per feature: its target name, its points, and where its value goes.</summary>
/// <param name="Target">The mapping target and KanoApi's header suffix (<c>&lt;featureKey&gt;.importance</c>).</param>
/// <param name="Max">The scale's top point (1 … Max).</param>
/// <param name="Apply">The answer with this scale's value set.</param>
internal sealed record FeatureScale(string Target, int Max, Func<CheckedAnswer, int?, CheckedAnswer> Apply);

/// <summary>
/// What an import's column can hold, in one table that the own header (<see cref="ImportColumns.Read"/>), the mapping's
/// checks (<see cref="MappingRules"/>), the automatic mapping (<see cref="ColumnGuess"/>) and the row checks
/// (<see cref="ImportRowReader"/>) all read. A new per-feature scale is one entry in <see cref="Scales"/> (and its field
/// on <see cref="CheckedAnswer"/>); a new respondent attribute held in one column is one entry in
/// <see cref="RespondentAttributes"/> and its check in <see cref="ImportRowReader.Read"/>.
/// </summary>
internal static class ImportTargets
{
    /// <summary>The Kano pair: a feature mapped needs both sides.</summary>
    public const string Functional = "functional";

    public const string Dysfunctional = "dysfunctional";

    public const string RespondentId = "respondentId";

    public const string Wave = "wave";

    public const string AnsweredAt = "answeredAt";

    public const string Segment = "segment";

    public const string Ignore = "ignore";

    /// <summary>The per-feature scales, each optional beside the Kano pair.</summary>
    public static readonly FeatureScale[] Scales =
    [
        new("importance", 9, (answer, value) => answer with { Importance = value }),
        new("satisfaction", 5, (answer, value) => answer with { Satisfaction = value }),
        // SERVQUAL's pair on the 7-point agreement scale (issue 21, decision 0023).
        new("expectation", 7, (answer, value) => answer with { Expectation = value }),
        new("perception", 7, (answer, value) => answer with { Perception = value }),
    ];

    /// <summary>What a respondent has once, each from at most one column.</summary>
    public static readonly string[] RespondentAttributes = [RespondentId, Wave, AnsweredAt];

    /// <summary>Every target a column can be mapped to, in the order the errors list them.</summary>
    public static readonly string[] All =
        [Functional, Dysfunctional, .. Scales.Select(scale => scale.Target), .. RespondentAttributes, Segment, Ignore];

    /// <summary>The targets that name a feature: the Kano pair and the scales.</summary>
    public static readonly string[] FeatureParts = [Functional, Dysfunctional, .. Scales.Select(scale => scale.Target)];

    public static bool IsFeaturePart(string? target) => target is not null && FeatureParts.Contains(target, StringComparer.Ordinal);

    public static bool IsRespondentAttribute(string? target) => target is not null && RespondentAttributes.Contains(target, StringComparer.Ordinal);

    /// <summary>The respondent attribute a KanoApi header names (its target, ignoring case: respondentId, wave, answeredAt), or null.</summary>
    public static string? AttributeHeader(string header) =>
        RespondentAttributes.FirstOrDefault(attribute => attribute.Equals(header.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>KanoApi's own header convention, for the errors that list it.</summary>
    public static string OwnHeaders => $"{string.Join(", ", RespondentAttributes)}, segment.<name> or <featureKey>.{string.Join('|', FeatureParts)}";

    /// <summary>The scale named <paramref name="target"/> (case-insensitive, as a header's suffix), or null.</summary>
    public static int ScaleIndex(string target)
    {
        for (var i = 0; i < Scales.Length; i++)
        {
            if (Scales[i].Target.Equals(target, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
