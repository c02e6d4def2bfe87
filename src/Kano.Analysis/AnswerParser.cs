using System.Text;

namespace Kano.Analysis;

/// <summary>
/// Reads a functional or dysfunctional answer from text: a code ("like", "must-be", "neutral", "live-with",
/// "dislike", aliases "expect" and "tolerate"), a position "1"-"5", or a known answer wording.
/// Matching ignores case, surrounding whitespace, repeated inner spaces, Unicode composition
/// (precomposed vs combining Vietnamese marks) and typographic vs straight apostrophes and quotes.
/// Text that matches nothing is not an answer: callers report it as an input error, never as Q (method §2).
/// </summary>
public sealed class AnswerParser
{
    private static readonly (string Text, Answer Answer)[] Codes =
    [
        ("like", Answer.Like), ("must-be", Answer.MustBe), ("neutral", Answer.Neutral),
        ("live-with", Answer.LiveWith), ("dislike", Answer.Dislike),
        ("expect", Answer.MustBe), ("tolerate", Answer.LiveWith),
    ];

    private readonly Dictionary<string, Answer> _known;

    private AnswerParser(Dictionary<string, Answer> known) => _known = known;

    /// <summary>Codes, aliases, positions "1".."5", every wording set of <see cref="AnswerWordings"/> and its variants.</summary>
    public static AnswerParser BuiltIn { get; } = CreateBuiltIn();

    /// <summary>What this parser accepts, for error messages.</summary>
    public string Expected =>
        "one of like, must-be, neutral, live-with, dislike (or expect, tolerate), 1-5, or a known answer wording";

    /// <summary>
    /// A new parser that also accepts these wordings (e.g. a survey's own translation). A wording that already
    /// means a different answer is rejected, because it would make an answer ambiguous.
    /// </summary>
    public AnswerParser WithWordings(IEnumerable<KeyValuePair<Answer, string>> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var known = new Dictionary<string, Answer>(_known, StringComparer.Ordinal);
        foreach (var (answer, wording) in extra)
        {
            KanoNames.Position(answer);
            Add(known, wording, answer);
        }

        return new AnswerParser(known);
    }

    /// <summary>
    /// A new parser with a survey's own wordings, as stored. Like <see cref="WithWordings"/>, except that a stored
    /// wording which a built-in wording set gives another answer keeps the survey's answer: the survey taught it
    /// before that wording was built in, and its stored answers were read that way. Codes and positions never change.
    /// </summary>
    public AnswerParser WithSurveyWordings(IEnumerable<KeyValuePair<Answer, string>> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var known = new Dictionary<string, Answer>(_known, StringComparer.Ordinal);
        foreach (var (answer, wording) in stored)
        {
            KanoNames.Position(answer);
            if (string.IsNullOrWhiteSpace(wording) || IsCodeOrPosition(Normalize(wording)))
            {
                Add(known, wording, answer);
            }
            else
            {
                known[Normalize(wording)] = answer;
            }
        }

        return new AnswerParser(known);
    }

    private static bool IsCodeOrPosition(string normalized) =>
        normalized is "1" or "2" or "3" or "4" or "5" || Array.Exists(Codes, code => code.Text == normalized);

    /// <summary>Reads an answer; false when the text is empty or matches nothing.</summary>
    public bool TryParse(string? text, out Answer answer)
    {
        answer = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return _known.TryGetValue(Normalize(text), out answer);
    }

    /// <summary>Reads an answer, or throws a <see cref="FormatException"/> that says what was expected.</summary>
    public Answer Parse(string? text) =>
        TryParse(text, out var answer)
            ? answer
            : throw new FormatException($"'{text}' is not a Kano answer: expected {Expected}");

    /// <summary>The answer at a questionnaire position 1-5 (method §1: classify by position).</summary>
    public static bool TryFromPosition(int position, out Answer answer)
    {
        answer = (Answer)position;
        return position is >= 1 and <= 5;
    }

    internal static bool TryParseCode(string? text, out Answer answer)
    {
        var wanted = text is null ? "" : Normalize(text);
        foreach (var (code, a) in Codes)
        {
            if (code == wanted)
            {
                answer = a;
                return true;
            }
        }

        answer = default;
        return false;
    }

    /// <summary>The form two texts share when they should match (see the class summary): a host uses it to compare wordings.</summary>
    public static string Normalize(string text)
    {
        var composed = text.Trim().Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(composed.Length);
        var lastWasSpace = false;
        foreach (var c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u02BC' or '\u2032' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2033' => '"',
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString();
    }

    private static AnswerParser CreateBuiltIn()
    {
        var known = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (code, answer) in Codes)
        {
            Add(known, code, answer);
        }

        for (var position = 1; position <= 5; position++)
        {
            Add(known, position.ToString(System.Globalization.CultureInfo.InvariantCulture), (Answer)position);
        }

        foreach (var set in AnswerWordings.All.Values)
        {
            for (var i = 0; i < set.Count; i++)
            {
                Add(known, set[i], (Answer)(i + 1));
            }
        }

        foreach (var (answer, wording) in AnswerWordings.Variants)
        {
            Add(known, wording, answer);
        }

        return new AnswerParser(known);
    }

    private static void Add(Dictionary<string, Answer> known, string wording, Answer answer)
    {
        if (string.IsNullOrWhiteSpace(wording))
        {
            throw new ArgumentException("An answer wording cannot be empty.", nameof(wording));
        }

        var key = Normalize(wording);
        if (known.TryGetValue(key, out var existing) && existing != answer)
        {
            throw new ArgumentException(
                $"The wording '{wording}' already means '{KanoNames.Code(existing)}', so it cannot also mean '{KanoNames.Code(answer)}'.",
                nameof(wording));
        }

        known[key] = answer;
    }
}
