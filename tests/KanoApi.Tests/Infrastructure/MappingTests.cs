using KanoApi.Infrastructure;
using Mapster;

namespace KanoApi.Tests.Infrastructure;

public sealed class MappingTests
{
    [Fact]
    public void EveryMapCompilesAndEveryContractFieldHasASource()
    {
        var config = Mapping.Register(new TypeAdapterConfig());

        Assert.True(config.RequireDestinationMemberSource);
        config.Compile();
    }

    [Fact]
    public void TheGlobalConfigurationTheHostUsesCompiles()
    {
        Mapping.Register(TypeAdapterConfig.GlobalSettings);
        TypeAdapterConfig.GlobalSettings.RequireDestinationMemberSource = true;

        TypeAdapterConfig.GlobalSettings.Compile();
    }
}
