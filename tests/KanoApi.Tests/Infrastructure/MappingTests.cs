using KanoApi.Infrastructure;
using Mapster;

namespace KanoApi.Tests.Infrastructure;

public sealed class MappingTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public void EveryMapCompilesAndEveryContractFieldHasASource()
    {
        var config = Mapping.Register(new TypeAdapterConfig());

        Assert.True(config.RequireDestinationMemberSource);
        config.Compile();
    }

    [Fact]
    public void TheGlobalConfigurationTheHostRegisteredCompilesAndRequiresASourceForEveryField()
    {
        // The host's own start-up registers the maps (AddKanoMapping); this test only inspects and compiles them.
        _ = factory.Server;

        Assert.True(TypeAdapterConfig.GlobalSettings.RequireDestinationMemberSource);
        TypeAdapterConfig.GlobalSettings.Compile();
    }
}
