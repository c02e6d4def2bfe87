namespace KanoApi.Links;

/// <summary>A new link to a survey for people without an API key.</summary>
/// <param name="Kind" example="form">form (the hosted questionnaire at /f/{token}, the default) or report (the read-only report at /r/{token}).</param>
/// <param name="Name" example="Newsletter, December">What the link is for; up to 200 characters.</param>
/// <param name="ExpiresAt">Optional: from this moment (UTC) the link answers 404. Must lie in the future.</param>
/// <param name="MaxResponses" example="500">Optional, form links only: after this many responses through the link it answers 404.</param>
/// <param name="Wave" example="2026-Q4">Optional, form links only: the wave every response through the link is filed under.</param>
/// <param name="Segments">Optional, form links only: segment name → value given to every response through the link, e.g. { "channel": "newsletter" }.</param>
/// <param name="Audience" example="customers">Optional, form links only: customers (the default) or staff, who answer as they believe customers would ("How would a customer feel if…"); their answers go to the survey's staff audience, never into the customer analysis.</param>
public sealed record CreateLink(
    string? Kind,
    string? Name,
    DateTimeOffset? ExpiresAt,
    int? MaxResponses,
    string? Wave,
    IReadOnlyDictionary<string, string>? Segments,
    string? Audience = null);

/// <summary>A new link with its public URL, shown this once: only the token's hash is stored.</summary>
/// <param name="Id" example="4">The link's id, for revoking it.</param>
/// <param name="Kind" example="form">form or report.</param>
/// <param name="Url" example="https://kano.example.com/f/3hV9c1Qw0sXl8mZr2yTbN6aKfPu4eJdG7iHoWq5tY1A">The public address to send people. Store it now: it cannot be shown again.</param>
/// <param name="Prefix" example="3hV9c1Qw">The token's first characters, which lists show to tell links apart.</param>
/// <param name="Name" example="Newsletter, December">What the link is for.</param>
/// <param name="ExpiresAt">When the link stops working (UTC); null for never.</param>
/// <param name="MaxResponses" example="500">How many responses the link accepts; null for no limit.</param>
/// <param name="Wave" example="2026-Q4">The wave responses through the link are filed under.</param>
/// <param name="Segments">The segments responses through the link are given.</param>
/// <param name="CreatedAt">When the link was made (UTC).</param>
/// <param name="Audience" example="customers">customers, or staff for a link whose answers go to the staff audience.</param>
public sealed record CreatedLink(
    long Id,
    string Kind,
    string Url,
    string Prefix,
    string? Name,
    DateTimeOffset? ExpiresAt,
    int? MaxResponses,
    string? Wave,
    IReadOnlyDictionary<string, string>? Segments,
    DateTimeOffset CreatedAt,
    string Audience);

/// <summary>A link as lists show it: never its token or URL.</summary>
/// <param name="Id" example="4">The link's id.</param>
/// <param name="Kind" example="form">form or report.</param>
/// <param name="Prefix" example="3hV9c1Qw">The token's first characters.</param>
/// <param name="Name" example="Newsletter, December">What the link is for.</param>
/// <param name="State" example="active">active, expired, full (its maximum of responses reached) or revoked.</param>
/// <param name="ExpiresAt">When the link stops working (UTC); null for never.</param>
/// <param name="MaxResponses" example="500">How many responses the link accepts; null for no limit.</param>
/// <param name="Responses" example="37">How many responses were stored through the link.</param>
/// <param name="Wave" example="2026-Q4">The wave responses through the link are filed under.</param>
/// <param name="Segments">The segments responses through the link are given.</param>
/// <param name="CreatedAt">When the link was made (UTC).</param>
/// <param name="RevokedAt">When the link was revoked (UTC); null while it is not.</param>
/// <param name="Audience" example="customers">customers, or staff for a link whose answers go to the staff audience.</param>
public sealed record LinkSummary(
    long Id,
    string Kind,
    string Prefix,
    string? Name,
    string State,
    DateTimeOffset? ExpiresAt,
    int? MaxResponses,
    int Responses,
    string? Wave,
    IReadOnlyDictionary<string, string>? Segments,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    string Audience);
