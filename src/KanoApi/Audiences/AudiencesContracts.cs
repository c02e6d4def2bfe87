using Kano.Analysis;
using Kano.Analysis.ServiceQuality;
using KanoApi.Analysis;

namespace KanoApi.Audiences;

/// <summary>
/// Customers against staff answering as they believe customers would (issue 21, gap 1): per feature, each audience's
/// code, Better and Worse, the tests between them and the expectation means; then the blind spots, costliest first.
/// </summary>
/// <param name="SurveyId" example="42">The customer survey.</param>
/// <param name="CustomerRespondents" example="120">Customer respondents (after the request's filters).</param>
/// <param name="StaffRespondents" example="18">Staff respondents (after the same filters); 0 before any staff answered.</param>
/// <param name="Features">Every feature of the survey, in the analysis's order.</param>
/// <param name="BlindSpots">The features whose codes show a named misjudgement: basic-thought-optional first, then delight-customers-ignore.</param>
public sealed record AudiencesResponse(
    long SurveyId,
    long CustomerRespondents,
    long StaffRespondents,
    IReadOnlyList<FeatureAudiencesResponse> Features,
    IReadOnlyList<BlindSpotResponse> BlindSpots);

/// <summary>
/// One feature seen by both audiences. The tests are those between waves (method §7a), customers → staff: Pearson's
/// chi-square of the A/O/M/I/R/Q counts with p after Holm's correction across features, and the differences of Better
/// and Worse (staff minus customers) with pooled two-proportion z-test p-values, also Holm-corrected across features.
/// p-values keep four significant digits.
/// </summary>
/// <param name="FeatureId" example="7">The survey's feature id.</param>
/// <param name="Key" example="offline-mode">The feature's key.</param>
/// <param name="Name" example="Offline mode">The feature's name.</param>
/// <param name="Customers">The customers' view of the feature.</param>
/// <param name="Staff">The staff's view of the feature (as they believe customers see it).</param>
/// <param name="ChiSquare" example="12.4">Pearson's chi-square of the two audiences' code counts; null when an audience has no answers.</param>
/// <param name="Df" example="3">Its degrees of freedom.</param>
/// <param name="P" example="0.006123">Its p-value.</param>
/// <param name="PHolm" example="0.03062">Its p-value after Holm's correction across the features.</param>
/// <param name="BetterDifference" example="0.25">Better of staff minus Better of customers.</param>
/// <param name="BetterP" example="0.01">The pooled two-proportion z-test of Better.</param>
/// <param name="BetterPHolm" example="0.05">That p after Holm's correction across the features.</param>
/// <param name="WorseDifference" example="0.4">Worse of staff minus Worse of customers (positive: staff think its absence less harmful).</param>
/// <param name="WorseP" example="0.001">The pooled two-proportion z-test of Worse.</param>
/// <param name="WorsePHolm" example="0.005">That p after Holm's correction across the features.</param>
/// <param name="Movement" example="M→I">The customers' code → the staff's code when they differ.</param>
/// <param name="Warnings">approximate-chi-square when an expected count is below 5.</param>
/// <param name="CustomersExpectation" example="6.2">The customers' mean SERVQUAL expectation (1-7); null when none answered it, and whenever a filter is given.</param>
/// <param name="CustomersExpectationN" example="10">Customer answers to the expectation scale (0 with a filter).</param>
/// <param name="StaffExpectation" example="4">The staff's mean expectation (1-7), as for customers.</param>
/// <param name="StaffExpectationN" example="10">Staff answers to the expectation scale.</param>
/// <param name="ExpectationDifference" example="-2.2">Staff minus customers (negative: staff expect less than customers do); null unless both have a mean.</param>
/// <param name="BlindSpot">basic-thought-optional or delight-customers-ignore; null for neither.</param>
public sealed record FeatureAudiencesResponse(
    long FeatureId,
    string Key,
    string Name,
    AudienceFeatureResponse Customers,
    AudienceFeatureResponse Staff,
    double? ChiSquare,
    int? Df,
    double? P,
    double? PHolm,
    double? BetterDifference,
    double? BetterP,
    double? BetterPHolm,
    double? WorseDifference,
    double? WorseP,
    double? WorsePHolm,
    string? Movement,
    double? CustomersExpectation,
    long CustomersExpectationN,
    double? StaffExpectation,
    long StaffExpectationN,
    double? ExpectationDifference,
    string? BlindSpot,
    IReadOnlyList<WarningResponse> Warnings);

/// <summary>One audience's view of a feature: answers, counts, decided code and category, Better and Worse with their 95 % Wilson intervals (flat, as the CSV has them).</summary>
/// <param name="N" example="120">Answers to the feature from this audience.</param>
/// <param name="Counts">Answers per code A, O, M, I, R, Q.</param>
/// <param name="Code" example="M">Null when this audience has not answered the feature.</param>
/// <param name="Category" example="basic">The category of the code.</param>
/// <param name="Label" example="Basic">The category in the answer's language.</param>
/// <param name="Better" example="0.2">Better (CS+).</param>
/// <param name="Worse" example="-0.75">Worse (CS−).</param>
/// <param name="BetterLow" example="0.07">Low end of Better's 95 % Wilson interval; null without answers.</param>
/// <param name="BetterHigh" example="0.45">High end of Better's interval.</param>
/// <param name="WorseLow" example="-0.93">Low (more negative) end of Worse's 95 % Wilson interval; null without answers.</param>
/// <param name="WorseHigh" example="-0.46">High end of Worse's interval.</param>
public sealed record AudienceFeatureResponse(
    long N,
    IReadOnlyDictionary<string, long> Counts,
    string? Code,
    string? Category,
    string? Label,
    double? Better,
    double? Worse,
    double? BetterLow,
    double? BetterHigh,
    double? WorseLow,
    double? WorseHigh);

/// <summary>A named misjudgement, with its sentence in the answer's language.</summary>
/// <param name="FeatureId" example="7">The survey's feature id.</param>
/// <param name="Key" example="offline-mode">The feature's key.</param>
/// <param name="Name" example="Offline mode">The feature's name.</param>
/// <param name="Kind" example="basic-thought-optional">basic-thought-optional (customers hold a basic need that staff think optional: the costliest) or delight-customers-ignore (staff expect delight where customers are indifferent: money spent for nothing).</param>
/// <param name="Settled" example="true">Whether the audiences' code distributions differ at the 5 % level after Holm's correction; an unsettled blind spot is a lead to check with more answers.</param>
/// <param name="Text" example="Customers hold Offline mode as a basic need, but staff think it optional (Indifferent): the costliest misjudgement, because customers will be dissatisfied without it.">The plain sentence.</param>
public sealed record BlindSpotResponse(long FeatureId, string Key, string Name, string Kind, bool Settled, string Text);

internal static class AudiencesMapping
{
    public static AudiencesResponse ToResponse(
        long surveyId, long customers, long staff, IReadOnlyList<FeatureAudiences> features, Language language, Precision precision) => new(
        surveyId,
        customers,
        staff,
        features.Select(feature => new FeatureAudiencesResponse(
            feature.FeatureId,
            feature.Key,
            feature.Name,
            Side(feature.Customers, language, precision),
            Side(feature.Staff, language, precision),
            Reported.Round(feature.Difference.ChiSquare?.Statistic, 3, precision),
            feature.Difference.ChiSquare?.Df,
            WaveMapping.Significant(feature.Difference.ChiSquare?.P, precision),
            WaveMapping.Significant(feature.Difference.PHolm, precision),
            Reported.Round(feature.Difference.BetterChange, 3, precision),
            WaveMapping.Significant(feature.Difference.BetterP, precision),
            WaveMapping.Significant(feature.BetterPHolm, precision),
            Reported.Round(feature.Difference.WorseChange, 3, precision),
            WaveMapping.Significant(feature.Difference.WorseP, precision),
            WaveMapping.Significant(feature.WorsePHolm, precision),
            feature.Difference.Movement,
            Reported.Round(feature.Expectation?.Customers, 2, precision),
            feature.Expectation?.CustomersN ?? 0,
            Reported.Round(feature.Expectation?.Staff, 2, precision),
            feature.Expectation?.StaffN ?? 0,
            Reported.Round(feature.Expectation?.Difference, 2, precision),
            feature.BlindSpot?.Name,
            feature.Difference.Warnings.Select(warning => new WarningResponse(warning.Code, warning.Message(language))).ToArray()))
            .ToArray(),
        AudienceComparison.BlindSpots(features)
            .Select(feature => new BlindSpotResponse(
                feature.FeatureId, feature.Key, feature.Name, feature.BlindSpot!.Name, feature.BlindSpot.Settled, feature.BlindSpot.Sentence.In(language)))
            .ToArray());

    private static AudienceFeatureResponse Side(FeatureAnalysis analysis, Language language, Precision precision) => new(
        analysis.N,
        analysis.Counts.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
        analysis.Code?.ToString(),
        analysis.Category is { } category ? KanoNames.Name(category) : null,
        analysis.Label(language),
        Reported.Round(analysis.Better, 3, precision),
        Reported.Round(analysis.Worse, 3, precision),
        Reported.Round(analysis.BetterInterval?.Low, 3, precision),
        Reported.Round(analysis.BetterInterval?.High, 3, precision),
        Reported.Round(analysis.WorseInterval?.Low, 3, precision),
        Reported.Round(analysis.WorseInterval?.High, 3, precision));
}
