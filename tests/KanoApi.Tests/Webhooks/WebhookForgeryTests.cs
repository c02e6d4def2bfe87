using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KanoApi.Testing;

namespace KanoApi.Tests.Webhooks;

/// <summary>
/// Server-side request forgery, end to end, with loopback NOT allowed: only loopback in disguise is tried (traffic
/// never leaves the machine, even if a rule were wrong; the connection guard records anything else). The operator
/// allows 127.0.0.2 alone, the address a redirecting receiver listens on.
/// </summary>
public sealed class WebhookForgeryTests(WebhookForgeryTests.LoopbackRefused factory) : IClassFixture<WebhookForgeryTests.LoopbackRefused>
{
    public sealed class LoopbackRefused : WebhookFactory
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
        {
            ["Kano:Webhooks:AllowLoopback"] = "false",
            ["Kano:Webhooks:AllowedNetworks:0"] = "127.0.0.2/32",
        };
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hooks")]
    [InlineData("http://localhost:{0}/hooks")]
    [InlineData("http://2130706433:{0}/hooks")]
    [InlineData("http://0x7f000001:{0}/hooks")]
    [InlineData("http://127.1:{0}/hooks")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/hooks")]
    [InlineData("http://[::1]:{0}/hooks")]
    public async Task LoopbackInDisguiseIsRefusedWhenTheEndpointIsMadeAndNothingConnects(string template)
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();

        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, receiver.Port), events = new[] { "responses.stored.v1" } });

        await WebhookFactory.AssertRefused(response, "url", "not a public address");
        Assert.Empty(receiver.Received);
        Assert.Empty(factory.Connector.Refused);
        Assert.Empty(factory.Connector.Connected);
    }

    [Fact]
    public async Task AnEndpointWhoseAddressTurnedToLoopbackSinceItWasMadeIsRefusedAtDeliveryBeforeConnecting()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var allowed = await WebhookReceiver.StartAsync("127.0.0.2");
        var (endpointId, _) = await factory.AnEndpoint(client, allowed.Url);
        // As if the name now resolved elsewhere (DNS rebinding): the stored URL points at loopback.
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("UPDATE webhook_endpoints SET url = @url WHERE id = @endpointId", new { url = receiver.Url, endpointId });
        }

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);

        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1);
        Assert.Contains("refused", deliveries[0].GetProperty("lastError").GetString());
        Assert.Contains("not a public address", deliveries[0].GetProperty("lastError").GetString());
        Assert.Empty(receiver.Received);
        Assert.DoesNotContain(factory.Connector.Connected, endpoint => endpoint.Port == receiver.Port);
        Assert.Empty(factory.Connector.Refused);
    }

    [Fact]
    public async Task ARedirectToLoopbackIsNotFollowed()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var redirector = await WebhookReceiver.StartAsync("127.0.0.2");
        redirector.RedirectTo = receiver.Url;
        var (endpointId, _) = await factory.AnEndpoint(client, redirector.Url);

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);

        await redirector.WaitForAsync(1);
        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal(302, deliveries[0].GetProperty("lastStatus").GetInt32());
        Assert.Equal("pending", deliveries[0].GetProperty("state").GetString());
        Assert.Empty(receiver.Received);
        Assert.All(factory.Connector.Connected, endpoint => Assert.Equal(IPAddress.Parse("127.0.0.2"), endpoint.Address));
        Assert.Empty(factory.Connector.Refused);
        await client.PostAsync($"/v1/webhooks/{endpointId}/disable", null);
    }
}

/// <summary>Outside Development an http:// receiver is refused (https required) unless the operator allows it.</summary>
public sealed class WebhookHttpsTests(WebhookHttpsTests.HttpsOnly factory) : IClassFixture<WebhookHttpsTests.HttpsOnly>
{
    public sealed class HttpsOnly : WebhookFactory
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
        {
            ["Kano:Webhooks:AllowLoopback"] = "true",
            ["Kano:Webhooks:AllowHttp"] = null,
        };
    }

    [Fact]
    public async Task AnHttpUrlIsRefusedOutsideDevelopment()
    {
        var response = await factory.CreateAdminClient().PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "responses.stored.v1" } });

        await WebhookFactory.AssertRefused(response, "url", "must use https");
        Assert.Empty(factory.Connector.Connected);
    }

    [Fact]
    public async Task AnHttpEndpointMadeWhileHttpWasAllowedIsRefusedAtDeliveryOnceItIsNot()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, _) = await factory.AnEndpoint(client, "https://127.0.0.1:9/hooks");
        // As if made while the operator allowed http: the stored URL is the receiver's http address.
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("UPDATE webhook_endpoints SET url = @url WHERE id = @endpointId", new { url = receiver.Url, endpointId });
        }

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);

        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1);
        Assert.Contains("http is not allowed", deliveries[0].GetProperty("lastError").GetString());
        Assert.Empty(receiver.Received);
        Assert.Empty(factory.Connector.Connected);
        await client.PostAsync($"/v1/webhooks/{endpointId}/disable", null);
    }
}
