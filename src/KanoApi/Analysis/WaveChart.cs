using System.Globalization;
using System.Security;
using System.Text;
using Kano.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Analysis;

/// <summary>
/// Each feature's path through the Better/Worse plane (x = |Worse|, y = Better, quadrant lines at 0.5 as in
/// <see cref="BetterWorseChart"/>): one point per wave in which the feature has a coefficient, joined in wave order,
/// an arrow-head at the last point coloured by the last category, the feature's name at its last point and the
/// first and last waves' names in the legend. Standalone SVG.
/// </summary>
internal static class WaveChart
{
    private const double Width = 960, Height = 720;
    private const double Left = 80, Right = 250, Top = 80, Bottom = 70;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const int LabelColumns = 24, TitleColumns = 80, LegendColumns = 34, MaxTitleLines = 3;

    private static IReadOnlyDictionary<KanoCategory, string> Colours => BetterWorseChart.Colours;

    public static string Render(string surveyName, IReadOnlyList<WaveResponse> waves, IReadOnlyList<FeatureWaves> features, Language language)
    {
        var text = Texts.Of<ChartTexts>(language);
        var title = text.Format("Waves.Title", surveyName, waves.Count);
        var svg = new StringBuilder();
        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" role="img" aria-label="{Escape(title)}" font-family="Helvetica, Arial, sans-serif">"""));
        svg.Append(F($"<title>{Escape(title)}</title>"));
        svg.Append("""<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>""");
        svg.Append(F($"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>"""));
        svg.Append(F($"""<text class="title" x="{Width / 2}" y="{(MaxTitleLines - TitleLines(title).Count) * 11 + 24}" text-anchor="middle" font-size="20" font-weight="bold">"""));
        Lines(svg, TitleLines(title), Width / 2, 22);
        svg.Append("</text>");
        svg.Append(F($"""<rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{PlotHeight}" fill="#fbfbfb" stroke="#555555"/>"""));
        svg.Append(F($"""<line x1="{X(0.5)}" y1="{Top}" x2="{X(0.5)}" y2="{Top + PlotHeight}" stroke="#888888" stroke-dasharray="6 4"/>"""));
        svg.Append(F($"""<line x1="{Left}" y1="{Y(0.5)}" x2="{Left + PlotWidth}" y2="{Y(0.5)}" stroke="#888888" stroke-dasharray="6 4"/>"""));
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(F($"""<text x="{X(tick)}" y="{Top + PlotHeight + 18}" text-anchor="middle" font-size="11">{tick:0.##}</text>"""));
            svg.Append(F($"""<text x="{Left - 8}" y="{Y(tick) + 4}" text-anchor="end" font-size="11">{tick:0.##}</text>"""));
        }

        svg.Append(F($"""<text x="{Left + PlotWidth / 2}" y="{Height - 22}" text-anchor="middle" font-size="13">{Escape(text["WorseAxis"])}</text>"""));
        svg.Append(F($"""<text transform="translate(24 {Top + PlotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="13">{Escape(text["BetterAxis"])}</text>"""));

        foreach (var feature in features)
        {
            var points = feature.Waves
                .Select((analysis, w) => (Analysis: analysis, Wave: waves[w].Wave))
                .Where(point => point.Analysis.Better is not null && point.Analysis.Worse is not null)
                .Select(point => (point.Analysis, point.Wave, X: X(Math.Abs(point.Analysis.Worse!.Value)), Y: Y(point.Analysis.Better!.Value)))
                .ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var last = points[^1];
            // Points are the waves with Better and Worse, which have answers, so a category.
            var colour = Colours[last.Analysis.Category!.Value];
            svg.Append(F($"""<g class="feature" data-key="{Escape(feature.Key)}">"""));
            if (points.Length > 1)
            {
                var path = string.Join(" ", points.Select(point => F($"{point.X:0.#},{point.Y:0.#}")));
                svg.Append(F($"""<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-opacity="0.8" marker-end="url(#arrow)"/>"""));
            }

            foreach (var point in points)
            {
                svg.Append(F($"""<circle class="wave" data-wave="{Escape(point.Wave)}" cx="{point.X:0.#}" cy="{point.Y:0.#}" r="4" fill="{Colours[point.Analysis.Category!.Value]}"><title>{Escape(Tooltip(feature, point.Wave, point.Analysis, language))}</title></circle>"""));
            }

            // The whole name, wrapped at spaces over lines that end just above the last point.
            var label = BetterWorseChart.Wrap(feature.Name, LabelColumns);
            svg.Append(F($"""<text class="label" x="{last.X + 7:0.#}" y="{last.Y - 6 - 14 * (label.Count - 1):0.#}" font-size="12" fill="#222222">"""));
            Lines(svg, label, last.X + 7, 14);
            svg.Append("</text>");
            svg.Append("</g>");
        }

        // Legend: categories, then what a path means.
        var x = Left + PlotWidth + 24;
        var y = Top + 10;
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="13" font-weight="bold">{Escape(text["Waves.Legend.Category"])}</text>"""));
        foreach (var (category, colour) in Colours)
        {
            y += 22;
            svg.Append(F($"""<circle cx="{x + 7}" cy="{y - 4}" r="6" fill="{colour}"/>"""));
            svg.Append(F($"""<text x="{x + 20}" y="{y}" font-size="12">{Escape(KanoNames.Label(category, language))}</text>"""));
        }

        y += 36;
        var order = waves.Count == 0 ? "" : $"{waves[0].Wave} → {waves[^1].Wave}";
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="12">{Escape(text["Waves.Legend.Points"])}</text>"""));
        svg.Append(F($"""<text x="{x}" y="{y + 16}" font-size="12">{Escape(text["Waves.Legend.Arrow"])}</text>"""));
        svg.Append(F($"""<text x="{x}" y="{y + 32}" font-size="12">"""));
        Lines(svg, BetterWorseChart.Wrap(order, LegendColumns), x, 16);
        svg.Append("</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Tooltip(FeatureWaves feature, string wave, FeatureAnalysis analysis, Language language) =>
        F($"{feature.Name} — {wave}: {analysis.Label(language)} ({analysis.Code}), Better {analysis.Better:0.00}, Worse {analysis.Worse:0.00}, n = {analysis.N}");

    private static double X(double worse) => Left + Math.Clamp(worse, 0, 1) * PlotWidth;

    private static double Y(double better) => Top + (1 - Math.Clamp(better, 0, 1)) * PlotHeight;

    /// <summary>
    /// The title in at most <see cref="MaxTitleLines"/> lines of <see cref="TitleColumns"/>; a longer one ends at a
    /// word with "…" (a 200-character survey name never gets there).
    /// </summary>
    private static IReadOnlyList<string> TitleLines(string title)
    {
        var lines = BetterWorseChart.Wrap(title, TitleColumns);
        return lines.Count <= MaxTitleLines ? lines : [.. lines.Take(MaxTitleLines - 1), lines[MaxTitleLines - 1] + " …"];
    }

    /// <summary>Each line as a tspan under the one before it (the first on the text element's own baseline).</summary>
    private static void Lines(StringBuilder svg, IReadOnlyList<string> lines, double x, double lineHeight)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            svg.Append(F($"""<tspan x="{x:0.#}" dy="{(i == 0 ? 0 : lineHeight)}">{Escape(lines[i])}</tspan>"""));
        }
    }

    private static string Escape(string text) => BetterWorseChart.Escape(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
