using KanoApi.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace KanoApi.Responses.Import;

/// <summary>
/// The CSV file of an import, as a text/csv body or as the one file part of a multipart/form-data body (how browser
/// forms, Postman and <c>curl -F file=@answers.csv</c> send a file). Either way the file streams to the staging
/// folder under the same body limit, and only the file's bytes are hashed for the Idempotency-Key, so a retried upload
/// matches although every multipart body has a new boundary.
/// </summary>
internal static class CsvUpload
{
    public const string Csv = "text/csv";
    public const string Multipart = "multipart/form-data";

    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The longest mapping part of a multipart body (a mapping of a few hundred columns is a few tens of KiB).</summary>
    public const int MappingBytes = 256 * 1024;

    /// <summary>
    /// The staged file, and the text of the form's "mapping" field when it has one (a tool export's reviewed mapping,
    /// JSON); the file is null when a multipart body holds no file or more than one (the reason is in <paramref name="errors"/>).
    /// </summary>
    public static async Task<(StagedBody? Body, string? Mapping)> StageAsync(HttpRequest request, string folder, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Multipart, StringComparison.OrdinalIgnoreCase))
        {
            return (await StagedBody.ReadAsync(request, folder, cancellationToken), null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            errors.Add("body", "a multipart/form-data body needs a boundary parameter in its Content-Type");
            return (null, null);
        }

        StagedBody? staged = null;
        string? mapping = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                // Text fields of a browser form are skipped (the reader drains them); the CSV is the part with a file name,
                // or a field named "file" (curl -F 'file=<answers.csv' sends the file's text without a file name).
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name);
                if (name.Equals("mapping", StringComparison.Ordinal) && !disposition.IsFileDisposition())
                {
                    mapping = await ReadMappingAsync(section.Body, errors, cancellationToken);
                    continue;
                }

                if (!(disposition.IsFileDisposition() || name.Equals("file", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (staged is not null)
                {
                    errors.Add("file", "the form holds more than one file; send one CSV file per import");
                    await staged.DisposeAsync();
                    return (null, null);
                }

                staged = await StagedBody.ReadAsync(request, section.Body, folder, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            if (staged is not null)
            {
                await staged.DisposeAsync();
            }

            if (exception is BadHttpRequestException)
            {
                throw; // over the body limit: the 413 of every import
            }

            errors.Add("body", "is not a valid multipart/form-data body (a part is malformed or the closing boundary is missing)");
            return (null, null);
        }

        if (staged is null)
        {
            errors.Add("file", "the form holds no file; send the CSV as a file part (curl -F file=@answers.csv)");
        }

        return (staged, mapping);
    }

    private static async Task<string?> ReadMappingAsync(Stream part, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var buffer = new byte[MappingBytes + 1];
        var read = await part.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read > MappingBytes)
        {
            errors.Add("mapping", $"must be at most {MappingBytes / 1024} KiB of JSON");
            await part.CopyToAsync(Stream.Null, cancellationToken);
            return null;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
