using KanoApi.Infrastructure;
using KanoApi.Surveys;

namespace KanoApi.Responses.Import;

/// <summary>Where each known column is in the file, from its header row.</summary>
internal sealed class ImportColumns
{
    public int Count { get; init; }

    /// <summary>The columns of the respondent's attributes (<see cref="ImportTargets.RespondentAttributes"/>), by target.</summary>
    public Dictionary<string, AttributeColumn> Attributes { get; } = new(StringComparer.Ordinal);

    public int RespondentId => Attribute(ImportTargets.RespondentId)?.Index ?? -1;
    public string RespondentIdName => Attribute(ImportTargets.RespondentId)?.Name ?? ImportTargets.RespondentId;

    /// <summary>How the answered-at column writes its dates that could be read either way (3/11/2026).</summary>
    public DateOrder AnsweredAtOrder { get; set; } = DateOrder.MonthFirst;

    /// <summary>The zone of the answered-at column's times written without an offset (the mapping's <c>timeZone</c>); UTC unless given.</summary>
    public ExportTimeZone AnsweredAtZone { get; set; } = ExportTimeZone.Utc;

    public List<(string Name, int Index, string Header)> Segments { get; } = [];
    public List<FeatureColumns> Features { get; } = [];

    /// <summary>Answer cells recoded by an explicit value map (normalised cell → answer), tried before the wordings; null for none.</summary>
    public IReadOnlyDictionary<string, Kano.Analysis.Answer>? Values { get; init; }

    public AttributeColumn? Attribute(string target) => Attributes.GetValueOrDefault(target);

    /// <summary>A segment column, its name checked (the value is checked per row); an error keyed <paramref name="at"/> instead.</summary>
    public void AddSegment(string name, int index, string column, string at, ValidationErrors errors)
    {
        if (!SurveyRules.CheckSegmentName(name, at, errors))
        {
            return;
        }

        if (Segments.Count == Limits.SegmentsPerRespondent)
        {
            errors.Add(at, $"a respondent has at most {Limits.SegmentsPerRespondent} segments");
        }
        else if (Segments.Any(segment => SegmentParameters.Names.Equals(segment.Name, name)))
        {
            errors.Add(at, $"names the segment '{name}' again (segment names are compared ignoring case and surrounding spaces)");
        }
        else
        {
            Segments.Add((name, index, column));
        }
    }

    /// <summary>Whether a header names a column the import reads (used to tell which separator the file uses).</summary>
    public static bool IsKnown(string header, SurveyQuestionnaire questionnaire)
    {
        header = header.Trim();
        if (ImportTargets.AttributeHeader(header) is not null || header.StartsWith("segment.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = header.LastIndexOf('.');
        return dot > 0
            && questionnaire.IdsByKey.ContainsKey(SurveyRules.FoldFeatureKey(header[..dot]))
            && ImportTargets.FeatureParts.Contains(header[(dot + 1)..], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The columns; null when the header has errors (all of them added, keyed "row 1, column …").</summary>
    public static ImportColumns? Read(IReadOnlyList<string> headers, SurveyQuestionnaire questionnaire, ValidationErrors errors)
    {
        var before = errors.Total;
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("row 1", "the file has no header row; the first row names the columns (respondentId, wave, segment.<name>, <featureKey>.functional, …)");
            return null;
        }

        var columns = new ImportColumns { Count = headers.Count };
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var features = new Dictionary<string, FeatureColumns>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            var at = $"row 1, column {(header.Length == 0 ? $"{i + 1}" : ResponseReading.Truncate(header))}";
            if (header.Length == 0)
            {
                errors.Add(at, "has no name");
                continue;
            }

            if (!seen.TryAdd(header, i))
            {
                errors.Add(at, $"appears twice (columns {seen[header] + 1} and {i + 1})");
                continue;
            }

            if (ImportTargets.AttributeHeader(header) is { } attribute)
            {
                columns.Attributes[attribute] = new AttributeColumn(i, header);
            }
            else if (header.StartsWith("segment.", StringComparison.OrdinalIgnoreCase))
            {
                columns.AddSegment(header["segment.".Length..].Trim(), i, header, at, errors);
            }
            else if (header.LastIndexOf('.') is var dot and > 0)
            {
                var key = SurveyRules.FoldFeatureKey(header[..dot]);
                var part = header[(dot + 1)..].ToLowerInvariant();
                if (!questionnaire.IdsByKey.TryGetValue(key, out var featureId))
                {
                    errors.Add(at, $"this survey has no feature with the key '{ResponseReading.Truncate(key)}'");
                    continue;
                }

                if (!features.TryGetValue(key, out var feature))
                {
                    features[key] = feature = new FeatureColumns(featureId, key);
                }

                if (part == ImportTargets.Functional)
                {
                    feature.Functional = i;
                }
                else if (part == ImportTargets.Dysfunctional)
                {
                    feature.Dysfunctional = i;
                }
                else if (ImportTargets.ScaleIndex(part) is var scale and >= 0)
                {
                    feature.Scales[scale] = new AttributeColumn(i, header);
                }
                else
                {
                    errors.Add(at, $"is not a feature column: use {string.Join(", ", ImportTargets.FeatureParts.Select(known => $"{key}.{known}"))}");
                }
            }
            else
            {
                errors.Add(at, $"is not a known column: {ImportTargets.OwnHeaders}");
            }
        }

        foreach (var feature in features.Values)
        {
            if (feature.Functional < 0 || feature.Dysfunctional < 0)
            {
                var missing = feature.Functional < 0 ? "functional" : "dysfunctional";
                errors.Add($"row 1, column {feature.Key}.{missing}", $"is missing: a feature needs both {feature.Key}.functional and {feature.Key}.dysfunctional");
            }
            else
            {
                columns.Features.Add(feature);
            }
        }

        if (errors.Total == before && columns.Features.Count == 0)
        {
            errors.Add("row 1", "names no feature columns: add <featureKey>.functional and <featureKey>.dysfunctional for at least one feature");
        }

        return errors.Total > before ? null : columns;
    }
}

internal sealed class FeatureColumns(long id, string key)
{
    public long Id { get; } = id;
    public string Key { get; } = key;
    // The column names, made once for the error messages instead of once per row.
    public string FunctionalName { get; set; } = key + ".functional";
    public string DysfunctionalName { get; set; } = key + ".dysfunctional";
    public int Functional { get; set; } = -1;
    public int Dysfunctional { get; set; } = -1;

    /// <summary>Each scale's column (<see cref="ImportTargets.Scales"/>, in its order), or null where the file has none.</summary>
    public AttributeColumn?[] Scales { get; } = new AttributeColumn?[ImportTargets.Scales.Length];
}

/// <summary>A column that holds one value per respondent (or per feature's scale): its 0-based index and its name for errors.</summary>
internal sealed record AttributeColumn(int Index, string Name);
