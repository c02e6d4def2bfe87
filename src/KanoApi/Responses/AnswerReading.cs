using System.Globalization;
using System.Text;
using Kano.Analysis;

namespace KanoApi.Responses;

/// <summary>
/// Reads one answer as a respondent gave it: a code, a position 1-5 or one of the survey's extra wordings.
/// </summary>
/// <remarks>
/// MERGE: replace with Kano.Analysis.AnswerParser — <c>AnswerParser.BuiltIn.WithWordings(surveyWordings)</c>,
/// <c>.TryParse(text, out answer)</c> and <c>.Expected</c>. The engine's parser adds the built-in wording sets
/// (Kano 1984, modern, Berger, Blauth, Vietnamese); this stand-in knows only codes, aliases, positions and the
/// survey's wordings, and deliberately holds no copy of those sets. Callers use only <see cref="For"/>,
/// <see cref="TryRead"/> and <see cref="Expected"/>, so the swap touches this file alone.
/// </remarks>
internal sealed class AnswerReading
{
    // MERGE: replace with Kano.Analysis.AnswerParser (codes as in KanoNames.Code; aliases expect, tolerate).
    private static readonly Dictionary<string, Answer> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["like"] = Answer.Like,
        ["must-be"] = Answer.MustBe,
        ["expect"] = Answer.MustBe,
        ["neutral"] = Answer.Neutral,
        ["live-with"] = Answer.LiveWith,
        ["tolerate"] = Answer.LiveWith,
        ["dislike"] = Answer.Dislike,
        ["1"] = Answer.Like,
        ["2"] = Answer.MustBe,
        ["3"] = Answer.Neutral,
        ["4"] = Answer.LiveWith,
        ["5"] = Answer.Dislike,
    };

    public static readonly AnswerReading BuiltIn = new(new Dictionary<string, Answer>(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, Answer> wordings;

    private AnswerReading(Dictionary<string, Answer> wordings) => this.wordings = wordings;

    /// <summary>What an answer may be, for error messages.</summary>
    public string Expected => wordings.Count == 0
        ? "must be one of like, must-be, neutral, live-with, dislike or 1-5"
        : "must be one of like, must-be, neutral, live-with, dislike, 1-5 or one of this survey's wordings";

    /// <summary>The built-in answers plus a survey's own wordings.</summary>
    public static AnswerReading For(IEnumerable<KeyValuePair<Answer, string>> surveyWordings)
    {
        var map = new Dictionary<string, Answer>(StringComparer.OrdinalIgnoreCase);
        foreach (var (answer, wording) in surveyWordings)
        {
            map.TryAdd(Normalize(wording), answer);
        }

        return new AnswerReading(map);
    }

    /// <summary>Trimmed, case-insensitive, and Unicode-normalized (NFC) so a decomposed Vietnamese wording still matches.</summary>
    public bool TryRead(string? text, out Answer answer)
    {
        answer = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = Normalize(text);
        return Codes.TryGetValue(normalized, out answer) || wordings.TryGetValue(normalized, out answer);
    }

    /// <summary>A position 1-5 as a number (JSON integers).</summary>
    public static bool TryFromPosition(int position, out Answer answer)
    {
        answer = (Answer)position;
        return position is >= 1 and <= 5;
    }

    internal static string Normalize(string text)
    {
        var trimmed = text.Trim();
        return trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>The API's code for an answer, as the JSON enum converter writes it.</summary>
    public static string Code(Answer answer) => answer switch
    {
        Answer.Like => "like",
        Answer.MustBe => "must-be",
        Answer.Neutral => "neutral",
        Answer.LiveWith => "live-with",
        Answer.Dislike => "dislike",
        _ => ((int)answer).ToString(CultureInfo.InvariantCulture),
    };
}
