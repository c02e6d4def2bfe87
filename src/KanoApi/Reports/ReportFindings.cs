using System.Globalization;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Backlog;
using KanoApi.Infrastructure;
using KanoApi.RespondentQuality;

namespace KanoApi.Reports;

/// <summary>One sentence of the key findings: what it is about (fix-first, improve, delight, uncertain, quality, sample, none) and its words.</summary>
public sealed record Finding(string Kind, string Text);

/// <summary>
/// The report's key findings in plain words, each sentence made from the numbers the page shows below it: the
/// backlog's items in their order (fix first = its basic needs, improve = its expected features, delighters), the
/// analysis's "respondents needed to settle" figures for what is uncertain, and the data-quality counts. Numbers in
/// the sentences are said in the page's language (a decimal comma in Vietnamese); no number is computed here that
/// the API does not give, only said as a percentage.
/// </summary>
internal static class ReportFindings
{
    /// <summary>How many features a sentence names; the backlog below lists the rest.</summary>
    private const int Named = 3;

    public static IReadOnlyList<Finding> Of(
        AnalysisResponse analysis, IReadOnlyList<BacklogItemResponse> backlog, RespondentQualityReport quality, double? questionablePercent, Language language)
    {
        var text = Texts.Of<ReportTexts>(language);
        if (analysis.Respondents == 0)
        {
            return [new Finding("none", text[analysis.Filter.IsEverybody() ? "FindingNoAnswers" : "NoRespondentMatches"])];
        }

        var findings = new List<Finding>();
        var fixFirst = backlog.Where(item => item.Action == Kano.Analysis.Backlog.FixFirst).Take(Named).ToArray();
        findings.Add(fixFirst.Length == 0
            ? new Finding("fix-first", text["FindingNoFixFirst"])
            : new Finding("fix-first", text.Format("FindingFixFirst",
                List(fixFirst.Select(item => text.Format("FindingWithout", item.Name, Percent(item.Worse, language))), language))));

        var improve = backlog.Where(item => item.Action == Kano.Analysis.Backlog.Improve).Take(Named).ToArray();
        if (improve.Length > 0)
        {
            findings.Add(new Finding("improve", text.Format("FindingImprove",
                List(improve.Select(item => text.Format("FindingMoreAndLess", item.Name, Percent(item.Better, language), Percent(item.Worse, language))), language))));
        }

        var delight = backlog.Where(item => item.Action == Kano.Analysis.Backlog.Delight).Take(Named).ToArray();
        if (delight.Length > 0)
        {
            findings.Add(new Finding("delight", text.Format("FindingDelight",
                List(delight.Select(item => text.Format("FindingDelighted", item.Name, Percent(item.Better, language))), language))));
        }

        var open = analysis.Features.Where(feature => feature.Settle is { More: > 0 } && feature.Fong.Applicable)
            .OrderByDescending(feature => feature.Settle!.More)
            .ToArray();
        findings.Add(open.Length == 0
            ? new Finding("uncertain", text["FindingSettled"])
            : new Finding("uncertain", text.Format("FindingUncertain",
                List(open.Select(feature => text.Format("FindingSettle", feature.Name, feature.Fong.First, feature.Fong.Second, Whole(feature.Settle!.More, language))), language))));

        var notes = new List<string>();
        if (questionablePercent is { } percent)
        {
            notes.Add(text.Format("FindingQuestionable", Decimal(percent, language)));
        }

        notes.Add(text.Format("FindingStraightLiners", Whole(quality.StraightLining, language), Whole(quality.Respondents, language)));
        notes.Add(text.Format("FindingManyQuestionable", Whole(quality.MoreQuestionableThanMax, language), quality.MaxQuestionable));
        findings.Add(new Finding("quality", text.Format("FindingQuality", string.Join("; ", notes))));
        if (analysis.Respondents < KanoWarnings.StableSample)
        {
            findings.Add(new Finding("sample", text.Format("FindingSmallSample", Whole(analysis.Respondents, language), KanoWarnings.StableSample)));
        }

        return findings;
    }

    private static bool IsEverybody(this AnalysisFilterResponse filter) =>
        filter.Wave is null && filter.Segments.Count == 0 && filter.MaxQuestionable is null;

    /// <summary>"a, b and c" in the language.</summary>
    private static string List(IEnumerable<string> parts, Language language)
    {
        var all = parts.ToArray();
        return all.Length <= 1
            ? string.Concat(all)
            : string.Join(", ", all[..^1]) + Texts.Of<ReportTexts>(language)["ListAnd"] + all[^1];
    }

    /// <summary>A share of 0-1 (Better, or Worse whose sign is dropped) as a percentage with at most one decimal, in the language's digits.</summary>
    internal static string Percent(double? share, Language language) =>
        share is { } value ? Decimal(Math.Abs(value) * 100, language) + "%" : Texts.Of<ReportTexts>(language)["NotAvailable"];

    /// <summary>A number with at most one decimal, with the language's decimal separator (a comma in Vietnamese).</summary>
    internal static string Decimal(double value, Language language) => value.ToString("0.#", language.Culture);

    /// <summary>
    /// A count, without a thousands separator: "1.036" is a thousand and thirty-six in Vietnamese but one point
    /// something in English, and a page in either language may be read by someone used to the other.
    /// </summary>
    internal static string Whole(long value, Language language) => value.ToString("0", language.Culture);
}
