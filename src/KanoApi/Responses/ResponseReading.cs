using System.Data.Common;
using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Kano.Analysis;
using KanoApi.Features;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using KanoApi.Wordings;

namespace KanoApi.Responses;

/// <summary>A respondent's answers, checked and resolved to feature ids and answer positions: ready to store.</summary>
internal sealed record RespondentAnswers(string RespondentKey, string? Wave, IReadOnlyDictionary<string, string> Segments, IReadOnlyList<CheckedAnswer> Answers)
{
    /// <summary>
    /// The segments as the respondents table stores them (a JSON object), or null when there are none; made with the
    /// respondent, so an import makes it on the thread that reads rows, not on the one that stores them.
    /// </summary>
    public string? SegmentsJson { get; } = Segments.Count == 0 ? null : JsonSerializer.Serialize(Segments);

    /// <summary>When the respondent answered, as stored (ISO-8601 UTC, <see cref="Clock.Format"/>); null when unknown.</summary>
    public string? AnsweredAt { get; init; }
}

/// <summary>
/// One feature's answers of one respondent, checked and ready to store (the feature by id). Expectation and perception
/// are SERVQUAL's pair on its 7-point scale (method §7b), each optional like importance and satisfaction.
/// </summary>
internal readonly record struct CheckedAnswer(
    long FeatureId, Answer Functional, Answer Dysfunctional, int? Importance, int? Satisfaction, int? Expectation = null, int? Perception = null);

/// <summary>What checking a survey's responses needs: its features by key and id, and how it reads answers.</summary>
internal sealed class SurveyQuestionnaire
{
    private SurveyQuestionnaire(Dictionary<string, long> idsByKey, AnswerParser reading)
    {
        IdsByKey = idsByKey;
        KeysById = idsByKey.ToDictionary(pair => pair.Value, pair => pair.Key);
        Reading = reading;
    }

    public Dictionary<string, long> IdsByKey { get; }

    public Dictionary<long, string> KeysById { get; }

    public AnswerParser Reading { get; }

    public static async Task<SurveyQuestionnaire> LoadAsync(DbConnection connection, long surveyId, IDbTransaction? transaction, CancellationToken cancellationToken)
    {
        var idsByKey = await FeatureStore.IdsByKeyAsync(connection, surveyId, transaction, cancellationToken);
        var wordings = await WordingStore.ReadAsync(connection, surveyId, transaction, cancellationToken);
        return new SurveyQuestionnaire(idsByKey, AnswerParser.BuiltIn.WithSurveyWordings(wordings));
    }
}

/// <summary>Checks a JSON response field by field, reporting every error by its path.</summary>
internal static class ResponseReading
{
    public static string NewRespondentKey() => $"r-{Guid.NewGuid():N}";

    /// <summary>The response ready to store, or null when <paramref name="errors"/> got at least one error for it.</summary>
    public static RespondentAnswers? Read(ResponseSubmission? submission, string prefix, SurveyQuestionnaire questionnaire, ValidationErrors errors)
    {
        var before = errors.Total;
        if (submission is null)
        {
            errors.Add(prefix.Length == 0 ? "$" : prefix, "must be a response object");
            return null;
        }

        var at = prefix.Length == 0 ? "" : prefix + ".";
        if (submission.RespondentId is not null)
        {
            SurveyRules.CheckRespondentId(submission.RespondentId, at + "respondentId", errors);
        }

        SurveyRules.CheckWave(submission.Wave, at + "wave", errors);
        SurveyRules.CheckSegments(submission.Segments, at + "segments", errors);
        CheckAnsweredAt(submission.AnsweredAt, at + "answeredAt", errors);

        var answers = new List<CheckedAnswer>();
        if (submission.Answers is null || submission.Answers.Count == 0)
        {
            errors.Add(at + "answers", "must hold at least one answer");
        }
        else if (submission.Answers.Count > Limits.AnswersPerResponse)
        {
            errors.Add(at + "answers", $"must hold at most {Limits.AnswersPerResponse} answers (holds {submission.Answers.Count})");
        }
        else
        {
            var seen = new Dictionary<long, int>();
            for (var i = 0; i < submission.Answers.Count; i++)
            {
                // The answer's path is spelled out only for an error: most answers have none.
                var path = new AnswerPath(at, i);
                var answer = submission.Answers[i];
                if (answer is null)
                {
                    errors.Add(path.Of(null), "must be an answer object");
                    continue;
                }

                var featureId = ReadFeature(answer.Feature, path, questionnaire, errors);
                if (featureId is { } id && !seen.TryAdd(id, i))
                {
                    errors.Add(path.Of("feature"), $"answers the same feature as {at}answers[{seen[id]}]; a response answers each feature once");
                }

                var functional = ReadAnswer(answer.Functional, path, "functional", questionnaire.Reading, errors);
                var dysfunctional = ReadAnswer(answer.Dysfunctional, path, "dysfunctional", questionnaire.Reading, errors);
                var importance = ReadScale(answer.Importance, path, "importance", 9, errors);
                var satisfaction = ReadScale(answer.Satisfaction, path, "satisfaction", 5, errors);
                var expectation = ReadScale(answer.Expectation, path, "expectation", ServiceQualityScale.Points, errors);
                var perception = ReadScale(answer.Perception, path, "perception", ServiceQualityScale.Points, errors);
                if (featureId is { } feature && functional is { } f && dysfunctional is { } d)
                {
                    answers.Add(new CheckedAnswer(feature, f, d, importance, satisfaction, expectation, perception));
                }
            }
        }

        if (errors.Total > before)
        {
            return null;
        }

        return new RespondentAnswers(
            submission.RespondentId?.Trim() ?? NewRespondentKey(),
            Text.NullIfBlank(submission.Wave),
            submission.Segments?.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value.Trim(), StringComparer.Ordinal)
                ?? new Dictionary<string, string>(StringComparer.Ordinal),
            answers)
        {
            AnsweredAt = submission.AnsweredAt is { } answeredAt ? Clock.Format(answeredAt) : null,
        };
    }

    /// <summary>
    /// How far ahead of this server's clock a time of answering may be (clocks and time zones written without an offset
    /// differ by hours); later is a mistake, not a response.
    /// </summary>
    public static readonly TimeSpan AnsweredAtLeeway = TimeSpan.FromDays(1);

    /// <summary>A time of answering (a JSON response's, an import cell's): not in the future, not before 1970.</summary>
    public static void CheckAnsweredAt(DateTimeOffset? answeredAt, string at, ValidationErrors errors)
    {
        if (answeredAt is not { } moment)
        {
            return;
        }

        if (moment > DateTimeOffset.UtcNow + AnsweredAtLeeway)
        {
            errors.Add(at, $"'{moment.ToString("O", CultureInfo.InvariantCulture)}' is in the future: the time the respondent answered cannot be later than now");
        }
        else if (moment.UtcDateTime.Year < 1970)
        {
            errors.Add(at, $"'{moment.ToString("O", CultureInfo.InvariantCulture)}' is before 1970: not a time a survey was answered");
        }
    }

    /// <summary>Where an answer is in the body (<c>responses[2].answers[0]</c>), spelled out only when an error names it.</summary>
    private readonly record struct AnswerPath(string Prefix, int Index)
    {
        public string Of(string? field) => field is null ? $"{Prefix}answers[{Index}]" : $"{Prefix}answers[{Index}].{field}";
    }

    private static long? ReadFeature(AnswerToken? token, AnswerPath path, SurveyQuestionnaire questionnaire, ValidationErrors errors)
    {
        var feature = token ?? default;
        switch (feature.ValueKind)
        {
            case JsonValueKind.String:
                var key = feature.GetString()!;
                if (questionnaire.IdsByKey.TryGetValue(SurveyRules.FoldFeatureKey(key), out var id))
                {
                    return id;
                }

                errors.Add(path.Of("feature"), $"this survey has no feature with the key '{Truncate(key)}'");
                return null;
            case JsonValueKind.Number when feature.TryGetInt64(out var featureId):
                if (questionnaire.KeysById.ContainsKey(featureId))
                {
                    return featureId;
                }

                errors.Add(path.Of("feature"), $"this survey has no feature with the id {featureId}");
                return null;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                errors.Add(path.Of("feature"), "is required: the feature's key or id");
                return null;
            default:
                errors.Add(path.Of("feature"), "must be the feature's key (a string) or id (an integer)");
                return null;
        }
    }

    private static Answer? ReadAnswer(AnswerToken? token, AnswerPath path, string field, AnswerParser reading, ValidationErrors errors)
    {
        var value = token ?? default;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (reading.TryParse(value.GetString(), out var answer))
                {
                    return answer;
                }

                errors.Add(path.Of(field), "must be " + reading.Expected);
                return null;
            case JsonValueKind.Number:
                if (value.TryGetInt32(out var position) && AnswerParser.TryFromPosition(position, out var byPosition))
                {
                    return byPosition;
                }

                errors.Add(path.Of(field), value.TryGetInt32(out _)
                    ? "must be a position from 1 to 5"
                    : "must be a whole number from 1 to 5 (or an answer code); fractions are not answers");
                return null;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                errors.Add(path.Of(field), "is required: it must be " + reading.Expected);
                return null;
            default:
                errors.Add(path.Of(field), "must be " + reading.Expected);
                return null;
        }
    }

    private static int? ReadScale(AnswerToken? token, AnswerPath path, string field, int max, ValidationErrors errors)
    {
        var value = token ?? default;
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var number) && number >= 1 && number <= max:
                return number;
            default:
                errors.Add(path.Of(field), $"must be a whole number from 1 to {max}");
                return null;
        }
    }

    /// <summary>
    /// A scale value from a CSV cell: a whole number 1..max as in JSON, or such a number followed by its label, as
    /// survey tools export scale answers ("3 - Somewhat important", "5 = Very satisfied", "1: Very dissatisfied"):
    /// the number, then spaces and/or one of - – — = : . ), then text beginning with a letter. Anything else after the
    /// number ("3 - 4", "3.5", "3x") is not a label and the cell is refused. <paramref name="labelled"/> says which.
    /// </summary>
    public static bool TryReadScale(string text, int max, out int value, out bool labelled)
    {
        labelled = false;
        var cell = text.AsSpan().Trim();
        var digits = 0;
        while (digits < cell.Length && char.IsAsciiDigit(cell[digits]))
        {
            digits++;
        }

        if (digits == 0 || !int.TryParse(cell[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1 || value > max)
        {
            value = 0;
            return false;
        }

        if (digits == cell.Length)
        {
            return true;
        }

        var rest = cell[digits..];
        var label = rest.TrimStart();
        var separated = label.Length < rest.Length;
        if (label.Length > 0 && label[0] is '-' or '\u2013' or '\u2014' or '=' or ':' or '.' or ')')
        {
            label = label[1..].TrimStart();
            separated = true;
        }

        labelled = separated && label.Length > 0 && char.IsLetter(label[0]);
        if (!labelled)
        {
            value = 0;
        }

        return labelled;
    }

    /// <summary>At most 60 characters of a value quoted back in a message, never cut between a surrogate pair.</summary>
    internal static string Truncate(string text) =>
        text.Length <= 60 ? text : text[..(char.IsHighSurrogate(text[59]) ? 59 : 60)] + "…";
}
