using System.Globalization;

namespace KanoApi.Infrastructure;

/// <summary>Timestamps as stored: ISO-8601 UTC text, which sorts as it reads and ports to PostgreSQL as written.</summary>
public static class Clock
{
    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A moment as stored (UTC, so that stored moments compare as text).</summary>
    public static string Format(DateTimeOffset moment) => moment.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string stored) =>
        DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
