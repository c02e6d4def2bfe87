using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KanoApi.Webhooks;

namespace KanoApi.Tests.Webhooks;

/// <summary>
/// The guard every test host puts in front of the service's webhook connections (<see cref="KanoApiFactory.Connector"/>): a connection to anything but loopback is
/// refused before it is made, and recorded, so that a wrong address rule can never send traffic off the machine
/// (and the test that asserts <see cref="Refused"/> is empty notices).
/// </summary>
public sealed class LoopbackOnlyConnector : WebhookConnector
{
    public ConcurrentQueue<IPEndPoint> Refused { get; } = new();

    public ConcurrentQueue<IPEndPoint> Connected { get; } = new();

    public override ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (!IPAddress.IsLoopback(endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address))
        {
            Refused.Enqueue(endpoint);
            throw new InvalidOperationException($"The test's connection guard refused {endpoint}: tests reach loopback only.");
        }

        Connected.Enqueue(endpoint);
        return base.ConnectAsync(endpoint, cancellationToken);
    }
}

/// <summary>
/// A host whose webhooks may reach loopback over http (the receivers tests start), with delays short enough for tests:
/// polls every 50 ms, looks for analysis and link events every 100 ms, retries after 100–300 ms, a one-second timeout per attempt.
/// </summary>
public class WebhookFactory : KanoApiFactory
{
    protected virtual IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
    {
        ["Kano:Webhooks:AllowLoopback"] = "true",
    };

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(base.Settings)
            {
                ["Kano:Webhooks:Enabled"] = "true",
                ["Kano:Webhooks:AllowHttp"] = "true",
                ["Kano:Webhooks:PollInterval"] = "00:00:00.050",
                ["Kano:Webhooks:WatchInterval"] = "00:00:00.100",
                ["Kano:Webhooks:RetryBaseDelay"] = "00:00:00.100",
                ["Kano:Webhooks:RetryMaxDelay"] = "00:00:00.300",
                ["Kano:Webhooks:Timeout"] = "00:00:01",
            };
            foreach (var (key, value) in WebhookSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>Creates an endpoint through the API; answers its id and secret.</summary>
    public async Task<(long Id, string Secret)> AnEndpoint(HttpClient client, string url, string[]? events = null, long[]? surveyIds = null)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url, events = events ?? [WebhookEventTypes.ResponsesStored], surveyIds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetInt64(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>Asserts a 400 whose errors name <paramref name="field"/> with a message containing <paramref name="reason"/>.</summary>
    public static async Task AssertRefused(HttpResponseMessage response, string field, string reason)
    {
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.True(errors.TryGetValue(field, out var messages), $"no error for {field}: {string.Join("; ", errors.Keys)}");
        Assert.Contains(messages, message => message.Contains(reason, StringComparison.Ordinal));
    }

    /// <summary>Waits until the endpoint's delivery log shows what <paramref name="until"/> looks for; answers the deliveries.</summary>
    public static async Task<JsonElement> WaitForDeliveries(HttpClient client, long endpointId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var page = await (await client.GetAsync($"/v1/webhooks/{endpointId}/deliveries")).Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items");
            if (until(items))
            {
                return items;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery log never showed what the test waited for: {items}");
            await Task.Delay(50);
        }
    }
}
