using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace KanoApi.Webhooks;

/// <summary>
/// Opens the TCP connection to an address that <see cref="WebhookSender"/> has already checked. Its own type so that
/// tests can put a guard in front of every connection the service makes (and record any that is not loopback).
/// </summary>
public class WebhookConnector
{
    public virtual async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A receiver's address that the rules refuse (<see cref="WebhookAddresses"/>), found while connecting.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>What one attempt gave: a status (any answer), or the error that left it without one.</summary>
internal sealed record AttemptOutcome(DateTimeOffset StartedAt, long DurationMs, int? Status, string? Error, string? ResponseBody)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public string Describe() => Status is { } status ? $"the receiver answered {status}" : $"no answer ({Error})";
}

/// <summary>
/// Sends one signed attempt. Safe against server-side request forgery at the moment it matters, when connecting:
/// the connect callback resolves the host itself, refuses unless every address is allowed
/// (<see cref="WebhookAddresses"/>), and connects to an address it checked, so a name that resolved to a public
/// address when the endpoint was made and to 169.254.169.254 now (DNS rebinding) is refused. No proxy (it would
/// connect for us, unchecked), no redirects (a 3xx is a failed attempt), no cookies; the whole attempt has a
/// timeout, and only the first <see cref="ResponseBodyBytes"/> of the answer are read.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    /// <summary>The most of a receiver's answer that is read and kept in the delivery log.</summary>
    public const int ResponseBodyBytes = 1024;

    private readonly HttpClient client;
    private readonly WebhookAddresses addresses;
    private readonly WebhookConnector connector;
    private readonly WebhookOptions options;

    public WebhookSender(IOptions<WebhookOptions> options, WebhookConnector connector)
    {
        this.options = options.Value;
        this.connector = connector;
        addresses = new WebhookAddresses(this.options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = this.options.Timeout,
            // The rest of a long answer is not drained to reuse the connection: the connection is closed instead.
            MaxResponseDrainSize = 0,
            // A pooled connection stays with the address it was checked for; renewing them now and then makes a
            // changed DNS answer (checked again) take effect.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("KanoApi-Webhooks/1");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.TrimStart('[').TrimEnd(']');
        var resolved = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (resolved.Length == 0)
        {
            throw new WebhookAddressRefusedException($"{host} has no address");
        }

        // Every address must be allowed, not only the one connected to: a name that also resolves to a private
        // address is refused whole, so the order of DNS answers cannot decide.
        if (resolved.FirstOrDefault(address => !addresses.Allows(address)) is { } refused)
        {
            throw new WebhookAddressRefusedException(WebhookAddresses.Refusal(refused));
        }

        Exception? last = null;
        foreach (var address in resolved)
        {
            try
            {
                return await connector.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            }
            catch (SocketException exception)
            {
                last = exception;
            }
        }

        throw last!;
    }

    public async Task<AttemptOutcome> SendAsync(
        Uri url, string messageId, long timestamp, string signature, string body, CancellationToken stoppingToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var start = await ReadStartAsync(response, timeout.Token);
            return new AttemptOutcome(startedAt, clock.ElapsedMilliseconds, (int)response.StatusCode, null, start);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new AttemptOutcome(startedAt, clock.ElapsedMilliseconds, null, $"no answer within {options.Timeout}", null);
        }
        catch (HttpRequestException exception)
        {
            return new AttemptOutcome(startedAt, clock.ElapsedMilliseconds, null, Reason(exception), null);
        }
        catch (IOException exception)
        {
            return new AttemptOutcome(startedAt, clock.ElapsedMilliseconds, null, "the connection broke: " + exception.Message, null);
        }
    }

    private static string Reason(HttpRequestException exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException refused)
            {
                return "refused: " + refused.Message;
            }
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ConnectionError => "could not connect: " + (exception.InnerException?.Message ?? exception.Message),
            _ => exception.Message,
        };
    }

    /// <summary>The first <see cref="ResponseBodyBytes"/> of the answer, as text; the rest is never read.</summary>
    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ResponseBodyBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var got = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    public void Dispose() => client.Dispose();
}
