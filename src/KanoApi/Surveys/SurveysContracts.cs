namespace KanoApi.Surveys;

/// <summary>A Kano survey: the features it asks about and the respondents who answered.</summary>
/// <param name="Id" example="17">The survey id.</param>
/// <param name="Name" example="Checkout 2026">The survey's name.</param>
/// <param name="Description" example="Which checkout improvements do shoppers care about?">What the survey is for.</param>
/// <param name="Language" example="en">The questionnaire language, en or vi: the default language of its labels.</param>
/// <param name="Features" example="12">How many features the survey asks about.</param>
/// <param name="Respondents" example="607">How many respondents answered.</param>
/// <param name="CreatedAt">When the survey was created (UTC).</param>
/// <param name="UpdatedAt">When the survey itself was last changed (UTC).</param>
public sealed record Survey(
    long Id,
    string Name,
    string? Description,
    string Language,
    long Features,
    long Respondents,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A new survey.</summary>
/// <param name="Name" example="Checkout 2026">Required, at most 200 characters.</param>
/// <param name="Description" example="Which checkout improvements do shoppers care about?">Optional, at most 2000 characters.</param>
/// <param name="Language" example="en">en (default) or vi.</param>
public sealed record SurveyCreate(string? Name, string? Description, string? Language);

/// <summary>Changes to a survey: only the fields present (and not null) change; an empty description clears it.</summary>
/// <param name="Name" example="Checkout 2026 (wave 2)">At most 200 characters.</param>
/// <param name="Description" example="">At most 2000 characters; "" clears it.</param>
/// <param name="Language" example="vi">en or vi.</param>
public sealed record SurveyUpdate(string? Name, string? Description, string? Language);

/// <summary>A survey as stored; never sent to a client (see <see cref="Survey"/>).</summary>
internal sealed class SurveyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string Language { get; init; } = "en";
    public long Version { get; init; }
    public long Features { get; init; }
    public long Respondents { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public string ETag => Infrastructure.ETags.Of("survey", Id, Version, CreatedAt);
}
