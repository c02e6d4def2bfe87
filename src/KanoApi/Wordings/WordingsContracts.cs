using System.Text.Json.Serialization;

namespace KanoApi.Wordings;

/// <summary>
/// Extra answer wordings this survey's imports accept, on top of the codes, positions 1-5 and the built-in wording
/// sets, per answer. Matched trimmed and ignoring case. A wording may mean only one answer.
/// </summary>
/// <param name="Like" example="[&quot;Love it&quot;]">Wordings that mean like (position 1).</param>
/// <param name="MustBe" example="[&quot;Obviously&quot;]">Wordings that mean must-be (position 2).</param>
/// <param name="Neutral" example="[&quot;Don't care&quot;]">Wordings that mean neutral (position 3).</param>
/// <param name="LiveWith" example="[&quot;Could cope&quot;]">Wordings that mean live-with (position 4).</param>
/// <param name="Dislike" example="[&quot;Hate it&quot;]">Wordings that mean dislike (position 5).</param>
public sealed record SurveyWordings(
    [property: JsonPropertyName("like")] IReadOnlyList<string>? Like,
    [property: JsonPropertyName("must-be")] IReadOnlyList<string>? MustBe,
    [property: JsonPropertyName("neutral")] IReadOnlyList<string>? Neutral,
    [property: JsonPropertyName("live-with")] IReadOnlyList<string>? LiveWith,
    [property: JsonPropertyName("dislike")] IReadOnlyList<string>? Dislike);
