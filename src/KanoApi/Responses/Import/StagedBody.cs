using System.Security.Cryptography;
using System.Text;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>
/// The request body as it streams to the staging file: hashed for the Idempotency-Key as it goes by, and checked to be
/// UTF-8 unless it begins as a workbook or UTF-16 text (the offset of the first invalid byte is kept, so the import
/// can answer 400 instead of storing mis-decoded text). Nothing is buffered beyond one read.
/// </summary>
internal sealed class ScreenedBody(Stream inner, IncrementalHash hash) : Stream
{
    private readonly Decoder utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private long position;
    private string? digest;

    /// <summary>The byte offset of the first invalid UTF-8 sequence, or null.</summary>
    public long? NotUtf8 { get; private set; }

    /// <summary>Whether the body begins as a workbook or UTF-16 text does, so it is not checked as UTF-8.</summary>
    public bool NotText { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Screen(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Screen(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public string Hash() => digest ??= Convert.ToHexStringLower(hash.GetHashAndReset());

    private int Screen(ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        if (position == 0 && (bytes.StartsWith("PK\u0003\u0004"u8) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])))
        {
            // An XLSX workbook (a zip) or UTF-16 text as Excel's "Unicode text" writes it: read whole, not as UTF-8.
            NotText = true;
        }

        if (NotText || NotUtf8 is not null)
        {
            position += bytes.Length;
            return bytes.Length;
        }

        // Decoded into a scratch buffer with Convert, which keeps a character's first bytes for the next read
        // (GetCharCount does not: a character split between two reads looked like an invalid byte).
        Span<char> scratch = stackalloc char[1024];
        var rest = bytes;
        try
        {
            do
            {
                utf8.Convert(rest, scratch, flush: bytes.IsEmpty, out var used, out _, out _);
                rest = rest[used..];
            }
            while (!rest.IsEmpty);
        }
        catch (DecoderFallbackException exception)
        {
            // Read on (a UTF-8 CSV is refused; the import says where), so the staged file is whole for the other types.
            NotUtf8 = position + (bytes.Length - rest.Length) + Math.Max(0, exception.Index);
        }

        position += bytes.Length;
        return bytes.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// The CSV body copied to a temporary file (deleted when disposed), with its hash and UTF-8 verdict: what the import
/// reads inside its transaction, at disk speed whatever the client's.
/// </summary>
internal sealed class StagedBody : IAsyncDisposable
{
    private StagedBody(FileStream content, string hash, long? notUtf8)
    {
        Content = content;
        Hash = hash;
        NotUtf8 = notUtf8;
    }

    public FileStream Content { get; }

    public string Hash { get; }

    /// <summary>The byte offset of the first invalid UTF-8 sequence, or null when the body is UTF-8.</summary>
    public long? NotUtf8 { get; }

    /// <summary>Whether the body begins as a workbook or UTF-16 text does (not checked as UTF-8).</summary>
    public bool NotText { get; private init; }

    public static Task<StagedBody> ReadAsync(HttpRequest request, string folder, CancellationToken cancellationToken) =>
        ReadAsync(request, request.Body, folder, cancellationToken);

    /// <summary>Stages <paramref name="source"/> (the body, or the file part of a multipart body), hashed for the request.</summary>
    public static async Task<StagedBody> ReadAsync(HttpRequest request, Stream source, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var file = new FileStream(
            Path.Combine(folder, $"import-{Guid.NewGuid():N}.csv"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            await using var screened = new ScreenedBody(source, Idempotency.StartHash(request));
            await screened.CopyToAsync(file, 1 << 16, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new StagedBody(file, screened.Hash(), screened.NotUtf8) { NotText = screened.NotText };
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
