using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;
using Kano.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Analysis;

/// <summary>
/// The Better/Worse diagram (Berger et al. 1993; Timko 1993) as standalone SVG: x = |Worse|, y = Better, both 0-1,
/// quadrant lines at 0.5 named after the category each quadrant holds, one bubble per feature sized by mean
/// self-stated importance and coloured by category, a legend and a title. Labels show the whole name, wrapped over
/// lines at spaces, and are placed beside their own bubble in its own quadrant (further out with a leader line from the
/// bubble's edge when the room beside it is taken) so that none overlaps another label, a bubble, a quadrant line or a
/// quadrant's name and no leader line crosses a label; the most hemmed-in bubble is labelled first. Bubbles are
/// see-through with a white outline and a ring in their colour, so overlapping ones stay apart, and the legend explains
/// a bubble whose colour is not its quadrant's. Every piece of text goes through
/// <see cref="Escape"/>, which also drops what XML 1.0 cannot hold, so no stored text can make the SVG invalid.
/// </summary>
internal static class BetterWorseChart
{
    private const double Width = 960, Height = 720;
    private const double Left = 80, Right = 250, Top = 80, Bottom = 70;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const double FontSize = 12, CharWidth = 7.0, LabelHeight = 14;

    /// <summary>A label line holds about this many characters (a wide character counts two) before it wraps.</summary>
    private const int LabelColumns = 24;

    /// <summary>The legend's notes wrap at about this many characters (11 px text in the 226 px beside the plot).</summary>
    private const int LegendColumns = 34;

    /// <summary>A label at most this far from its bubble's edge (px) touches it; further out it gets a leader line.</summary>
    private const double TouchingGap = 8;

    /// <summary>How far out (px) from its bubble a label is looked for before it may leave the bubble's quadrant.</summary>
    private const double MaxLabelGap = 120;

    /// <summary>Bubbles are see-through, so one drawn over another leaves the other's outline visible.</summary>
    private const double BubbleOpacity = 0.55;

    /// <summary>Up to this many bubbles, the most hemmed-in is labelled first (see <see cref="Render"/>).</summary>
    private const int MostConstrainedFirstUpTo = 60;

    /// <summary>
    /// A "word" wider than this (a name in a script written without spaces, or a long run of emoji) would not fit
    /// beside its bubble: it alone is broken, between characters and never inside one.
    /// </summary>
    private const int LongestUnbrokenColumns = 48;

    /// <summary>Each category's colour, shared with <see cref="WaveChart"/> so a category looks the same on both charts.</summary>
    internal static readonly IReadOnlyDictionary<KanoCategory, string> Colours = new Dictionary<KanoCategory, string>
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
        var text = Texts.Of<ChartTexts>(language);
        var svg = new StringBuilder();
        var title = text.Format("BetterWorse.Title", surveyName, respondents);

        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" role="img" aria-label="{Escape(title)}" font-family="Helvetica, Arial, sans-serif">"""));
        svg.Append(F($"<title>{Escape(title)}</title>"));
        svg.Append(F($"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>"""));
        Title(svg, title);

        // Quadrants: background tints and names (Berger et al. 1993: the diagram's four regions).
        var mid = (X: X(0.5), Y: Y(0.5));
        svg.Append(F($"""<rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{PlotHeight}" fill="#fbfbfb" stroke="#555555"/>"""));
        // Labels keep off the quadrant lines and names as they keep off bubbles: a name across a line reads as two.
        var obstacles = new List<Box>
        {
            QuadrantName(svg, KanoCategory.Delighter, Left + 8, Top + 20, "start", language),
            QuadrantName(svg, KanoCategory.Expected, Left + PlotWidth - 8, Top + 20, "end", language),
            QuadrantName(svg, KanoCategory.Indifferent, Left + 8, Top + PlotHeight - 10, "start", language),
            QuadrantName(svg, KanoCategory.Basic, Left + PlotWidth - 8, Top + PlotHeight - 10, "end", language),
        };
        // No label crosses a quadrant line: a name across a line reads as two.
        var quadrantLines = new[] { new Box(mid.X - 1, Top, mid.X + 1, Top + PlotHeight), new Box(Left, mid.Y - 1, Left + PlotWidth, mid.Y + 1) };
        svg.Append(F($"""<line x1="{mid.X}" y1="{Top}" x2="{mid.X}" y2="{Top + PlotHeight}" stroke="#888888" stroke-dasharray="6 4"/>"""));
        svg.Append(F($"""<line x1="{Left}" y1="{mid.Y}" x2="{Left + PlotWidth}" y2="{mid.Y}" stroke="#888888" stroke-dasharray="6 4"/>"""));

        // Axes and ticks.
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(F($"""<text x="{X(tick)}" y="{Top + PlotHeight + 18}" text-anchor="middle" font-size="11">{tick:0.##}</text>"""));
            svg.Append(F($"""<text x="{Left - 8}" y="{Y(tick) + 4}" text-anchor="end" font-size="11">{tick:0.##}</text>"""));
        }

        svg.Append(F($"""<text x="{Left + PlotWidth / 2}" y="{Height - 22}" text-anchor="middle" font-size="13">{Escape(text["WorseAxis"])}</text>"""));
        svg.Append(F($"""<text transform="translate(24 {Top + PlotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="13">{Escape(text["BetterAxis"])}</text>"""));

        // Bubbles, then labels placed around them.
        foreach (var bubble in plotted)
        {
            // Only features with Better and Worse are plotted, and those have answers, so a category. A white outline
            // and a see-through fill keep each of two overlapping bubbles' edges visible.
            var category = bubble.Feature.Category!.Value;
            svg.Append(F($"""<circle class="feature" data-key="{Escape(bubble.Feature.Key)}" data-category="{KanoNames.Name(category)}" cx="{bubble.X:0.#}" cy="{bubble.Y:0.#}" r="{bubble.Radius:0.#}" fill="{Colours[category]}" fill-opacity="{BubbleOpacity}" stroke="#ffffff" stroke-width="1.5"><title>{Escape(Tooltip(bubble.Feature, language))}</title></circle>"""));
            svg.Append(F($"""<circle cx="{bubble.X:0.#}" cy="{bubble.Y:0.#}" r="{bubble.Radius + 1.5:0.#}" fill="none" stroke="{Colours[category]}" stroke-width="1"/>"""));
            obstacles.Add(new Box(bubble.X - bubble.Radius, bubble.Y - bubble.Radius, bubble.X + bubble.Radius, bubble.Y + bubble.Radius));
        }

        var labels = new List<Box>();
        var leaders = new List<Segment>();
        // The most hemmed-in bubble is labelled first, while the room beside it is still free; a bubble with space all
        // round can take what is left. Counting room for every bubble is quadratic, so a crowded chart (more features
        // than anyone reads labels of) keeps the big-first order.
        var wrapped = plotted.Select(bubble => (Bubble: bubble, Lines: Wrap(bubble.Feature.Name, LabelColumns))).ToArray();
        var order = plotted.Length > MostConstrainedFirstUpTo
            ? wrapped
            : [.. wrapped.OrderBy(entry => Room(entry.Lines, entry.Bubble.X, entry.Bubble.Y, entry.Bubble.Radius, obstacles, quadrantLines))];
        foreach (var (bubble, lines) in order)
        {
            var (box, leader) = PlaceLabel(lines, bubble.X, bubble.Y, bubble.Radius, obstacles, quadrantLines, labels, leaders);
            obstacles.Add(box);
            labels.Add(box);
            if (leader is { } segment)
            {
                leaders.Add(segment);
                svg.Append(F($"""<line class="leader" x1="{segment.X1:0.#}" y1="{segment.Y1:0.#}" x2="{segment.X2:0.#}" y2="{segment.Y2:0.#}" stroke="#777777" stroke-width="0.8"/>"""));
            }

            var (anchorX, anchorY) = (box.X1, box.Y1 + LabelHeight - 3);
            svg.Append(F($"""<text class="label" data-key="{Escape(bubble.Feature.Key)}" x="{anchorX:0.#}" y="{anchorY:0.#}" font-size="{FontSize}" fill="#222222">"""));
            for (var line = 0; line < lines.Count; line++)
            {
                svg.Append(F($"""<tspan x="{anchorX:0.#}" dy="{(line == 0 ? 0 : LabelHeight)}">{Escape(lines[line])}</tspan>"""));
            }

            svg.Append("</text>");
        }

        // A bubble whose colour is not its quadrant's (an Expected bubble among the Delighters): the colour is the
        // category the rule chose from the answers' counts, the place is Better/Worse, and the two disagree when the
        // answers are split; the legend says so, naming the first such bubble's case.
        var offQuadrant = plotted.Select(bubble => (Category: bubble.Feature.Category!.Value, Quadrant: QuadrantOf(bubble.X, bubble.Y)))
            .Where(bubble => bubble.Category != bubble.Quadrant && bubble.Category is KanoCategory.Basic or KanoCategory.Expected or KanoCategory.Delighter or KanoCategory.Indifferent)
            .Select(bubble => ((KanoCategory, KanoCategory)?)bubble)
            .FirstOrDefault();
        Legend(svg, language, features.Count - plotted.Length, offQuadrant);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The title, whole when it fits in two lines at 20 px or three at 16 px (a 200-character survey name does);
    /// otherwise its last line ends in "…" at a word boundary. The svg's own title element always holds all of it.
    /// </summary>
    private static void Title(StringBuilder svg, string title)
    {
        var (size, lines) = (20.0, Wrap(title, 80));
        if (lines.Count > 2)
        {
            (size, lines) = (16.0, Wrap(title, 100));
        }

        if (lines.Count > 3)
        {
            lines = [.. lines.Take(2), lines[2] + " …"];
        }

        var top = lines.Count == 1 ? 34 : 26;
        svg.Append(F($"""<text x="{Width / 2}" y="{top}" text-anchor="middle" font-size="{size}" font-weight="bold">"""));
        for (var line = 0; line < lines.Count; line++)
        {
            svg.Append(F($"""<tspan x="{Width / 2}" dy="{(line == 0 ? 0 : size * 1.15)}">{Escape(lines[line])}</tspan>"""));
        }

        svg.Append("</text>");
    }

    /// <summary>Writes a quadrant's name; returns the box it covers (14 px bold: about 8 px a character).</summary>
    private static Box QuadrantName(StringBuilder svg, KanoCategory category, double x, double y, string anchor, Language language)
    {
        var name = KanoNames.Label(category, language);
        svg.Append(F($"""<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="14" font-weight="bold" fill="{Colours[category]}" fill-opacity="0.8">{Escape(name)}</text>"""));
        var width = Columns(name) * 8.0;
        var left = anchor == "end" ? x - width : x;
        return new Box(left, y - 13, left + width, y + 4);
    }

    private static void Legend(StringBuilder svg, Language language, int notPlotted, (KanoCategory Category, KanoCategory Quadrant)? offQuadrant)
    {
        var text = Texts.Of<ChartTexts>(language);
        var x = Left + PlotWidth + 24;
        var y = Top + 10;
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="13" font-weight="bold">{Escape(text["Legend.Category"])}</text>"""));
        foreach (var (category, colour) in Colours)
        {
            y += 22;
            svg.Append(F($"""<circle cx="{x + 7}" cy="{y - 4}" r="7" fill="{colour}" fill-opacity="{BubbleOpacity}" stroke="{colour}"/>"""));
            svg.Append(F($"""<text x="{x + 20}" y="{y}" font-size="12">{Escape(KanoNames.Label(category, language))}</text>"""));
        }

        y += 36;
        svg.Append(F($"""<text x="{x}" y="{y}" font-size="12">{Escape(text["Legend.BubbleSize"])}</text>"""));
        foreach (var importance in new[] { 1.0, 5, 9 })
        {
            y += 2 * Radius(importance) + 8;
            svg.Append(F($"""<circle cx="{x + 16}" cy="{y - Radius(importance)}" r="{Radius(importance):0.#}" fill="none" stroke="#555555"/>"""));
            svg.Append(F($"""<text x="{x + 40}" y="{y - Radius(importance) + 4}" font-size="11">{importance:0}</text>"""));
        }

        if (notPlotted > 0)
        {
            y += 28;
            svg.Append(F($"""<text x="{x}" y="{y}" font-size="11" fill="#555555">{Escape(text.Format("Legend.NotPlotted", notPlotted))}</text>"""));
        }

        if (offQuadrant is { } off)
        {
            y += 28;
            var note = text.Format("Legend.OffQuadrant", KanoNames.Label(off.Category, language), KanoNames.Label(off.Quadrant, language));
            svg.Append(F($"""<text class="legend-note" x="{x}" y="{y}" font-size="11" fill="#333333">"""));
            var lines = Wrap(note, LegendColumns);
            for (var line = 0; line < lines.Count; line++)
            {
                svg.Append(F($"""<tspan x="{x}" dy="{(line == 0 ? 0 : 13)}">{Escape(lines[line])}</tspan>"""));
            }

            svg.Append("</text>");
        }
    }

    /// <summary>
    /// The label's place: boxes beside, above and below the bubble, each slid along that side and moved out step by
    /// step, nearest to the bubble's edge first. The first that stays in the bubble's own quadrant (a bubble on a
    /// quadrant line may use either side), overlaps no bubble, quadrant name or placed label, is crossed by no placed
    /// leader line and whose own leader line would cross no placed label wins; only when no such place is near does
    /// a label leave its quadrant, and only when none is free at all does it overlap (hundreds of features). A label
    /// that does not touch its bubble gets a leader line from the bubble's edge to the label's nearest point.
    /// </summary>
    private static (Box Box, Segment? Leader) PlaceLabel(
        IReadOnlyList<string> lines, double x, double y, double radius, List<Box> obstacles, Box[] quadrantLines, List<Box> labels, List<Segment> leaders)
    {
        var quadrant = QuadrantOf(x, y);
        var onLine = OnLine(x, y, radius);
        // Near the bubble first; on a crowded chart, anywhere in the plot (with a leader line) before overlapping.
        foreach (var reach in new[] { MaxLabelGap, PlotWidth })
        {
            foreach (var ownQuadrant in new[] { true, false })
            {
                foreach (var (box, gap) in Around(lines, x, y, radius, reach))
                {
                    if ((ownQuadrant && !onLine && QuadrantOf(box.CentreX, box.CentreY) != quadrant)
                        || obstacles.Any(other => other.Overlaps(box))
                        || quadrantLines.Any(line => line.Overlaps(box))
                        || leaders.Any(line => line.Crosses(box)))
                    {
                        continue;
                    }

                    var leader = gap > TouchingGap ? Segment.Between(x, y, radius, box) : (Segment?)null;
                    if (leader is { } line && labels.Any(line.Crosses))
                    {
                        continue;
                    }

                    return (box, leader);
                }
            }
        }

        var candidates = Around(lines, x, y, radius, MaxLabelGap);
        // Nowhere free: overlap rather than drop the label.
        return (candidates.Length > 0 ? candidates[0].Box : new Box(x + radius + 3, y - LabelHeight / 2, x + radius + 3 + lines.Max(Columns) * CharWidth, y + LabelHeight / 2), null);
    }

    /// <summary>The label's candidate boxes inside the plot, nearest to the bubble first.</summary>
    private static (Box Box, double Gap)[] Around(IReadOnlyList<string> lines, double x, double y, double radius, double reach) =>
        Candidates(x, y, radius, lines.Max(Columns) * CharWidth, lines.Count * LabelHeight, reach)
            .Where(box => box.X1 >= Left && box.X2 <= Left + PlotWidth && box.Y1 >= Top && box.Y2 <= Top + PlotHeight)
            .Select(box => (Box: box, Gap: box.GapTo(x, y, radius)))
            .OrderBy(candidate => Math.Round(candidate.Gap))
            .ToArray();

    /// <summary>How many places right beside the bubble (touching it) its label could take among the bubbles and quadrant names alone.</summary>
    private static int Room(IReadOnlyList<string> lines, double x, double y, double radius, List<Box> obstacles, Box[] quadrantLines)
    {
        var onLine = OnLine(x, y, radius);
        return Around(lines, x, y, radius, TouchingGap).Count(candidate => candidate.Gap <= TouchingGap
            && (onLine || QuadrantOf(candidate.Box.CentreX, candidate.Box.CentreY) == QuadrantOf(x, y))
            && !obstacles.Any(other => other.Overlaps(candidate.Box))
            && !quadrantLines.Any(line => line.Overlaps(candidate.Box)));
    }

    /// <summary>Whether the bubble touches a quadrant line, so that it belongs to neither side.</summary>
    private static bool OnLine(double x, double y, double radius) => Math.Abs(x - X(0.5)) < radius + 2 || Math.Abs(y - Y(0.5)) < radius + 2;

    /// <summary>Label boxes around a bubble: right, left, above and below, slid along the side, then moved out.</summary>
    private static IEnumerable<Box> Candidates(double x, double y, double radius, double width, double height, double reach)
    {
        // Finely near the bubble, coarsely further out.
        for (var gap = 3.0; gap <= reach; gap += gap < MaxLabelGap ? 4 : 12)
        {
            for (var slide = 0.0; slide <= height / 2 + radius; slide += LabelHeight / 2)
            {
                foreach (var dy in slide == 0 ? [0.0] : new[] { -slide, slide })
                {
                    yield return new Box(x + radius + gap, y - height / 2 + dy, x + radius + gap + width, y + height / 2 + dy);
                    yield return new Box(x - radius - gap - width, y - height / 2 + dy, x - radius - gap, y + height / 2 + dy);
                }
            }

            for (var slide = 0.0; slide <= width / 2 + radius; slide += 12)
            {
                foreach (var dx in slide == 0 ? [0.0] : new[] { -slide, slide })
                {
                    yield return new Box(x - width / 2 + dx, y - radius - gap - height, x + width / 2 + dx, y - radius - gap);
                    yield return new Box(x - width / 2 + dx, y + radius + gap, x + width / 2 + dx, y + radius + gap + height);
                }
            }
        }
    }

    /// <summary>The category whose quadrant holds the point (Berger et al. 1993).</summary>
    private static KanoCategory QuadrantOf(double x, double y) => (x >= X(0.5), y <= Y(0.5)) switch
    {
        (false, true) => KanoCategory.Delighter,
        (true, true) => KanoCategory.Expected,
        (true, false) => KanoCategory.Basic,
        _ => KanoCategory.Indifferent,
    };

    private static string Tooltip(FeatureAnalysis feature, Language language) =>
        F($"{feature.Name}: {feature.Label(language)} ({feature.Code}), Better {feature.Better:0.00}, Worse {feature.Worse:0.00}, n = {feature.N}");

    private static double X(double worse) => Left + Math.Clamp(worse, 0, 1) * PlotWidth;

    private static double Y(double better) => Top + (1 - Math.Clamp(better, 0, 1)) * PlotHeight;

    /// <summary>Area grows with mean importance (1-9); unknown importance draws a middle-sized bubble.</summary>
    private static double Radius(double? importance) => 5 + 15 * Math.Sqrt(Math.Clamp(((importance ?? 5) - 1) / 8, 0, 1));

    /// <summary>
    /// The text in lines of at most <paramref name="columns"/> columns, broken at white space: a word is never cut
    /// unless it alone is wider than <see cref="LongestUnbrokenColumns"/>, and then only between text elements (so
    /// never inside a surrogate pair or before a combining mark).
    /// </summary>
    internal static IReadOnlyList<string> Wrap(string text, int columns)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var lineColumns = 0;
        foreach (var whole in XmlText(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var word in Pieces(whole))
            {
                var wordColumns = Columns(word);
                if (lineColumns > 0 && lineColumns + 1 + wordColumns > columns)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineColumns = 0;
                }

                if (lineColumns > 0)
                {
                    line.Append(' ');
                    lineColumns++;
                }

                line.Append(word);
                lineColumns += wordColumns;
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>A word, or a word too wide to stand unbroken in pieces of at most <see cref="LongestUnbrokenColumns"/>.</summary>
    private static IEnumerable<string> Pieces(string word)
    {
        if (Columns(word) <= LongestUnbrokenColumns)
        {
            yield return word;
            yield break;
        }

        var piece = new StringBuilder();
        var pieceColumns = 0;
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var width = Columns(element);
            if (pieceColumns + width > LongestUnbrokenColumns)
            {
                yield return piece.ToString();
                piece.Clear();
                pieceColumns = 0;
            }

            piece.Append(element);
            pieceColumns += width;
        }

        yield return piece.ToString();
    }

    /// <summary>
    /// How wide the text is in label columns: one a text element (a letter with its accents, an emoji with its
    /// modifiers), two for East Asian wide characters and emoji, which take about twice a Latin letter's width.
    /// </summary>
    private static int Columns(string text)
    {
        var columns = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var codePoint = char.IsSurrogatePair(element, 0) ? char.ConvertToUtf32(element, 0) : element[0];
            columns += codePoint is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
                or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0x1F300
                ? 2 : 1;
        }

        return columns;
    }

    /// <summary>
    /// The text without what XML 1.0 cannot carry (control characters but tab, line feed and carriage return,
    /// U+FFFE/U+FFFF, lone surrogates). Input refuses them, but rows stored before it did may still hold them, and a
    /// chart must be XML whatever it is given.
    /// </summary>
    private static string XmlText(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    /// <summary>The text escaped for an SVG element or attribute, without what XML cannot hold (shared with <see cref="WaveChart"/>).</summary>
    internal static string Escape(string text) => SecurityElement.Escape(XmlText(text)) ?? "";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Box(double X1, double Y1, double X2, double Y2)
    {
        public double CentreX => (X1 + X2) / 2;

        public double CentreY => (Y1 + Y2) / 2;

        public bool Overlaps(Box other) => X1 < other.X2 && other.X1 < X2 && Y1 < other.Y2 && other.Y1 < Y2;

        /// <summary>The box's point nearest to (x, y).</summary>
        public (double X, double Y) Nearest(double x, double y) => (Math.Clamp(x, X1, X2), Math.Clamp(y, Y1, Y2));

        /// <summary>How far the box stands from the edge of the circle at (x, y).</summary>
        public double GapTo(double x, double y, double radius)
        {
            var (nx, ny) = Nearest(x, y);
            return Math.Max(0, Math.Sqrt((nx - x) * (nx - x) + (ny - y) * (ny - y)) - radius);
        }
    }

    /// <summary>A leader line, from a bubble's edge to its label's nearest point.</summary>
    private readonly record struct Segment(double X1, double Y1, double X2, double Y2)
    {
        public static Segment Between(double x, double y, double radius, Box label)
        {
            var (nx, ny) = label.Nearest(x, y);
            var length = Math.Max(1e-9, Math.Sqrt((nx - x) * (nx - x) + (ny - y) * (ny - y)));
            return new Segment(x + (nx - x) / length * radius, y + (ny - y) / length * radius, nx, ny);
        }

        /// <summary>Whether the line passes through the box's inside (Liang-Barsky clipping); ending on its edge is not crossing.</summary>
        public bool Crosses(Box box)
        {
            double t0 = 0, t1 = 1, dx = X2 - X1, dy = Y2 - Y1;
            foreach (var (p, q) in new[] { (-dx, X1 - box.X1), (dx, box.X2 - X1), (-dy, Y1 - box.Y1), (dy, box.Y2 - Y1) })
            {
                if (p == 0)
                {
                    if (q <= 0)
                    {
                        return false;
                    }

                    continue;
                }

                var t = q / p;
                if (p < 0)
                {
                    t0 = Math.Max(t0, t);
                }
                else
                {
                    t1 = Math.Min(t1, t);
                }
            }

            return t1 - t0 > 1e-6;
        }
    }
}
