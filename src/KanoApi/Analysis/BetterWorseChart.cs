using System.Globalization;
using System.Security;
using System.Text;
using Kano.Analysis;

namespace KanoApi.Analysis;

/// <summary>
/// The Better/Worse diagram (Berger et al. 1993; Timko 1993) as standalone SVG: x = |Worse|, y = Better, both 0-1,
/// quadrant lines at 0.5 named after the category each quadrant holds, one bubble per feature sized by mean
/// self-stated importance and coloured by category, a legend and a title. Labels are placed greedily around their
/// bubble (then further out with a leader line) so that none overlaps another label or bubble.
/// </summary>
internal static class BetterWorseChart
{
    private const double Width = 960, Height = 720;
    private const double Left = 80, Right = 250, Top = 80, Bottom = 70;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const double FontSize = 12, CharWidth = 6.6, LabelHeight = 14;
    private const int MaxLabelCharacters = 30;

    private static readonly Dictionary<KanoCategory, string> Colours = new()
    {
        [KanoCategory.Basic] = "#c0392b",
        [KanoCategory.Expected] = "#2471a3",
        [KanoCategory.Delighter] = "#239b56",
        [KanoCategory.Indifferent] = "#7f8c8d",
        [KanoCategory.Reverse] = "#8e44ad",
        [KanoCategory.Questionable] = "#d68910",
    };

    public static string Render(string surveyName, long respondents, IReadOnlyList<FeatureAnalysis> features, Language language)
    {
        var plotted = features.Where(feature => feature.Better is not null && feature.Worse is not null)
            .Select(feature => (Feature: feature, X: X(Math.Abs(feature.Worse!.Value)), Y: Y(feature.Better!.Value), Radius: Radius(feature.Importance.Mean)))
            // Big bubbles first so small ones stay visible on top.
            .OrderByDescending(bubble => bubble.Radius)
            .ToArray();
        var vietnamese = language == Language.Vietnamese;
        var svg = new StringBuilder();
        var title = vietnamese
            ? $"{surveyName} — biểu đồ Better/Worse (n = {respondents})"
            : $"{surveyName} — Better/Worse diagram (n = {respondents})";

        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" role="img" aria-label="{Escape(title)}" font-family="Helvetica, Arial, sans-serif">"""));
        svg.Append(F($"<title>{Escape(title)}</title>"));
        svg.Append(F($"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>"""));
        svg.Append(F($"""<text x="{Width / 2}" y="34" text-anchor="middle" font-size="20" font-weight="bold">{Escape(Truncate(title, 90))}</text>"""));

        // Quadrants: background tints and names (Berger et al. 1993: the diagram's four regions).
        var mid = (X: X(0.5), Y: Y(0.5));
        svg.Append(F($"""<rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{PlotHeight}" fill="#fbfbfb" stroke="#555555"/>"""));
        QuadrantName(svg, KanoCategory.Delighter, Left + 8, Top + 20, "start", language);
        QuadrantName(svg, KanoCategory.Expected, Left + PlotWidth - 8, Top + 20, "end", language);
        QuadrantName(svg, KanoCategory.Indifferent, Left + 8, Top + PlotHeight - 10, "start", language);
        QuadrantName(svg, KanoCategory.Basic, Left + PlotWidth - 8, Top + PlotHeight - 10, "end", language);
        svg.Append(F($"""<line x1="{mid.X}" y1="{Top}" x2="{mid.X}" y2="{Top + PlotHeight}" stroke="#888888" stroke-dasharray="6 4"/>"""));
        svg.Append(F($"""<line x1="{Left}" y1="{mid.Y}" x2="{Left + PlotWidth}" y2="{mid.Y}" stroke="#888888" stroke-dasharray="6 4"/>"""));

        // Axes and ticks.
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(F($"""<text x="{X(tick)}" y="{Top + PlotHeight + 18}" text-anchor="middle" font-size="11">{tick:0.##}</text>"""));
            svg.Append(F($"""<text x="{Left - 8}" y="{Y(tick) + 4}" text-anchor="end" font-size="11">{tick:0.##}</text>"""));
        }

        svg.Append(F($"""<text x="{Left + PlotWidth / 2}" y="{Height - 22}" text-anchor="middle" font-size="13">{Escape(vietnamese ? "|Worse| — mức độ không hài lòng khi thiếu" : "|Worse| — dissatisfaction when absent")}</text>"""));
        svg.Append(F($"""<text transform="translate(24 {Top + PlotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="13">{Escape(vietnamese ? "Better — mức độ hài lòng khi có" : "Better — satisfaction when present")}</text>"""));

        // Bubbles, then labels placed around them.
        var obstacles = new List<Box>();
        foreach (var bubble in plotted)
        {
            var category = bubble.Feature.Category;
            svg.Append(F($"""<circle class="feature" data-key="{Escape(bubble.Feature.Key)}" cx="{bubble.X:0.#}" cy="{bubble.Y:0.#}" r="{bubble.Radius:0.#}" fill="{Colours[category]}" fill-opacity="0.7" stroke="{Colours[category]}"><title>{Escape(Tooltip(bubble.Feature, language))}</title></circle>"""));
            obstacles.Add(new Box(bubble.X - bubble.Radius, bubble.Y - bubble.Radius, bubble.X + bubble.Radius, bubble.Y + bubble.Radius));
        }

        foreach (var bubble in plotted)
        {
            var label = Truncate(bubble.Feature.Name, MaxLabelCharacters);
            var (box, anchorX, anchorY, leader) = PlaceLabel(label, bubble.X, bubble.Y, bubble.Radius, obstacles);
            obstacles.Add(box);
            if (leader)
            {
                svg.Append(F($"""<line x1="{bubble.X:0.#}" y1="{bubble.Y:0.#}" x2="{(box.X1 + box.X2) / 2:0.#}" y2="{(box.Y1 + box.Y2) / 2:0.#}" stroke="#999999" stroke-width="0.8"/>"""));
            }

            svg.Append(F($"""<text class="label" x="{anchorX:0.#}" y="{anchorY:0.#}" font-size="{FontSize}" fill="#222222">{Escape(label)}</text>"""));
        }

        Legend(svg, language, features.Count - plotted.Length);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void QuadrantName(StringBuilder svg, KanoCategory category, double x, double y, string anchor, Language language) =>
        svg.Append(F($"""<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="14" font-weight="bold" fill="{Colours[category]}" fill-opacity="0.8">{Escape(KanoNames.Label(category, language))}</text>"""));

    private static void Legend(StringBuilder svg, Language language, int notPlotted)
    {
        var x = Left + PlotWidth + 24;
        var y = Top + 10;
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="13" font-weight="bold">{Escape(language == Language.Vietnamese ? "Loại yếu tố" : "Category")}</text>"""));
        foreach (var (category, colour) in Colours)
        {
            y += 22;
            svg.Append(F($"""<circle cx="{x + 7}" cy="{y - 4}" r="7" fill="{colour}" fill-opacity="0.7" stroke="{colour}"/>"""));
            svg.Append(F($"""<text x="{x + 20}" y="{y}" font-size="12">{Escape(KanoNames.Label(category, language))}</text>"""));
        }

        y += 36;
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="12">{Escape(language == Language.Vietnamese ? "Kích thước = mức độ quan trọng" : "Bubble size = mean importance")}</text>"""));
        foreach (var importance in new[] { 1.0, 5, 9 })
        {
            y += 2 * Radius(importance) + 8;
            svg.Append(F($"""<circle cx="{x + 16}" cy="{y - Radius(importance)}" r="{Radius(importance):0.#}" fill="none" stroke="#555555"/>"""));
            svg.Append(F($"""<text x="{x + 40}" y="{y - Radius(importance) + 4}" font-size="11">{importance:0}</text>"""));
        }

        if (notPlotted > 0)
        {
            y += 28;
            svg.Append(F($"""<text x="{x}" y="{y}" font-size="11" fill="#555555">{Escape(language == Language.Vietnamese ? $"{notPlotted} tính năng chưa có dữ liệu" : $"{notPlotted} feature(s) without data")}</text>"""));
        }
    }

    /// <summary>
    /// Candidate places on a grid around the bubble (right of it, left of it, centred over it, shifted sideways, and
    /// one label height up or down at a time), nearest first; the first that overlaps no bubble and no placed label
    /// wins. A label more than a line away from its bubble gets a leader line.
    /// </summary>
    private static (Box Box, double AnchorX, double AnchorY, bool Leader) PlaceLabel(string label, double x, double y, double radius, List<Box> obstacles)
    {
        var width = label.Length * CharWidth;
        var candidates =
            from row in Enumerable.Range(-40, 81)
            from column in new[] { x + radius + 3, x - radius - 3 - width, x - width / 2 }
            from shift in new[] { 0.0, 60, -60, 120, -120 }
            let box = new Box(column + shift, y - LabelHeight / 2 + row * LabelHeight, column + shift + width, y + LabelHeight / 2 + row * LabelHeight)
            where box.X1 >= Left && box.X2 <= Left + PlotWidth && box.Y1 >= Top && box.Y2 <= Top + PlotHeight
            let centreX = (box.X1 + box.X2) / 2
            let centreY = (box.Y1 + box.Y2) / 2
            orderby Math.Abs(row) * LabelHeight + Math.Abs(centreX - x) * 0.5
            select box;

        Box? fallback = null;
        foreach (var box in candidates)
        {
            fallback ??= box;
            if (!obstacles.Any(other => other.Overlaps(box)))
            {
                var far = Math.Abs((box.Y1 + box.Y2) / 2 - y) > radius + LabelHeight || Math.Min(Math.Abs(box.X1 - x), Math.Abs(box.X2 - x)) > radius + 70;
                return (box, box.X1, box.Y2 - 3, far);
            }
        }

        // Nowhere free (hundreds of features): overlap rather than drop the label.
        var chosen = fallback ?? new Box(x + radius + 3, y - LabelHeight / 2, x + radius + 3 + width, y + LabelHeight / 2);
        return (chosen, chosen.X1, chosen.Y2 - 3, false);
    }

    private static string Tooltip(FeatureAnalysis feature, Language language) =>
        F($"{feature.Name}: {feature.Label(language)} ({feature.Code}), Better {feature.Better:0.00}, Worse {feature.Worse:0.00}, n = {feature.N}");

    private static double X(double worse) => Left + Math.Clamp(worse, 0, 1) * PlotWidth;

    private static double Y(double better) => Top + (1 - Math.Clamp(better, 0, 1)) * PlotHeight;

    /// <summary>Area grows with mean importance (1-9); unknown importance draws a middle-sized bubble.</summary>
    private static double Radius(double? importance) => 5 + 15 * Math.Sqrt(Math.Clamp(((importance ?? 5) - 1) / 8, 0, 1));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Box(double X1, double Y1, double X2, double Y2)
    {
        public bool Overlaps(Box other) => X1 < other.X2 && other.X1 < X2 && Y1 < other.Y2 && other.Y1 < Y2;
    }
}
