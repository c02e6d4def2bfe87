using Microsoft.Net.Http.Headers;

namespace KanoApi.Infrastructure;

/// <summary>
/// Strong ETags built from a row's version column. Strong, because If-Match compares strongly (RFC 9110 §13.1.1):
/// a weak tag would never match and every conditional PATCH would fail.
/// </summary>
public static class ETags
{
    /// <summary>
    /// The tag of one version of a row. SQLite may give a deleted row's id to the next row, so the tag also carries
    /// the row's creation time: a survey made after another was deleted never matches the old one's tags.
    /// </summary>
    public static string Of(string kind, long id, long version, string createdAt) =>
        $"\"{kind}-{id}-v{version}-{Incarnation(createdAt)}\"";

    /// <summary>A short, stable fingerprint of a row's creation time (which tells apart rows that reused an id).</summary>
    private static string Incarnation(string createdAt) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(createdAt)))[..8];

    /// <summary>True when the request has no If-Match, or one of its tags (or <c>*</c>) is the current tag.</summary>
    public static bool IfMatchAllows(HttpRequest request, string current)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag == current));
    }

    public static void Set(HttpResponse response, string tag) => response.Headers.ETag = tag;
}
