using Microsoft.Net.Http.Headers;

namespace KanoApi.Infrastructure;

/// <summary>
/// Strong ETags built from a row's version column. Strong, because If-Match compares strongly (RFC 9110 §13.1.1):
/// a weak tag would never match and every conditional PATCH would fail.
/// </summary>
public static class ETags
{
    public static string Of(string kind, long id, long version) => $"\"{kind}-{id}-v{version}\"";

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
