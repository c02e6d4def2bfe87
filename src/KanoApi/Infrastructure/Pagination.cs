using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KanoApi.Infrastructure;

/// <summary>The query options of every list: <c>?limit=</c> and <c>?cursor=</c> (api-contract: lists).</summary>
/// <param name="Limit">How many items to return, 1-200 (default 50).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; absent for the first page.</param>
public sealed record PageQuery([property: Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")] string? Limit, [property: Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")] string? Cursor)
{
    /// <summary>
    /// Reads the options, adding an error per bad parameter. The cursor is opaque to clients: base64url of the
    /// last id of the previous page, so paging is keyset paging (stable under inserts, no OFFSET scans).
    /// </summary>
    public (int Limit, long After) Read(ValidationErrors errors)
    {
        var limit = Limits.PageSizeDefault;
        if (Limit is not null &&
            (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > Limits.PageSizeMax))
        {
            errors.Add("limit", $"must be a whole number from 1 to {Limits.PageSizeMax}");
        }

        long after = 0;
        if (Cursor is not null && !TryDecode(Cursor, out after))
        {
            errors.Add("cursor", "is not a cursor this list returned; pass nextCursor unchanged");
        }

        return (limit, after);
    }

    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("k" + lastId.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string cursor, out long lastId)
    {
        lastId = 0;
        if (cursor.Length is 0 or > 40)
        {
            return false;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith('k') &&
                   long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out lastId) &&
                   lastId > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A page of a list.</summary>
/// <param name="Items">The items of this page, in ascending id order.</param>
/// <param name="NextCursor">Pass as <c>?cursor=</c> to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    /// <summary>Builds a page from <paramref name="limit"/> + 1 fetched rows: the extra row only says there is more.</summary>
    public static Page<T> Of<TRow, T>(IReadOnlyList<TRow> rows, int limit, Func<TRow, long> idOf, Func<TRow, T> map)
    {
        var items = rows.Take(limit).Select(map).ToArray();
        return new Page<T>(items, rows.Count > limit ? PageQuery.Encode(idOf(rows[limit - 1])) : null);
    }
}
