using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using KanoApi.Questionnaire;
using Microsoft.AspNetCore.DataProtection;

namespace KanoApi.Forms;

/// <summary>
/// The answers of a form asked step by step (<see cref="QuestionnaireDefinition.FeaturesPerStep"/>), carried by the
/// page itself from step to step: nothing is stored until the last step is sent (decision 0026). The earlier steps'
/// answers and the step number travel in one hidden field sealed with ASP.NET Core Data Protection, as the
/// respondent's ticket is (<see cref="FormRespondents"/>), bound to the link, the respondent and an expiry: the page
/// cannot change an earlier answer, skip a step or carry another respondent's answers without the seal failing.
/// </summary>
public sealed class FormSteps(IDataProtectionProvider provider)
{
    public const string Purpose = "KanoApi.Form.Steps";

    /// <summary>The hidden field that carries the sealed state.</summary>
    public const string Field = "steps";

    /// <summary>
    /// The longest sealed state read: 200 features with four answers each seal to well under this, so anything longer
    /// was not made here, and is refused before the work of unsealing it (the page is public).
    /// </summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The longest answer value kept between steps: every answer code and scale point is far shorter.</summary>
    public const int MaxValueLength = 16;

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>The state of step <paramref name="step"/> with the answers given so far, sealed for the page.</summary>
    public string Seal(long linkId, string respondentId, int step, IReadOnlyDictionary<string, string> answers)
    {
        var kept = answers.Where(pair => pair.Value.Length is > 0 and <= MaxValueLength)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var payload = JsonSerializer.Serialize(new SealedSteps(linkId.ToString(CultureInfo.InvariantCulture), respondentId, step, kept));
        return protector.Protect(payload, DateTimeOffset.UtcNow + FormRespondents.Lifetime);
    }

    /// <summary>
    /// The step and answers a sealed state carries when this service sealed it for this link and respondent and it
    /// has not expired; null for anything else (missing, too long, altered, expired, another link's or respondent's).
    /// </summary>
    public FormStepState? Open(string? sealedState, long linkId, string respondentId)
    {
        if (string.IsNullOrEmpty(sealedState) || sealedState.Length > MaxLength)
        {
            return null;
        }

        SealedSteps? state;
        try
        {
            state = JsonSerializer.Deserialize<SealedSteps>(protector.Unprotect(sealedState, out _));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or FormatException)
        {
            return null;
        }

        return state is { Answers: not null, Step: >= 0 }
            && state.Link == linkId.ToString(CultureInfo.InvariantCulture) && state.Respondent == respondentId
            ? new FormStepState(state.Step, state.Answers)
            : null;
    }

    private sealed record SealedSteps(string Link, string Respondent, int Step, Dictionary<string, string>? Answers);
}

/// <summary>The step a respondent is on and the answers they gave so far.</summary>
public sealed record FormStepState(int Step, IReadOnlyDictionary<string, string> Answers);

/// <summary>One step of the form: which features it asks, and where it stands among the steps.</summary>
/// <param name="Index">The step, from 0.</param>
/// <param name="Count">How many steps the form has; 1 when it asks every feature on one page.</param>
/// <param name="FirstNumber">The number of the step's first feature among all, from 1 (for "Feature 4 of 10").</param>
/// <param name="Features">The features this step asks.</param>
public sealed record FormStep(int Index, int Count, int FirstNumber, IReadOnlyList<QuestionnaireFeature> Features)
{
    public bool IsLast => Index == Count - 1;

    /// <summary>Whether the form is asked in steps at all.</summary>
    public bool Stepped => Count > 1;

    /// <summary>Step <paramref name="index"/> (clamped to the steps there are) of a questionnaire.</summary>
    public static FormStep Of(QuestionnaireDefinition questionnaire, int index)
    {
        var features = questionnaire.Features;
        var perStep = questionnaire.FeaturesPerStep is > 0 and var n && n < features.Count ? n : Math.Max(1, features.Count);
        var count = (features.Count + perStep - 1) / perStep;
        var clamped = Math.Clamp(index, 0, Math.Max(0, count - 1));
        return new FormStep(clamped, Math.Max(1, count), clamped * perStep + 1, features.Skip(clamped * perStep).Take(perStep).ToArray());
    }

    /// <summary>The step of a questionnaire that asks the feature with this key.</summary>
    public static FormStep Asking(QuestionnaireDefinition questionnaire, string featureKey)
    {
        var first = Of(questionnaire, 0);
        var position = questionnaire.Features.ToList().FindIndex(feature => feature.Key == featureKey);
        return Of(questionnaire, Math.Max(0, position) / Math.Max(1, first.Features.Count));
    }
}
