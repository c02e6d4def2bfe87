using System.Globalization;
using CsvHelper;
using KanoApi.Backlog;

namespace KanoApi.Analysis;

/// <summary>The analysis and the backlog as CSV tables (one row per feature or item), for spreadsheets.</summary>
internal static class CsvTables
{
    private static readonly string[] Codes = ["A", "O", "M", "I", "R", "Q"];

    // Names come from users: a name starting with '=' must not run as a formula when the file is opened in a spreadsheet.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static string Analysis(AnalysisResponse analysis) => Write(
        [
            "featureId", "key", "name", "n", .. Codes, .. Codes.Select(code => $"percent{code}"),
            "code", "category", "label", "secondaryCode", "dual", "better", "worse", "categoryStrength", "totalStrength",
            "fongApplicable", "fongDifference", "fongCritical", "fongSignificant",
            "functionalMean", "functionalSd", "dysfunctionalMean", "dysfunctionalSd",
            "analyticalX", "analyticalY", "analyticalR", "analyticalAngle",
            "importanceMean", "importanceSd", "importanceN", "satisfactionMean", "satisfactionSd", "satisfactionN",
            "refined", "effort", "warnings",
        ],
        analysis.Features.Select(feature => (string[])
        [
            Text(feature.FeatureId), feature.Key, feature.Name, Text(feature.N),
            .. Codes.Select(code => Text(feature.Counts[code])),
            .. Codes.Select(code => Text(feature.Percentages[code])),
            feature.Code, feature.Category, feature.Label, feature.SecondaryCode ?? "", feature.Dual ?? "",
            Text(feature.Better), Text(feature.Worse), Text(feature.CategoryStrength), Text(feature.TotalStrength),
            Text(feature.Fong.Applicable), Text(feature.Fong.Difference), Text(feature.Fong.Critical), Text(feature.Fong.Significant),
            Text(feature.Continuous.FunctionalMean), Text(feature.Continuous.FunctionalSd),
            Text(feature.Continuous.DysfunctionalMean), Text(feature.Continuous.DysfunctionalSd),
            Text(feature.Analytical?.X), Text(feature.Analytical?.Y), Text(feature.Analytical?.R), Text(feature.Analytical?.Angle),
            Text(feature.Importance.Mean), Text(feature.Importance.Sd), Text(feature.Importance.N),
            Text(feature.Satisfaction.Mean), Text(feature.Satisfaction.Sd), Text(feature.Satisfaction.N),
            feature.Refined ?? "", Text(feature.Effort), string.Join(" | ", feature.Warnings),
        ]));

    /// <summary>Items first, in rank order, then the review list (with an empty rank).</summary>
    public static string Backlog(BacklogResponse backlog) => Write(
        [
            "list", "rank", "featureId", "key", "name", "category", "code", "label", "action", "actionLabel", "score", "value",
            "importanceFactor", "satisfactionFactor", "effortFactor", "better", "worse", "importanceMean", "satisfactionMean", "effort",
            "rationale",
        ],
        backlog.Items.Select(item => (string[])
        [
            "items", Text(item.Rank), Text(item.FeatureId), item.Key, item.Name, item.Category, item.Code, item.Label,
            item.Action, item.ActionLabel, Text(item.Score), Text(item.Value),
            Text(item.Factors.Importance), Text(item.Factors.Satisfaction), Text(item.Factors.Effort),
            Text(item.Better), Text(item.Worse), Text(item.ImportanceMean), Text(item.SatisfactionMean), Text(item.Effort),
            item.Rationale,
        ]).Concat(backlog.Review.Select(item => (string[])
        [
            "review", "", Text(item.FeatureId), item.Key, item.Name, item.Category, item.Code, item.Label,
            item.Action, item.ActionLabel, "", "", "", "", "", "", "", "", "", "",
            item.Rationale,
        ])));

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteRecord(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }
        }

        return text.ToString();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(double? value) => value is { } v ? Text(v) : "";

    private static string Text(bool value) => value ? "true" : "false";
}
