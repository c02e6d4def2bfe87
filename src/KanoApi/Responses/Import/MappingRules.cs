using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;

namespace KanoApi.Responses.Import;

/// <summary>
/// Checks a mapping against the file's columns and the survey's features, and turns it into the
/// <see cref="ImportColumns"/> the row checks read. Every error names the mapping entry and what is wrong with it:
/// an unknown column, target or feature, a feature side mapped twice, a feature with one side only.
/// </summary>
internal static class MappingRules
{
    public static string[] Targets => ImportTargets.All;

    /// <summary>The columns to read; null when the mapping has errors (all added).</summary>
    public static ImportColumns? Resolve(
        ImportMapping mapping, ImportHeader header, SurveyQuestionnaire questionnaire, ColumnGuess guess, ValidationErrors errors)
    {
        var before = errors.Total;
        var values = ResolveValues(mapping.Values, errors);
        var columns = new ImportColumns { Count = header.Columns.Count, Values = values };
        var used = new Dictionary<int, int>();
        var features = new Dictionary<string, FeatureColumns>(StringComparer.Ordinal);
        var mapped = mapping.Columns ?? [];
        for (var i = 0; i < mapped.Count; i++)
        {
            var at = $"mapping.columns[{i}]";
            var entry = mapped[i];
            if (entry is null || Find(entry, header, at, errors) is not { } column)
            {
                if (entry is null)
                {
                    errors.Add(at, "must be a column mapping object");
                }

                continue;
            }

            var zone = ReadTimeZone(entry, at, errors);
            if (!used.TryAdd(column.Index, i))
            {
                errors.Add(at, $"maps column {column.Index + 1} (\"{ResponseReading.Truncate(column.Name)}\") again: mapping.columns[{used[column.Index]}] maps it already");
                continue;
            }

            var name = Quoted(column.Name);
            if (entry.To == ImportTargets.Ignore)
            {
                continue;
            }

            if (ImportTargets.IsRespondentAttribute(entry.To))
            {
                if (!columns.Attributes.TryAdd(entry.To, new AttributeColumn(column.Index, name)))
                {
                    errors.Add(at, $"maps a second column to {entry.To}; one column holds it");
                }
                else if (entry.To == ImportTargets.AnsweredAt)
                {
                    if (ReadDateOrder(entry, column, at, errors) is { } order)
                    {
                        columns.AnsweredAtOrder = order;
                    }

                    columns.AnsweredAtZone = zone ?? ExportTimeZone.Utc;
                }
            }
            else if (entry.To == ImportTargets.Segment)
            {
                columns.AddSegment(entry.Segment?.Trim() ?? "", column.Index, name, at + ".segment", errors);
            }
            else if (ImportTargets.IsFeaturePart(entry.To))
            {
                AddFeatureSide(entry, column.Index, name, at, questionnaire, features, errors);
            }
            else
            {
                errors.Add(at + ".to", $"'{ResponseReading.Truncate(entry.To ?? "")}' is not a target: use {string.Join(", ", Targets)}");
            }
        }

        foreach (var feature in features.Values)
        {
            if (feature.Functional < 0 || feature.Dysfunctional < 0)
            {
                var missing = feature.Functional < 0 ? "functional" : "dysfunctional";
                errors.Add("mapping.columns", $"the feature '{feature.Key}' has no {missing} column: a feature needs both its functional and dysfunctional question");
            }
            else
            {
                columns.Features.Add(feature);
            }
        }

        if (errors.Total == before && columns.Features.Count == 0)
        {
            var looked = string.Join(", ", guess.QuestionsLookedFor.Take(6).Select(text => $"\"{ResponseReading.Truncate(text)}\""));
            errors.Add("mapping.columns", "maps no column to a feature. Looked for KanoApi headers (<featureKey>.functional), the survey's question texts "
                + $"({looked}{(guess.QuestionsLookedFor.Count() > 6 ? ", …" : "")}), grid headers \"… [Feature name]\" and <feature>_functional suffixes; "
                + "map the columns by hand (to: functional or dysfunctional, with feature)");
        }

        return errors.Total > before ? null : columns;
    }

    /// <summary>
    /// Checks what can be checked of a mapping without its file, before it is saved: header rows, targets, features and
    /// segments named, no feature side twice, the value map's answer codes. The columns are matched when a file comes.
    /// </summary>
    public static void Check(ImportMapping mapping, SurveyQuestionnaire questionnaire, ValidationErrors errors)
    {
        if (mapping.HeaderRows is not null and not (1 or 2 or 3))
        {
            errors.Add("headerRows", "must be 1, 2 or 3");
        }

        ResolveValues(mapping.Values, errors);
        var mapped = mapping.Columns ?? [];
        if (mapped.Count == 0)
        {
            errors.Add("columns", "must list the columns to read");
        }

        var sides = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mapped.Count; i++)
        {
            var at = $"mapping.columns[{i}]";
            if (mapped[i] is not { } entry)
            {
                errors.Add(at, "must be a column mapping object");
                continue;
            }

            if (entry.Index is null && string.IsNullOrWhiteSpace(entry.Column))
            {
                errors.Add(at, "names no column: give column (its name as the preview shows it) or index (its number, 1 for the first)");
            }

            if (!Targets.Contains(entry.To))
            {
                errors.Add(at + ".to", $"'{ResponseReading.Truncate(entry.To ?? "")}' is not a target: use {string.Join(", ", Targets)}");
            }
            else if (ImportTargets.IsFeaturePart(entry.To))
            {
                var key = SurveyRules.FoldFeatureKey(entry.Feature?.Trim()) ?? "";
                if (!questionnaire.IdsByKey.ContainsKey(key))
                {
                    errors.Add(at + ".feature", $"this survey has no feature with the key '{ResponseReading.Truncate(key)}'");
                }
                else if (!sides.TryAdd($"{key}.{entry.To}", i))
                {
                    errors.Add(at, $"maps the {entry.To} side of '{key}' twice (mapping.columns[{sides[$"{key}.{entry.To}"]}] maps it already)");
                }
            }
            else if (entry.To == ImportTargets.Segment && string.IsNullOrWhiteSpace(entry.Segment))
            {
                errors.Add(at + ".segment", "is required for segment: the segment's name");
            }

            if (entry.DateOrder is not null && DateOrders.Parse(entry.DateOrder) is null)
            {
                errors.Add(at + ".dateOrder", DateOrders.Expected);
            }

            ReadTimeZone(entry, at, errors);
        }
    }

    /// <summary>
    /// How a column is named in an error of a mapped import: quoted, as the tool shows it; a long one keeps its start and
    /// its end, where a grid header names the feature ("How would you feel if … [Offline access]").
    /// </summary>
    public static string Quoted(string name)
    {
        if (name.Length <= 160)
        {
            return $"\"{name}\"";
        }

        var head = char.IsHighSurrogate(name[99]) ? 99 : 100;
        var tail = char.IsLowSurrogate(name[^40]) ? 39 : 40;
        return $"\"{name[..head]}…{name[^tail..]}\"";
    }

    private static HeaderColumn? Find(ColumnMapping entry, ImportHeader header, string at, ValidationErrors errors)
    {
        if (entry.Index is { } index)
        {
            if (index >= 1 && index <= header.Columns.Count)
            {
                return header.Columns[index - 1];
            }

            errors.Add(at + ".index", $"must be a column number from 1 to {header.Columns.Count}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(entry.Column))
        {
            errors.Add(at, "names no column: give column (its name as the preview shows it) or index (its number, 1 for the first)");
            return null;
        }

        var exact = header.Columns.Where(column => column.Name == entry.Column).ToArray();
        if (exact.Length == 0)
        {
            var wanted = QuestionText.Normalize(entry.Column);
            exact = header.Columns.Where(column => QuestionText.Normalize(column.Name) == wanted).ToArray();
        }

        switch (exact.Length)
        {
            case 1:
                return exact[0];
            case 0:
                errors.Add(at + ".column", $"the file has no column \"{ResponseReading.Truncate(entry.Column)}\"");
                return null;
            default:
                errors.Add(at + ".column", $"{exact.Length} columns are named \"{ResponseReading.Truncate(entry.Column)}\" (columns {string.Join(", ", exact.Select(column => column.Index + 1))}): give index instead");
                return null;
        }
    }

    private static void AddFeatureSide(
        ColumnMapping entry, int index, string name, string at, SurveyQuestionnaire questionnaire, Dictionary<string, FeatureColumns> features,
        ValidationErrors errors)
    {
        var key = SurveyRules.FoldFeatureKey(entry.Feature?.Trim());
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(at + ".feature", $"is required for {entry.To}: the feature's key");
            return;
        }

        if (!questionnaire.IdsByKey.TryGetValue(key, out var featureId))
        {
            errors.Add(at + ".feature", $"this survey has no feature with the key '{ResponseReading.Truncate(key)}'");
            return;
        }

        if (!features.TryGetValue(key, out var feature))
        {
            features[key] = feature = new FeatureColumns(featureId, key);
        }

        var scale = ImportTargets.ScaleIndex(entry.To);
        var taken = entry.To switch
        {
            ImportTargets.Functional => feature.Functional,
            ImportTargets.Dysfunctional => feature.Dysfunctional,
            _ => feature.Scales[scale]?.Index ?? -1,
        };
        if (taken >= 0)
        {
            errors.Add(at, $"maps the {entry.To} side of '{key}' twice (columns {taken + 1} and {index + 1})");
            return;
        }

        switch (entry.To)
        {
            case ImportTargets.Functional: (feature.Functional, feature.FunctionalName) = (index, name); break;
            case ImportTargets.Dysfunctional: (feature.Dysfunctional, feature.DysfunctionalName) = (index, name); break;
            default: feature.Scales[scale] = new AttributeColumn(index, name); break;
        }
    }

    /// <summary>The answered-at column's date order: given, or as its header's language writes dates; null (with an error) when unknown.</summary>
    private static DateOrder? ReadDateOrder(ColumnMapping entry, HeaderColumn column, string at, ValidationErrors errors)
    {
        if (entry.DateOrder is null)
        {
            return ExportTimestamp.OrderOf(column);
        }

        if (DateOrders.Parse(entry.DateOrder) is { } order)
        {
            return order;
        }

        errors.Add(at + ".dateOrder", DateOrders.Expected);
        return null;
    }

    /// <summary>The entry's time zone; null (with an error) when it names none or the entry is not answeredAt, and when absent.</summary>
    private static ExportTimeZone? ReadTimeZone(ColumnMapping entry, string at, ValidationErrors errors)
    {
        if (entry.TimeZone is null)
        {
            return null;
        }

        if (ExportTimeZone.Parse(entry.TimeZone) is not { } zone)
        {
            errors.Add(at + ".timeZone", $"'{ResponseReading.Truncate(entry.TimeZone)}' {ExportTimeZone.Expected}");
            return null;
        }

        if (entry.To != ImportTargets.AnsweredAt)
        {
            errors.Add(at + ".timeZone", $"is only read for answeredAt, the time answered; this column is {ResponseReading.Truncate(entry.To ?? "")}");
            return null;
        }

        return zone;
    }

    private static Dictionary<string, Answer>? ResolveValues(IReadOnlyDictionary<string, string>? values, ValidationErrors errors)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var resolved = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (cell, code) in values)
        {
            if (!AnswerParser.BuiltIn.TryParse(code, out var answer))
            {
                errors.Add($"mapping.values.{cell}", $"'{ResponseReading.Truncate(code ?? "")}' is not an answer code: use like, must-be, neutral, live-with or dislike");
                continue;
            }

            resolved[AnswerParser.Normalize(cell)] = answer;
        }

        return resolved;
    }
}
