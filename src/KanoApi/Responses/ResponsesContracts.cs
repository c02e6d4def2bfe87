using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Kano.Analysis;

namespace KanoApi.Responses;

/// <summary>One respondent's answers.</summary>
/// <param name="RespondentId" example="r-1042">Optional (generated when absent), at most 100 characters; unique in the survey.</param>
/// <param name="Wave" example="2026-Q4">Optional survey wave, at most 50 characters, for filtering the analysis.</param>
/// <param name="Segments">Optional segment name → value (at most 20; names 50, values 100 characters), e.g. { "plan": "enterprise" }.</param>
/// <param name="Answers">One answer per feature (at most 200), each feature at most once.</param>
/// <param name="AnsweredAt" example="2026-11-03T09:04:40+07:00">Optional: when the respondent answered (RFC 3339 with its offset; stored in UTC), e.g. the time your own form recorded; not in the future, not before 1970. Unknown when absent.</param>
public sealed record ResponseSubmission(
    string? RespondentId,
    string? Wave,
    IReadOnlyDictionary<string, string>? Segments,
    [property: Required] IReadOnlyList<SubmittedAnswer?>? Answers,
    DateTimeOffset? AnsweredAt = null);

/// <summary>A respondent's answer about one feature.</summary>
/// <param name="Feature" example="fast-checkout">The feature's key (string) or id (integer).</param>
/// <param name="Functional" example="like">If the product has the feature: like, must-be, neutral, live-with, dislike (aliases expect, tolerate), an answer wording, or the position 1-5 as an integer.</param>
/// <param name="Dysfunctional" example="dislike">If the product does not have the feature; the same values as functional.</param>
/// <param name="Importance" example="8">Optional self-stated importance, an integer 1-9.</param>
/// <param name="Satisfaction" example="3">Optional satisfaction with today's service, an integer 1-5.</param>
/// <param name="Expectation" example="6">Optional SERVQUAL expectation, an integer 1-7: how far the respondent agrees that a service like this should perform well on the feature (1 = strongly disagree, 7 = strongly agree).</param>
/// <param name="Perception" example="4">Optional SERVQUAL perception, an integer 1-7: how far the respondent agrees that this service does (1 = strongly disagree, 7 = strongly agree).</param>
public sealed record SubmittedAnswer(
    AnswerToken? Feature,
    AnswerToken? Functional,
    AnswerToken? Dysfunctional,
    AnswerToken? Importance,
    AnswerToken? Satisfaction,
    AnswerToken? Expectation = null,
    AnswerToken? Perception = null);

/// <summary>Many respondents, stored all together or not at all.</summary>
/// <param name="Responses">At most 1000 responses.</param>
public sealed record ResponseBatch([property: Required] IReadOnlyList<ResponseSubmission?>? Responses);

/// <summary>How many respondents a batch or an import stored.</summary>
/// <param name="Stored" example="250">The number of respondents stored.</param>
/// <param name="Notes">Import only, and only when there is something to say: how the file was read where that may surprise (a semicolon- or tab-separated file; scale cells read by their leading number, "3 - Somewhat important" as 3).</param>
public sealed record StoredCount(
    int Stored,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? Notes = null);

/// <summary>A respondent's stored answers.</summary>
/// <param name="RespondentId" example="r-1042">The respondent id, unique in the survey.</param>
/// <param name="Wave" example="2026-Q4">The survey wave, if given.</param>
/// <param name="Segments">Segment name → value.</param>
/// <param name="Answers">The answers, one per feature.</param>
/// <param name="CreatedAt">When the response was stored (UTC).</param>
/// <param name="AnsweredAt" example="2026-11-03T02:04:40.0000000+00:00">When the respondent answered (UTC), as the JSON response's answeredAt or an imported export's timestamp column said; null when unknown.</param>
public sealed record StoredResponse(
    string RespondentId,
    string? Wave,
    IReadOnlyDictionary<string, string> Segments,
    IReadOnlyList<StoredAnswer> Answers,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt);

/// <summary>A stored answer about one feature, with answers as codes.</summary>
/// <param name="Feature" example="fast-checkout">The feature's key.</param>
/// <param name="FeatureId" example="3">The feature's id.</param>
/// <param name="Functional" example="like">The functional answer.</param>
/// <param name="Dysfunctional" example="dislike">The dysfunctional answer.</param>
/// <param name="Importance" example="8">Self-stated importance 1-9, if given.</param>
/// <param name="Satisfaction" example="3">Satisfaction 1-5, if given.</param>
/// <param name="Expectation" example="6">SERVQUAL expectation 1-7, if given.</param>
/// <param name="Perception" example="4">SERVQUAL perception 1-7, if given.</param>
public sealed record StoredAnswer(
    string Feature, long FeatureId, Answer Functional, Answer Dysfunctional, int? Importance, int? Satisfaction, int? Expectation, int? Perception);

/// <summary>A respondent as stored; never sent to a client (see <see cref="StoredResponse"/>).</summary>
internal sealed class RespondentRow
{
    public long Id { get; init; }
    public string RespondentKey { get; init; } = "";
    public string? Wave { get; init; }
    public string? Segments { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? AnsweredAt { get; init; }
    public List<AnswerRow> Answers { get; } = [];
}

/// <summary>An answer as stored, with its feature's key.</summary>
internal sealed class AnswerRow
{
    public long RespondentId { get; init; }
    public long FeatureId { get; init; }
    public string FeatureKey { get; init; } = "";
    public long Functional { get; init; }
    public long Dysfunctional { get; init; }
    public long? Importance { get; init; }
    public long? Satisfaction { get; init; }
    public long? Expectation { get; init; }
    public long? Perception { get; init; }
}
