using System.Globalization;
using CsvHelper;
using KanoApi.Backlog;
using KanoApi.ServiceQuality;

namespace KanoApi.Analysis;

/// <summary>The analysis and the backlog as CSV tables (one row per feature or item), for spreadsheets.</summary>
internal static class CsvTables
{
    private static readonly string[] Codes = ["A", "O", "M", "I", "R", "Q"];

    // Names come from users: a name starting with '=' must not run as a formula when the file is opened in a spreadsheet
    // (OWASP CSV injection). Excel in most locales, and tools that guess, split on ';' or a tab rather than ',': a cell
    // holding one is quoted, and Defuse escapes a formula that would start a piece after any separator.
    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        ShouldQuote = (field, _, _, _) => field.IndexOfAny(OtherSeparators) >= 0,
    };

    private static readonly char[] OtherSeparators = [';', '\t'];

    /// <summary>Where a spreadsheet could start a new cell or line: after these, a formula character is escaped too.</summary>
    private const string Separators = ",;\t\r\n";

    /// <summary>OWASP's formula-leading characters (the writer's own <see cref="CsvWriterOptions.InjectionCharacters"/>).</summary>
    private const string FormulaStarts = "=+-@\t\r";

    public static string Analysis(AnalysisResponse analysis)
    {
        var gaps = analysis.ServiceQuality?.Features.ToDictionary(gap => gap.FeatureId);
        return Write(
        [
            "featureId", "key", "name", "n", .. Codes, .. Codes.Select(code => $"percent{code}"),
            "code", "category", "label", "secondaryCode", "dual", "better", "worse",
            "betterLow", "betterHigh", "worseLow", "worseHigh", .. Codes.Select(code => $"probability{code}"), "settleRespondents", "settleMore",
            "categoryStrength", "totalStrength",
            "fongApplicable", "fongDifference", "fongCritical", "fongSignificant",
            "functionalMean", "functionalSd", "dysfunctionalMean", "dysfunctionalSd",
            "analyticalX", "analyticalY", "analyticalR", "analyticalAngle",
            "importanceMean", "importanceSd", "importanceN", "satisfactionMean", "satisfactionSd", "satisfactionN",
            "refined", "effort", "warnings", .. ServiceQualityCsv.Header(gaps is not null),
        ],
        analysis.Features.Select(feature => (object?[])
        [
            feature.FeatureId, feature.Key, feature.Name, feature.N,
            .. Codes.Select(code => feature.Counts[code]),
            .. Codes.Select(code => feature.Percentages[code]),
            feature.Code, feature.Category, feature.Label, feature.SecondaryCode ?? "", feature.Dual ?? "",
            feature.Better, feature.Worse,
            feature.BetterInterval?.Low, feature.BetterInterval?.High, feature.WorseInterval?.Low, feature.WorseInterval?.High,
            .. Codes.Select(code => (object?)feature.CategoryProbabilities?[code]), feature.Settle?.Respondents, feature.Settle?.More,
            feature.CategoryStrength, feature.TotalStrength,
            feature.Fong.Applicable, feature.Fong.Difference, feature.Fong.Critical, feature.Fong.Significant,
            feature.Continuous.FunctionalMean, feature.Continuous.FunctionalSd,
            feature.Continuous.DysfunctionalMean, feature.Continuous.DysfunctionalSd,
            feature.Analytical?.X, feature.Analytical?.Y, feature.Analytical?.R, feature.Analytical?.Angle,
            feature.Importance.Mean, feature.Importance.Sd, feature.Importance.N,
            feature.Satisfaction.Mean, feature.Satisfaction.Sd, feature.Satisfaction.N,
            feature.Refined ?? "", feature.Effort, string.Join(" | ", feature.Warnings),
            .. ServiceQualityCsv.Cells(gaps is not null, gaps?.GetValueOrDefault(feature.FeatureId)),
        ]));
    }

    /// <summary>Items first, in rank order, then the review list (with an empty rank).</summary>
    public static string Backlog(BacklogResponse backlog)
    {
        var gaps = backlog.Items.Any(item => item.ServiceQuality is not null);
        return Write(
        [
            "list", "rank", "featureId", "key", "name", "category", "code", "label", "action", "actionLabel", "score", "value",
            "importanceFactor", "satisfactionFactor", "effortFactor", "better", "worse",
            "betterLow", "betterHigh", "worseLow", "worseHigh", "importanceMean", "satisfactionMean", "effort",
            "rationale", .. ServiceQualityCsv.BacklogHeader(gaps),
        ],
        backlog.Items.Select(item => (object?[])
        [
            "items", item.Rank, item.FeatureId, item.Key, item.Name, item.Category, item.Code, item.Label,
            item.Action, item.ActionLabel, item.Score, item.Value,
            item.Factors.Importance, item.Factors.Satisfaction, item.Factors.Effort,
            item.Better, item.Worse,
            item.BetterInterval?.Low, item.BetterInterval?.High, item.WorseInterval?.Low, item.WorseInterval?.High, item.ImportanceMean, item.SatisfactionMean, item.Effort,
            item.Rationale, .. ServiceQualityCsv.BacklogCells(gaps, item.Factors.Improvement, item.ServiceQuality),
        ]).Concat(backlog.Review.Select(item => (object?[])
        [
            "review", "", item.FeatureId, item.Key, item.Name, item.Category, item.Code, item.Label,
            item.Action, item.ActionLabel, "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            item.Rationale, .. ServiceQualityCsv.BacklogCells(gaps, null, null),
        ])));
    }

    /// <summary>One row per feature and pair of waves, in the order of the JSON's changes; labels in the answer's language.</summary>
    public static string Waves(WaveComparisonResponse comparison, IReadOnlyList<Kano.Analysis.FeatureWaves> features, Kano.Analysis.Language language) => Write(
        [
            "featureId", "key", "name", "from", "to", "fromN", "toN", "fromCode", "toCode", "fromLabel", "toLabel",
            "fromBetter", "toBetter", "fromWorse", "toWorse", "chiSquare", "df", "p", "pHolm",
            "betterChange", "betterP", "worseChange", "worseP", "movement", "lifeCycle", "warnings",
        ],
        comparison.Features.Select((feature, f) => (feature, f)).SelectMany(entry => entry.feature.Changes.Select(change =>
        {
            var (feature, f) = entry;
            int from = IndexOf(comparison, change.From), to = IndexOf(comparison, change.To);
            var (before, after) = (feature.Waves[from], feature.Waves[to]);
            return (object?[])
            [
                feature.FeatureId, feature.Key, feature.Name, change.From, change.To, before.N, after.N, before.Code, after.Code,
                features[f].Waves[from].Label(language), features[f].Waves[to].Label(language),
                before.Better, after.Better, before.Worse, after.Worse, change.ChiSquare, change.Df, change.P, change.PHolm,
                change.BetterChange, change.BetterP, change.WorseChange, change.WorseP, change.Movement ?? "", change.LifeCycle,
                string.Join(" | ", change.Warnings.Select(warning => warning.Message)),
            ];
        })));

    private static int IndexOf(WaveComparisonResponse comparison, string wave)
    {
        for (var w = 0; w < comparison.Waves.Count; w++)
        {
            if (comparison.Waves[w].Wave == wave)
            {
                return w;
            }
        }

        throw new InvalidOperationException($"No wave '{wave}' in the comparison.");
    }

    /// <summary>A header and rows as RFC 4180 CSV (CRLF, quoted where needed), every text cell defused as the class says.</summary>
    internal static string Write(string[] header, IEnumerable<object?[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteRecord(header);
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    // Numbers are written as numbers: only text is guarded against formula injection, so a negative
                    // Worse stays -0.85 in a spreadsheet instead of becoming the text '-0.85.
                    switch (cell)
                    {
                        case null:
                            csv.WriteField("");
                            break;
                        case string value:
                            csv.WriteField(Defuse(value));
                            break;
                        case double value:
                            csv.WriteField(value, default);
                            break;
                        case long value:
                            csv.WriteField(value, default);
                            break;
                        case int value:
                            csv.WriteField(value, default);
                            break;
                        case bool value:
                            // JSON's and most tools' spelling, not .NET's True/False.
                            csv.WriteField(value ? "true" : "false");
                            break;
                        default:
                            throw new InvalidOperationException($"No CSV form for {cell.GetType().Name}.");
                    }
                }

                csv.EndRecord();
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Puts the escape character <c>'</c> before a formula character that follows a separator inside the text (the
    /// writer escapes one at the very start). "a;=1" is written "a;'=1", so no piece of the cell can run as a formula.
    /// </summary>
    internal static string Defuse(string value)
    {
        var builder = default(System.Text.StringBuilder);
        for (var k = 1; k < value.Length; k++)
        {
            if (FormulaStarts.Contains(value[k], StringComparison.Ordinal) && Separators.Contains(value[k - 1], StringComparison.Ordinal))
            {
                builder ??= new System.Text.StringBuilder(value.Length + 4).Append(value, 0, k);
                builder.Append(Options.InjectionEscape);
            }

            builder?.Append(value[k]);
        }

        return builder?.ToString() ?? value;
    }
}
