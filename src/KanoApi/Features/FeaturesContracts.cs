using System.ComponentModel.DataAnnotations;

namespace KanoApi.Features;

/// <summary>A feature a survey asks about: one functional and one dysfunctional question.</summary>
/// <param name="Id" example="3">The feature id.</param>
/// <param name="Key" example="fast-checkout">A slug, unique in the survey ignoring letter case and stored in lower case: the name of its CSV columns.</param>
/// <param name="Name" example="One-click checkout">The feature's name.</param>
/// <param name="Description" example="Pay with a saved card in one click.">What the feature is.</param>
/// <param name="FunctionalQuestion" example="If checkout takes one click, how do you feel?">The English functional question; null when the questionnaire asks the default one built from the name.</param>
/// <param name="DysfunctionalQuestion" example="If checkout does not take one click, how do you feel?">The English dysfunctional question; null for the default.</param>
/// <param name="FunctionalQuestionVi" example="Nếu thanh toán chỉ cần một lần bấm, bạn cảm thấy thế nào?">The Vietnamese functional question; null for the default.</param>
/// <param name="DysfunctionalQuestionVi" example="Nếu thanh toán không chỉ cần một lần bấm, bạn cảm thấy thế nào?">The Vietnamese dysfunctional question; null for the default.</param>
/// <param name="Effort" example="5">The estimated cost of building it, in any unit used consistently (0.01 to 1000000); the backlog weighs it.</param>
/// <param name="NameVi" example="Thanh toán một chạm">The name Vietnamese respondents read; null for the name.</param>
/// <param name="DescriptionVi" example="Thanh toán bằng thẻ đã lưu chỉ với một lần bấm.">The description Vietnamese respondents read; null for the description.</param>
/// <param name="Dimension" example="reliability">The SERVQUAL dimension the feature belongs to — reliability (performing the promised service dependably and accurately), responsiveness (willingness to help, prompt service), assurance (knowledge, courtesy, trust), empathy (caring, individual attention) or tangibles (facilities, equipment, appearance) — or null when untagged; the analysis rolls features up per dimension.</param>
/// <param name="CreatedAt">When the feature was created (UTC).</param>
/// <param name="UpdatedAt">When the feature was last changed (UTC).</param>
public sealed record Feature(
    long Id,
    string Key,
    string Name,
    string? Description,
    string? FunctionalQuestion,
    string? DysfunctionalQuestion,
    string? FunctionalQuestionVi,
    string? DysfunctionalQuestionVi,
    double? Effort,
    string? NameVi,
    string? DescriptionVi,
    string? Dimension,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A new feature.</summary>
/// <param name="Key" example="fast-checkout">Required: letters a-z, digits and single hyphens (at most 64 characters, not all digits), unique in the survey ignoring letter case; stored in lower case.</param>
/// <param name="Name" example="One-click checkout">Required, at most 200 characters.</param>
/// <param name="Description" example="Pay with a saved card in one click.">Optional, at most 2000 characters.</param>
/// <param name="FunctionalQuestion" example="If checkout takes one click, how do you feel?">Optional English question, at most 500 characters; without it the questionnaire asks "How would you feel if {name} were available?".</param>
/// <param name="DysfunctionalQuestion" example="If checkout does not take one click, how do you feel?">Optional English question, at most 500 characters; default "How would you feel if {name} were not available?".</param>
/// <param name="FunctionalQuestionVi" example="Nếu thanh toán chỉ cần một lần bấm, bạn cảm thấy thế nào?">Optional Vietnamese question, at most 500 characters; default "Nếu sản phẩm có {name}, bạn cảm thấy thế nào?".</param>
/// <param name="DysfunctionalQuestionVi" example="Nếu thanh toán không chỉ cần một lần bấm, bạn cảm thấy thế nào?">Optional Vietnamese question, at most 500 characters; default "Nếu sản phẩm không có {name}, bạn cảm thấy thế nào?".</param>
/// <param name="Effort" example="5">Optional, from 0.01 to 1000000.</param>
/// <param name="NameVi" example="Thanh toán một chạm">Optional name for Vietnamese respondents (form and questionnaire, also in the default questions), at most 200 characters; without it they read the name.</param>
/// <param name="DescriptionVi" example="Thanh toán bằng thẻ đã lưu chỉ với một lần bấm.">Optional description for Vietnamese respondents, at most 2000 characters.</param>
/// <param name="Dimension" example="reliability">Optional SERVQUAL dimension: reliability, responsiveness, assurance, empathy or tangibles (any letter case; stored in lower case); null or absent for none.</param>
public sealed record FeatureCreate(
    [property: Required] string? Key,
    [property: Required] string? Name,
    string? Description,
    string? FunctionalQuestion,
    string? DysfunctionalQuestion,
    string? FunctionalQuestionVi,
    string? DysfunctionalQuestionVi,
    double? Effort,
    string? NameVi = null,
    string? DescriptionVi = null,
    string? Dimension = null);

/// <summary>Changes to a feature: only the fields present (and not null) change; "" clears a text field.</summary>
/// <param name="Key" example="one-click-checkout">A new key (renames the feature's CSV columns).</param>
/// <param name="Name" example="One-click checkout">At most 200 characters.</param>
/// <param name="Description" example="">At most 2000 characters; "" clears it.</param>
/// <param name="FunctionalQuestion" example="If checkout takes one click, how do you feel?">The English question, at most 500 characters; "" clears it (back to the default).</param>
/// <param name="DysfunctionalQuestion" example="If checkout does not take one click, how do you feel?">The English question, at most 500 characters; "" clears it.</param>
/// <param name="FunctionalQuestionVi" example="Nếu thanh toán chỉ cần một lần bấm, bạn cảm thấy thế nào?">The Vietnamese question, at most 500 characters; "" clears it.</param>
/// <param name="DysfunctionalQuestionVi" example="Nếu thanh toán không chỉ cần một lần bấm, bạn cảm thấy thế nào?">The Vietnamese question, at most 500 characters; "" clears it.</param>
/// <param name="Effort" example="8">From 0.01 to 1000000.</param>
/// <param name="NameVi" example="Thanh toán một chạm">The name for Vietnamese respondents, at most 200 characters; "" clears it (back to the name).</param>
/// <param name="DescriptionVi" example="Thanh toán bằng thẻ đã lưu chỉ với một lần bấm.">The description for Vietnamese respondents, at most 2000 characters; "" clears it.</param>
/// <param name="Dimension" example="responsiveness">A SERVQUAL dimension: reliability, responsiveness, assurance, empathy or tangibles; "" clears it.</param>
public sealed record FeatureUpdate(
    string? Key,
    string? Name,
    string? Description,
    string? FunctionalQuestion,
    string? DysfunctionalQuestion,
    string? FunctionalQuestionVi,
    string? DysfunctionalQuestionVi,
    double? Effort,
    string? NameVi = null,
    string? DescriptionVi = null,
    string? Dimension = null);

/// <summary>A feature as stored; never sent to a client (see <see cref="Feature"/>).</summary>
internal sealed class FeatureRow
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? FunctionalQuestion { get; init; }
    public string? DysfunctionalQuestion { get; init; }
    public string? FunctionalQuestionVi { get; init; }
    public string? DysfunctionalQuestionVi { get; init; }
    public double? Effort { get; init; }
    public string? NameVi { get; init; }
    public string? DescriptionVi { get; init; }
    public string? Dimension { get; init; }
    public long Version { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public string ETag => Infrastructure.ETags.Of("feature", Id, Version, CreatedAt);
}
