namespace KanoApi.Analysis;

/// <summary>
/// How numbers are rounded for reporting: half away from zero, as published tables print them (3.125 → 3.13, where
/// .NET's default banker's rounding gives 3.12), and never a negative zero (a Worse of −0.0001 reads 0, not −0).
/// Only values sent to clients are rounded; the engine computes with full precision.
/// </summary>
internal static class Reported
{
    public static double Round(double value, int digits)
    {
        var rounded = Math.Round(value, digits, MidpointRounding.AwayFromZero);
        return rounded == 0 ? 0 : rounded;
    }

    public static double? Round(double? value, int digits) => value is { } v ? Round(v, digits) : null;
}
