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

    /// <summary>Rounded as above, or (<see cref="Precision.Full"/>) the engine's value as computed, still never −0.</summary>
    public static double Round(double value, int digits, Precision precision) =>
        precision == Precision.Full ? (value == 0 ? 0 : value) : Round(value, digits);

    public static double? Round(double? value, int digits, Precision precision) => value is { } v ? Round(v, digits, precision) : null;
}

/// <summary>
/// How read answers report numbers: rounded for reading (the default: coefficients to 3 decimals, means and
/// percentages to 2, backlog scores to 4), or full, the engine's doubles unrounded (shortest round-trip form), for users
/// who recompute or compare with R or a spreadsheet. Query option <c>precision=rounded|full</c>.
/// </summary>
internal enum Precision
{
    Rounded,
    Full,
}
