using KanoApi.Features;
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
            .Map(survey => survey.CreatedAt, row => Clock.Parse(row.CreatedAt))
            .Map(survey => survey.UpdatedAt, row => Clock.Parse(row.UpdatedAt));

        config.NewConfig<FeatureRow, Feature>()
            .Map(feature => feature.CreatedAt, row => Clock.Parse(row.CreatedAt))
            .Map(feature => feature.UpdatedAt, row => Clock.Parse(row.UpdatedAt));

        return config;
    }

    public static IServiceCollection AddKanoMapping(this IServiceCollection services)
    {
        Register(TypeAdapterConfig.GlobalSettings);
        return services;
    }
}
