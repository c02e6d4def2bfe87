using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Kano.Analysis;
using Kano.Analysis.ServiceQuality;
using KanoApi.Infrastructure;
using KanoApi.Features;

namespace KanoApi.Questionnaire;

/// <summary>
/// Builds the questionnaire one respondent sees, in one language: the one definition the API answers and the hosted
/// form renders, so the two can never ask different questions.
/// </summary>
internal static class QuestionnaireBuilder
{
    public static QuestionnaireDefinition Build(QuestionnaireSource source, Language language, string seed)
    {
        var survey = source.Survey;
        // A survey's own questions, intro and thank-you are stored in English and Vietnamese; another language shows the English ones.
        var vietnamese = language == Language.Vietnamese;
        var (wordingName, labels) = AnswerLabels(survey.AnswerWording, language, source.Wordings);
        var options = Enumerable.Range(1, 5)
            .Select(position => new AnswerOption(KanoNames.Code((Answer)position), position, labels[position - 1]))
            .ToArray();

        // A staff audience answers as a customer would: its questions ask about a customer, in place of the survey's
        // own, which speak to the customer (decision 0024).
        var staff = survey.StaffOf is not null;
        var features = Order(source.Features, survey.RandomizeOrder ? seed : null)
            .Select(feature =>
            {
                // The name respondents read in their language is also the one the default questions are built from.
                var name = (vietnamese ? feature.NameVi : null) ?? feature.Name;
                return new QuestionnaireFeature(
                    feature.Id,
                    feature.Key,
                    name,
                    (vietnamese ? feature.DescriptionVi : null) ?? feature.Description,
                    staff ? AudienceWording.StaffFunctionalQuestion(name, language)
                        : (vietnamese ? feature.FunctionalQuestionVi : feature.FunctionalQuestion)
                        ?? QuestionnaireWording.DefaultFunctionalQuestion(name, language),
                    staff ? AudienceWording.StaffDysfunctionalQuestion(name, language)
                        : (vietnamese ? feature.DysfunctionalQuestionVi : feature.DysfunctionalQuestion)
                        ?? QuestionnaireWording.DefaultDysfunctionalQuestion(name, language),
                    options,
                    survey.AskServiceQuality ? ServiceQuality(name, language) : null);
            })
            .ToArray();

        var importance = survey.AskImportance
            ? new QuestionnaireScale("importance", QuestionnaireWording.ImportanceQuestion(language), Points(QuestionnaireWording.ImportanceLabels(language)))
            : null;
        var satisfaction = survey.AskSatisfaction
            ? new QuestionnaireScale("satisfaction", QuestionnaireWording.SatisfactionQuestion(language), Points(QuestionnaireWording.SatisfactionLabels(language)))
            : null;

        var questionsPerFeature = 2 + (importance is null ? 0 : 1) + (satisfaction is null ? 0 : 1) + (survey.AskServiceQuality ? 2 : 0);
        return new QuestionnaireDefinition(
            survey.AddressId,
            language.Code,
            (vietnamese ? survey.TitleVi : survey.TitleEn) ?? survey.Name,
            (vietnamese ? survey.IntroVi : survey.IntroEn)
                ?? QuestionnaireWording.DefaultIntro(survey.AskedBy, features.Length, questionsPerFeature, language),
            (vietnamese ? survey.ThankYouVi : survey.ThankYouEn) ?? QuestionnaireWording.DefaultThankYou(language),
            wordingName,
            survey.RandomizeOrder,
            seed,
            features,
            importance,
            satisfaction,
            new QuestionnaireSubmission(
                "POST",
                $"/v1/surveys/{survey.AddressId}/responses" + (staff ? $"?{Audiences.StaffAudience.QueryName}={Audiences.StaffAudience.Staff}" : ""),
                "application/json",
                new SubmissionTemplate(seed, features.Select(feature => new AnswerTemplate(feature.Key, null, null, null, null)).ToArray())),
            survey.FeaturesPerStep,
            QuestionnaireWording.EstimatedMinutes(features.Length, questionsPerFeature));
    }

    /// <summary>SERVQUAL's two statements about the feature, each on the 7-point agreement scale.</summary>
    private static ServiceQualityItems ServiceQuality(string name, Language language)
    {
        var points = Points(QuestionnaireWording.AgreementLabels(language));
        return new ServiceQualityItems(
            QuestionnaireWording.ServiceQualityInstruction(language),
            new QuestionnaireScale("expectation", QuestionnaireWording.ExpectationStatement(name, language), points),
            new QuestionnaireScale("perception", QuestionnaireWording.PerceptionStatement(name, language), points));
    }

    /// <summary>A new seed for a respondent who brought none: random, so each gets an order of their own.</summary>
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// The features in a seed's order (the method: randomise feature order between respondents), or in creation order
    /// without a seed. Each feature's place comes from a hash of the seed and the feature's id, so a seed always gives
    /// the same order, and adding a feature does not reshuffle the others relative to each other.
    /// </summary>
    public static IEnumerable<FeatureRow> Order(IReadOnlyList<FeatureRow> features, string? seed) =>
        seed is null
            ? features
            : features.OrderBy(feature => Rank(seed, feature.Id)).ThenBy(feature => feature.Id);

    private static ulong Rank(string seed, long featureId) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{featureId}")));

    /// <summary>
    /// The five answer labels in this language and the name of the set they come from. English sets serve English,
    /// "vietnamese" serves Vietnamese; a set of the other language falls back to that language's own (modern or
    /// vietnamese); any further language shows its own default answers (KanoTexts "Answer.1"…"Answer.5"), named by its tag. "survey" takes the survey's own wordings (the first of each answer), the language's set where one is missing.
    /// </summary>
    public static (string Name, IReadOnlyList<string> Labels) AnswerLabels(string chosen, Language language, IReadOnlyList<KeyValuePair<Answer, string>> ownWordings)
    {
        var (fallbackName, fallback) = language == Language.Vietnamese ? ("vietnamese", AnswerWordings.Vietnamese)
            : language == Language.English ? ("modern", AnswerWordings.Modern)
            : (language.Code, QuestionnaireWording.DefaultAnswers(language));
        if (chosen == "survey")
        {
            return ("survey", Enumerable.Range(1, 5)
                .Select(position => ownWordings.FirstOrDefault(pair => (int)pair.Key == position).Value ?? fallback[position - 1])
                .ToArray());
        }

        var chosenLanguage = chosen == "vietnamese" ? Language.Vietnamese : Language.English;
        return chosenLanguage == language && AnswerWordings.All.TryGetValue(chosen, out var set)
            ? (chosen, set)
            : (fallbackName, fallback);
    }

    /// <summary>The strong ETag of one questionnaire: survey settings, features and wordings, language and seed.</summary>
    public static string ETagOf(SurveyRowVersion survey, Language language, string seed, bool seedMatters) =>
        ETags.Of(
            $"questionnaire-{language.Code}-d{survey.DataVersion}-{(seedMatters ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..12] : "creation-order")}",
            survey.Id, survey.Version, survey.CreatedAt);

    private static ScalePoint[] Points(IReadOnlyList<string> labels) =>
        labels.Select((label, index) => new ScalePoint(index + 1, label)).ToArray();
}

/// <summary>The parts of a survey row that version its questionnaire.</summary>
internal readonly record struct SurveyRowVersion(long Id, long Version, long DataVersion, string CreatedAt);
