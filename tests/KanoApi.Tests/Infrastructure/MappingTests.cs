using KanoApi.Infrastructure;
using Mapster;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task HostsStartingWhileOthersServeRequestsNeverTripOverTheSharedMaps()
    {
        // Test hosts share Mapster's process-wide configuration. A host starting up used to register every map again
        // while another host was adapting rows with it, and Mapster refuses a map changed after use ("TypeAdapter.Adapt
        // was already called"): a host failed to start now and then in CI.
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "adapted");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.True((await client.GetAsync($"/v1/surveys/{surveyId}")).IsSuccessStatusCode);
            }
        });

        var starts = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                new ServiceCollection().AddKanoMapping();
            }
        });

        await Task.WhenAll(reading, starts);
    }
}
