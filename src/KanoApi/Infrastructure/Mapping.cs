using System.Text.Json;
using Kano.Analysis;
using KanoApi.Features;
using KanoApi.Responses;
using KanoApi.Surveys;
using Mapster;

namespace KanoApi.Infrastructure;

/// <summary>
/// Every row → contract map, in one place. RequireDestinationMemberSource makes a contract field without a
/// source a start-up error (and a test failure, MappingTests) instead of a silently empty field.
/// </summary>
public static class Mapping
{
    public static TypeAdapterConfig Register(TypeAdapterConfig config)
    {
        config.RequireDestinationMemberSource = true;

        config.NewConfig<SurveyRow, Survey>()
            .Map(survey => survey.Questionnaire, row => row.Questionnaire())
            .Map(survey => survey.CreatedAt, row => Clock.Parse(row.CreatedAt))
            .Map(survey => survey.UpdatedAt, row => Clock.Parse(row.UpdatedAt));

        config.NewConfig<FeatureRow, Feature>()
            .Map(feature => feature.CreatedAt, row => Clock.Parse(row.CreatedAt))
            .Map(feature => feature.UpdatedAt, row => Clock.Parse(row.UpdatedAt));

        config.NewConfig<AnswerRow, StoredAnswer>()
            .Map(answer => answer.Feature, row => row.FeatureKey)
            .Map(answer => answer.Functional, row => (Answer)row.Functional)
            .Map(answer => answer.Dysfunctional, row => (Answer)row.Dysfunctional)
            .Map(answer => answer.Importance, row => (int?)row.Importance)
            .Map(answer => answer.Satisfaction, row => (int?)row.Satisfaction)
            .Map(answer => answer.Expectation, row => (int?)row.Expectation)
            .Map(answer => answer.Perception, row => (int?)row.Perception);

        config.NewConfig<RespondentRow, StoredResponse>()
            .Map(response => response.RespondentId, row => row.RespondentKey)
            .Map(response => response.Segments, row => SegmentsOf(row.Segments))
            .Map(response => response.CreatedAt, row => Clock.Parse(row.CreatedAt))
            .Map(response => response.AnsweredAt, row => row.AnsweredAt == null ? (DateTimeOffset?)null : Clock.Parse(row.AnsweredAt));

        return config;
    }

    /// <summary>respondents.segments holds the segments object as sent (JSON), or NULL for none.</summary>
    private static IReadOnlyDictionary<string, string> SegmentsOf(string? json) =>
        json is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();

    /// <summary>
    /// The maps live in Mapster's process-wide configuration, so they are registered once per process: a second
    /// registration (a second host in the same process, as the tests start many) would change maps that another host
    /// may be using at that moment, which Mapster refuses ("TypeAdapter.Adapt was already called").
    /// </summary>
    private static readonly Lazy<TypeAdapterConfig> Registered = new(() => Register(TypeAdapterConfig.GlobalSettings), LazyThreadSafetyMode.ExecutionAndPublication);

    public static IServiceCollection AddKanoMapping(this IServiceCollection services)
    {
        _ = Registered.Value;
        return services;
    }
}
