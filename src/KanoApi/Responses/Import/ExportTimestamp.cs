using System.Globalization;
using System.Text.RegularExpressions;

namespace KanoApi.Responses.Import;

/// <summary>Which of a date's first two numbers is the month, where they could be either (3/11/2026).</summary>
internal enum DateOrder
{
    /// <summary>11/3/2026 is 3 November: what the tools write in English (US) exports.</summary>
    MonthFirst,

    /// <summary>3/11/2026 is 3 November: what Vietnamese (and most other) locales write.</summary>
    DayFirst,
}

internal static class DateOrders
{
    public const string Expected = "must be month-first (11/3/2026 is 3 November) or day-first (3/11/2026 is 3 November)";

    public static DateOrder? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "month-first" => DateOrder.MonthFirst,
        "day-first" => DateOrder.DayFirst,
        _ => null,
    };

    public static string Name(DateOrder order) => order == DateOrder.DayFirst ? "day-first" : "month-first";
}

/// <summary>
/// The time a survey tool recorded for a response, as its export writes it: ISO-8601 (Qualtrics' EndDate
/// "2026-11-03 09:04:40", Typeform's "Submit Date (UTC)", LimeSurvey's "Date submitted", an XLSX date cell),
/// Google Forms' "2026/11/03 9:04:40 AM GMT+7", Microsoft Forms' "11/3/26 9:04:40", SurveyMonkey's
/// "11/03/2026 09:04:40 AM", or a spreadsheet's "03/11/2026 09:04:40" in a day-first locale. An offset written in the
/// cell (GMT+7, +07:00, Z, UTC) is honoured; a time without one is read in the mapping's zone (<see cref="ExportTimeZone"/>),
/// UTC unless it names one: the tools write the account's or the server's time zone, which the file does not say.
/// Stored as <see cref="Infrastructure.Clock.Format"/> writes it.
/// </summary>
internal static partial class ExportTimestamp
{
    public const string Expected = "a date and time as the survey tool exports it (2026-11-03 09:04:40, 2026/11/03 9:04:40 AM GMT+7, 11/3/2026 9:04:40 PM)";

    /// <summary>
    /// The cell's moment, or null when it is not a time this import reads: a time without an offset is read in
    /// <paramref name="zone"/> (null when that zone's clocks skipped it, as on the night daylight saving starts).
    /// </summary>
    public static DateTimeOffset? Parse(string cell, DateOrder order, ExportTimeZone zone)
    {
        var match = Pattern().Match(cell.Trim());
        if (!match.Success)
        {
            return null;
        }

        int Number(string group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        int year, month, day;
        if (match.Groups["a"].Length == 4)
        {
            (year, month, day) = (Number("a"), Number("b"), Number("c"));
        }
        else
        {
            (month, day) = order == DateOrder.MonthFirst ? (Number("a"), Number("b")) : (Number("b"), Number("a"));
            year = Number("c");
            year = match.Groups["c"].Length switch
            {
                2 => 2000 + year,
                4 => year,
                _ => -1,
            };
        }

        var hour = match.Groups["hour"].Success ? Number("hour") : 0;
        var minute = match.Groups["minute"].Success ? Number("minute") : 0;
        var second = match.Groups["second"].Success ? Number("second") : 0;
        if (match.Groups["half"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return null;
            }

            var afternoon = match.Groups["half"].Value.ToUpperInvariant() is "PM" or "CH";
            hour = hour % 12 + (afternoon ? 12 : 0);
        }

        TimeSpan? offset = match.Groups["zone"].Success ? TimeSpan.Zero : null;
        if (match.Groups["sign"].Success)
        {
            offset = ExportTimeZone.FixedOffset(match.Groups["sign"].Value, Number("offsetHours"), match.Groups["offsetMinutes"].Success ? Number("offsetMinutes") : 0);
            if (offset is null)
            {
                return null;
            }
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var fraction = match.Groups["fraction"].Success
            ? TimeSpan.FromTicks(long.Parse(match.Groups["fraction"].Value.PadRight(7, '0')[..7], CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return (offset ?? zone.OffsetAt(local)) is { } at ? new DateTimeOffset(local, at) + fraction : null;
    }

    /// <summary>The date order of a timestamp column: day-first under a Vietnamese header (the tools write the locale's dates), else month-first.</summary>
    public static DateOrder OrderOf(HeaderColumn column) =>
        column.Texts.Any(text => VietnameseHeaders.Contains(QuestionText.Normalize(text))) ? DateOrder.DayFirst : DateOrder.MonthFirst;

    private static readonly HashSet<string> VietnameseHeaders = new(StringComparer.Ordinal)
    {
        "dấu thời gian", "thời gian hoàn thành", "thời gian bắt đầu", "ngày gửi", "thời gian gửi",
    };

    // date (year first with - or /, or two numbers then the year), then an optional time with seconds, fractions and
    // AM/PM (SA/CH in Vietnamese), then an optional zone: Z, UTC, GMT, or an offset after any of them or alone.
    [GeneratedRegex(
        @"^(?<a>\d{1,4})[-/.](?<b>\d{1,2})[-/.](?<c>\d{1,4})(?:(?:T|\s+)(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d{1,9}))?)?)?\s*(?<half>AM|PM|SA|CH)?\s*(?<zone>Z|UTC|GMT)?\s*(?:(?<sign>[+-])(?<offsetHours>\d{1,2})(?::?(?<offsetMinutes>\d{2}))?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// The zone an export's times are in when a cell writes no offset: an IANA zone (Asia/Ho_Chi_Minh, Europe/Berlin,
/// daylight saving followed), a fixed offset (+07:00), or UTC, the default.
/// </summary>
internal sealed partial class ExportTimeZone
{
    public const string Expected = "is not a time zone: give an IANA name such as Asia/Ho_Chi_Minh or Europe/Berlin, a fixed offset such as +07:00, or UTC";

    public static readonly ExportTimeZone Utc = new("UTC", TimeZoneInfo.Utc);

    private readonly TimeZoneInfo zone;

    private ExportTimeZone(string name, TimeZoneInfo zone) => (Name, this.zone) = (name, zone);

    /// <summary>How the mapping named it.</summary>
    public string Name { get; }

    /// <summary>The zone <paramref name="text"/> names, or null when it names none.</summary>
    public static ExportTimeZone? Parse(string text)
    {
        var name = text.Trim();
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("Z", StringComparison.OrdinalIgnoreCase))
        {
            return Utc;
        }

        if (Offset().Match(name) is { Success: true } match)
        {
            var hours = int.Parse(match.Groups["hours"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            var minutes = match.Groups["minutes"].Success ? int.Parse(match.Groups["minutes"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            return FixedOffset(match.Groups["sign"].Value, hours, minutes) is { } offset
                ? new ExportTimeZone(name, TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name))
                : null;
        }

        // Only IANA names (which hold a slash, or are one of the few without: Etc/… aside, e.g. "Japan"): the platform's
        // lookup also takes Windows names and file paths relative to its zone folder, which a mapping has no need of.
        return name.Length <= 64 && Iana().IsMatch(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone.HasIanaId
            ? new ExportTimeZone(zone.Id, zone)
            : null;
    }

    /// <summary>A written offset (+07:00, -5): null past 14 hours or 59 minutes, which no zone has.</summary>
    public static TimeSpan? FixedOffset(string sign, int hours, int minutes) =>
        hours > 14 || minutes > 59 ? null : new TimeSpan(hours, minutes, 0) * (sign == "-" ? -1 : 1);

    /// <summary>The offset of a local time in this zone; null when the zone's clocks skipped it (daylight saving's start).</summary>
    public TimeSpan? OffsetAt(DateTime local) => zone.IsInvalidTime(local) ? null : zone.GetUtcOffset(local);

    [GeneratedRegex(@"^(?:UTC|GMT)?(?<sign>[+-])(?<hours>\d{1,2})(?::?(?<minutes>\d{2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Offset();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Iana();
}
