using System.Text;

namespace KanoApi.Tests;

/// <summary>A request body that sends its first part, then waits until the test lets it send the rest.</summary>
internal sealed class PausedContent(string first, string rest) : HttpContent
{
    public TaskCompletionSource FirstPartSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
        await stream.FlushAsync();
        FirstPartSent.SetResult();
        await Resume.Task;
        await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
