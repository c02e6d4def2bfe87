using Microsoft.Extensions.Primitives;

namespace KanoApi.Responses;

/// <summary>A segment named in an address: the query parameter as sent, the segment's name, and its value.</summary>
internal sealed record SegmentParameter(string Key, string Name, string Value);

/// <summary>
/// The segments an address names — <c>segment.plan=pro</c>, or OpenAPI's deepObject <c>segment[plan]=pro</c> — read by
/// one rule for the hosted form's address, a report link's address and the API's filters. ASP.NET Core matches query
/// parameter names ignoring case and gathers a repeated one's values, so a segment named twice (repeated, in another
/// case, or in both spellings) would be merged ("a,b") or kept twice: it is refused instead, naming the segment.
/// </summary>
internal static class SegmentParameters
{
    public const string Prefix = "segment.";

    /// <summary>The name of the segment filters as one deepObject parameter (<c>segment[plan]=pro</c>).</summary>
    public const string ObjectName = "segment";

    /// <summary>Segment names are one segment when they differ only by case or surrounding spaces.</summary>
    public static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Every segment parameter of the query, in order. A segment named more than once is passed to
    /// <paramref name="refuse"/> (its parameter, and why) for each repetition; the caller answers 400.
    /// </summary>
    public static List<SegmentParameter> Read(IQueryCollection query, Action<string, string> refuse)
    {
        var read = new List<SegmentParameter>();
        var seen = new Dictionary<string, string>(Names);
        foreach (var (key, values) in query)
        {
            if (NameOf(key) is not { } name)
            {
                continue;
            }

            if (values.Count > 1 || !seen.TryAdd(name.Trim(), key))
            {
                refuse(key, Repeated(name, values, seen.GetValueOrDefault(name.Trim())));
                continue;
            }

            read.Add(new SegmentParameter(key, name, values.ToString()));
        }

        return read;
    }

    /// <summary>The segment a query parameter names: <c>segment.plan</c> or <c>segment[plan]</c> (any case); null for any other parameter.</summary>
    public static string? NameOf(string key) =>
        key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? key[Prefix.Length..]
        : key.StartsWith(ObjectName + "[", StringComparison.OrdinalIgnoreCase) && key.EndsWith(']') ? key[(ObjectName.Length + 1)..^1]
        : null;

    private static string Repeated(string name, StringValues values, string? firstKey) =>
        $"names the segment '{name}' more than once"
        + (values.Count > 1 ? $" ({values.Count} times)" : $" (also as {firstKey})")
        + $": segment.{name}, segment[{name}] and the name in any other case are one segment; give it once";
}
