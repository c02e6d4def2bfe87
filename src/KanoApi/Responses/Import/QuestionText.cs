using Kano.Analysis;

namespace KanoApi.Responses.Import;

/// <summary>
/// A question text or header compared as a person reads it: case, spacing, quote and apostrophe styles (as answer
/// wordings are compared, <see cref="AnswerParser.Normalize"/>), a required marker (*) and trailing punctuation do not
/// matter. What a team typed into their survey tool rarely matches the questionnaire character for character.
/// </summary>
internal static class QuestionText
{
    public static string Normalize(string text) =>
        WithoutEndPunctuation(WithoutEndPunctuation(AnswerParser.Normalize(text.Replace('*', ' '))).Trim('"', '\'', ' '));

    /// <summary>The text without the punctuation a tool or a person adds at its end ("I like it!", "Dark mode?").</summary>
    public static string WithoutEndPunctuation(string text) =>
        text.Trim().TrimEnd('?', '.', '!', ':', ';', ',', '\u2026', '\uFF1F', ' ');
}
