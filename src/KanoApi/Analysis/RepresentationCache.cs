using Microsoft.Extensions.Caching.Memory;

namespace KanoApi.Analysis;

/// <summary>
/// The bytes of recent read answers (analysis, segments, backlog, chart), keyed by their ETag. The ETag already
/// covers everything an answer depends on (survey id and versions, options, filter, language, representation) and
/// every write bumps the survey's data version, so an entry can never be stale: a changed survey asks for another
/// key, and old keys age out. A cached answer skips the statistics, the engine and serialisation; what remains per
/// request is authentication and one indexed read of the survey's versions.
/// </summary>
/// <remarks>
/// Keys are only looked up after the survey was found in the caller's workspace, and carry the survey id, so one
/// workspace can never be served another's answer. Bounded by total bytes (64 MB); unused entries leave after 10 minutes.
/// </remarks>
public sealed class RepresentationCache : IDisposable
{
    private const long Capacity = 64L << 20;
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    internal CachedRepresentation? Find(string etag) => cache.TryGetValue(etag, out CachedRepresentation? hit) ? hit : null;

    internal void Keep(string etag, byte[] body, string contentType) =>
        cache.Set(etag, new CachedRepresentation(body, contentType), new MemoryCacheEntryOptions { Size = body.Length, SlidingExpiration = Unused });

    public void Dispose() => cache.Dispose();
}

/// <summary>A read answer as it was first sent: its bytes and content type (the headers are set by <see cref="ReadContext"/>).</summary>
internal sealed class CachedRepresentation(byte[] body, string contentType) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
