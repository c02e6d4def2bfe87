using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KanoApi.Infrastructure;

/// <summary>
/// Request body limits (OWASP API4:2023, unrestricted resource consumption), configurable under <c>Kano:Limits</c>
/// and enforced here for every endpoint. The caps on what a body may hold (string lengths, answers, batch size,
/// features, page size) are the constants of <see cref="Limits"/>.
/// </summary>
public sealed class KanoLimits
{
    public const string Section = "Kano:Limits";

    /// <summary>Largest request body of any endpoint that does not say otherwise (JSON bodies).</summary>
    public long JsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest CSV import body (streamed, never held whole in memory).</summary>
    public long CsvImportBytes { get; set; } = 200L * 1024 * 1024;
}

/// <summary>Endpoint metadata: this endpoint's body may be as large as the CSV import limit.</summary>
public sealed class CsvImportBodyLimit;

/// <summary>Endpoint metadata: this endpoint's body may be at most <paramref name="Bytes"/> bytes.</summary>
public sealed record RequestBodyLimit(long Bytes);

public static class RequestBodyLimits
{
    public static IServiceCollection AddKanoLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KanoLimits>(configuration.GetSection(KanoLimits.Section));
        // Kestrel's own ceiling is the largest endpoint limit (it also bounds requests no endpoint reads);
        // the middleware below lowers it per request to the endpoint's own.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<KanoLimits>>((kestrel, limits) =>
                kestrel.Limits.MaxRequestBodySize = Math.Max(limits.Value.JsonBodyBytes, limits.Value.CsvImportBytes));
        return services;
    }

    /// <summary>Gives the endpoint the CSV import body limit (<c>Kano:Limits:CsvImportBytes</c>) instead of the JSON one.</summary>
    public static TBuilder WithCsvImportBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CsvImportBodyLimit());

    /// <summary>Gives the endpoint its own body limit in bytes.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimit(bytes));

    /// <summary>
    /// Applies the endpoint's body limit: a declared Content-Length above it is refused at once with a 413
    /// problem; a body without one (chunked) is cut off when it grows past it — by Kestrel through
    /// <see cref="IHttpMaxRequestBodySizeFeature"/>, or by a counting stream where the server offers no such
    /// feature (the test server). Runs after routing, so it knows the endpoint.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<KanoLimits>>().CurrentValue;
            var metadata = context.GetEndpoint()?.Metadata;
            var limit = metadata?.GetMetadata<RequestBodyLimit>()?.Bytes
                ?? (metadata?.GetMetadata<CsvImportBodyLimit>() is not null ? limits.CsvImportBytes : limits.JsonBodyBytes);

            if (context.Request.ContentLength > limit)
            {
                await WriteTooLarge(context, limit);
                return;
            }

            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }
            else if (context.Request.ContentLength is null)
            {
                context.Request.Body = new BoundedRequestBody(context.Request.Body, limit);
            }

            await next(context);
        });

    private static Task WriteTooLarge(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The client may still be sending; closing keeps it from streaming megabytes into a refused request.
        context.Response.Headers.Connection = "close";
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Payload too large",
                Detail = $"This endpoint accepts request bodies of at most {limit} bytes.",
            },
        }).AsTask();
    }

    /// <summary>A request body that fails like Kestrel's does (BadHttpRequestException 413) once it passes its limit.</summary>
    private sealed class BoundedRequestBody(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            if (read > limit)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return bytes;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
