using System.Globalization;
using System.Text;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.ServiceQuality;

/// <summary>
/// Gap 5 per SERVQUAL dimension as standalone SVG: one row per dimension that has a score, and the overall score last;
/// a dot at the score (perception − expectation), a bar over its 95 % interval, a line at 0 (expectation met), each
/// row labelled with the dimension's name and its numbers. Coloured by where the interval lies: below 0 red, above 0
/// green, across 0 grey. Every text goes through <see cref="BetterWorseChart.Escape"/>.
/// </summary>
internal static class DimensionChart
{
    private const double Width = 960, Left = 220, Right = 200, Top = 80, RowHeight = 44, Bottom = 70;
    private const double PlotWidth = Width - Left - Right;
    private const string Below = "#c0392b", Above = "#239b56", Across = "#566573";

    /// <summary>The chart of the analysis's service-quality block (null: the survey has none), its labels already in <paramref name="language"/>.</summary>
    public static string Render(string surveyName, long respondents, ServiceQualityResponse? report, Language language)
    {
        var text = Texts.Of<ServiceQualityTexts>(language);
        var rows = new List<(string Label, double Score, IntervalResponse? Interval)>();
        foreach (var dimension in report?.Dimensions ?? [])
        {
            if (dimension.Score is double score)
            {
                rows.Add((dimension.Label, score, dimension.Interval));
            }
        }

        if (report?.Overall is { Score: double overall } whole)
        {
            rows.Add((text["Chart.Overall"], overall, whole.Interval));
        }

        var height = Top + Math.Max(1, rows.Count) * RowHeight + Bottom;
        // The axis is symmetric around 0 and reaches the widest bound, in whole points of the 7-point scale (at most ±6).
        var reach = rows.Count == 0 ? 1
            : Math.Clamp(Math.Ceiling(rows.Max(row => Math.Max(Math.Abs(row.Interval?.Low ?? row.Score), Math.Abs(row.Interval?.High ?? row.Score)))), 1, 6);
        double X(double gap) => Left + (Math.Clamp(gap, -reach, reach) + reach) / (2 * reach) * PlotWidth;

        var title = text.Format("Chart.Title", surveyName, respondents);
        var svg = new StringBuilder();
        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" role="img" aria-label="{E(title)}" font-family="Helvetica, Arial, sans-serif">"""));
        svg.Append(F($"<title>{E(title)}</title>"));
        svg.Append(F($"""<rect width="{Width}" height="{height}" fill="#ffffff"/>"""));
        svg.Append(F($"""<text x="{Width / 2}" y="36" text-anchor="middle" font-size="20" font-weight="bold">{E(title)}</text>"""));

        var plotBottom = Top + Math.Max(1, rows.Count) * RowHeight;
        svg.Append(F($"""<rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{plotBottom - Top}" fill="#fbfbfb" stroke="#555555"/>"""));
        for (var tick = -reach; tick <= reach; tick++)
        {
            svg.Append(F($"""<text x="{X(tick)}" y="{plotBottom + 18}" text-anchor="middle" font-size="11">{tick:0}</text>"""));
        }

        svg.Append(F($"""<line x1="{X(0)}" y1="{Top}" x2="{X(0)}" y2="{plotBottom}" stroke="#333333" stroke-dasharray="6 4"/>"""));
        svg.Append(F($"""<text x="{Left + PlotWidth / 2}" y="{plotBottom + 44}" text-anchor="middle" font-size="13">{E(text["Chart.Axis"])}</text>"""));

        if (rows.Count == 0)
        {
            svg.Append(F($"""<text x="{Left + PlotWidth / 2}" y="{Top + RowHeight / 2 + 5}" text-anchor="middle" font-size="14" fill="#566573">{E(text["Chart.NoData"])}</text>"""));
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var (label, score, interval) = rows[r];
            var y = Top + r * RowHeight + RowHeight / 2;
            var colour = interval is { } ci ? ci.High < 0 ? Below : ci.Low > 0 ? Above : Across : Across;
            svg.Append(F($"""<text x="{Left - 10}" y="{y + 4}" text-anchor="end" font-size="13"{(r == rows.Count - 1 && report?.Overall is not null ? " font-weight=\"bold\"" : "")}>{E(label)}</text>"""));
            if (interval is { } bounds)
            {
                svg.Append(F($"""<line x1="{X(bounds.Low)}" y1="{y}" x2="{X(bounds.High)}" y2="{y}" stroke="{colour}" stroke-width="3"/>"""));
                svg.Append(F($"""<line x1="{X(bounds.Low)}" y1="{y - 7}" x2="{X(bounds.Low)}" y2="{y + 7}" stroke="{colour}" stroke-width="2"/>"""));
                svg.Append(F($"""<line x1="{X(bounds.High)}" y1="{y - 7}" x2="{X(bounds.High)}" y2="{y + 7}" stroke="{colour}" stroke-width="2"/>"""));
            }

            svg.Append(F($"""<circle cx="{X(score)}" cy="{y}" r="6" fill="{colour}"><title>{E(label)}: {score:0.00}</title></circle>"""));
            var numbers = interval is { } shown ? F($"{score:0.00} ({shown.Low:0.00} … {shown.High:0.00})") : F($"{score:0.00}");
            svg.Append(F($"""<text x="{Left + PlotWidth + 10}" y="{y + 4}" font-size="12">{E(numbers)}</text>"""));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string text) => BetterWorseChart.Escape(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
