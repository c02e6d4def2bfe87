using System.Net;
using KanoApi.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Webhooks;

/// <summary>
/// Every test host, not only those of the webhook classes, puts the loopback-only guard in front of webhook
/// connections: tests elsewhere make endpoints on public addresses (IsolationTests), which only the switched-off
/// delivery kept from being contacted.
/// </summary>
public sealed class WebhookConnectionGuardTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Fact]
    public async Task AHostWhoseClassDidNotTurnWebhooksOnStillRefusesAndRecordsAConnectionOffLoopback()
    {
        // The type is checked first: without the guard the call below would really connect.
        var guard = Assert.IsType<LoopbackOnlyConnector>(factory.Services.GetRequiredService<WebhookConnector>());
        var publicAddress = new IPEndPoint(IPAddress.Parse("93.184.215.14"), 443);

        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ConnectAsync(publicAddress, CancellationToken.None).AsTask());

        Assert.Contains(publicAddress, guard.Refused);
    }
}
