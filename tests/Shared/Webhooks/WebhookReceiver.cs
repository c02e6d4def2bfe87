// A webhook receiver for the test projects that host ASP.NET Core (not in tests/Shared/ itself, whose files the console
// harnesses — the benchmark, the crash test — compile without it).
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KanoApi.Testing;

/// <summary>One request a <see cref="WebhookReceiver"/> got: its webhook headers and its body, as sent.</summary>
public sealed record ReceivedRequest(string? Id, string? Timestamp, string? Signature, string Body, IHeaderDictionary Headers);

/// <summary>
/// A real webhook receiver: a small Kestrel app on a loopback address and port, started by the test. Every request
/// is recorded; what it answers is up to the test (<see cref="Answer"/>: status and delay by request number, from 1).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly SemaphoreSlim arrived = new(0);

    private WebhookReceiver(WebApplication app, string address, int port)
    {
        this.app = app;
        Url = $"http://{(address.Contains(':') ? $"[{address}]" : address)}:{port}/hooks";
        Port = port;
    }

    public string Url { get; }

    public int Port { get; }

    /// <summary>What the n-th request (from 1) is answered: its status, and how long to wait before answering.</summary>
    public Func<int, (int Status, TimeSpan Delay)> Answer { get; set; } = _ => (200, TimeSpan.Zero);

    /// <summary>The body of the answer to the n-th request.</summary>
    public Func<int, string> BodyOf { get; set; } = number => $"answer {number}";

    /// <summary>Where to redirect: set to answer every request with 302 to this location.</summary>
    public string? RedirectTo { get; set; }

    public IReadOnlyList<ReceivedRequest> Received => received.ToArray();

    public static async Task<WebhookReceiver> StartAsync(string address = "127.0.0.1", int port = 0)
    {
        if (port == 0)
        {
            port = FreePort(address);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{(address.Contains(':') ? $"[{address}]" : address)}:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, address, port);
        var count = 0;
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref count);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value));
            receiver.received.Enqueue(new ReceivedRequest(
                context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body, headers));
            receiver.arrived.Release();
            if (receiver.RedirectTo is { } location)
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = location;
                return;
            }

            var (status, delay) = receiver.Answer(number);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = status;
            try
            {
                await context.Response.WriteAsync(receiver.BodyOf(number), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender stopped reading (it reads only the start of an answer) and closed the connection.
            }
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (a generous bound: a slow machine only waits longer).</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                Assert.Fail($"The receiver got {received.Count} requests, not {count}, within the time allowed.");
            }
        }

        return Received;
    }

    public static int FreePort(string address = "127.0.0.1")
    {
        using var listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
