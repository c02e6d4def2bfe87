namespace Kano.Analysis.ServiceQuality;

/// <summary>
/// The five SERVQUAL dimensions of service quality (Parasuraman, Zeithaml &amp; Berry, Journal of Retailing 64(1), 1988;
/// method §7b). A feature is tagged with at most one; the analysis rolls features up per dimension.
/// </summary>
public enum ServiceDimension
{
    /// <summary>Performing the promised service dependably and accurately (sự tin cậy).</summary>
    Reliability,

    /// <summary>Willingness to help and prompt service (sự đáp ứng).</summary>
    Responsiveness,

    /// <summary>Knowledge, courtesy and the ability to inspire trust (sự đảm bảo).</summary>
    Assurance,

    /// <summary>Caring, individual attention (sự đồng cảm).</summary>
    Empathy,

    /// <summary>Facilities, equipment, appearance of staff and materials (phương tiện hữu hình).</summary>
    Tangibles,
}

/// <summary>Wire names and human texts of the SERVQUAL dimensions (KanoTexts "Dimension.&lt;name&gt;" and "Dimension.&lt;name&gt;.Definition").</summary>
public static class ServiceDimensions
{
    private static readonly string[] Names = ["reliability", "responsiveness", "assurance", "empathy", "tangibles"];

    /// <summary>Every dimension in SERVQUAL's order.</summary>
    public static IReadOnlyList<ServiceDimension> All { get; } = Enum.GetValues<ServiceDimension>();

    /// <summary>The wire name: "reliability", "responsiveness", "assurance", "empathy" or "tangibles".</summary>
    public static string Name(ServiceDimension dimension) => Names[(int)dimension];

    /// <summary>The wire names, in SERVQUAL's order (for enums in documents and messages).</summary>
    public static IReadOnlyList<string> WireNames => Names;

    /// <summary>Reads a wire name, ignoring case and surrounding whitespace.</summary>
    public static bool TryParse(string? text, out ServiceDimension dimension)
    {
        var wanted = text?.Trim();
        for (var d = 0; d < Names.Length; d++)
        {
            if (string.Equals(Names[d], wanted, StringComparison.OrdinalIgnoreCase))
            {
                dimension = (ServiceDimension)d;
                return true;
            }
        }

        dimension = default;
        return false;
    }

    /// <summary>The dimension's label, e.g. "Responsiveness" or "Sự đáp ứng".</summary>
    public static string Label(ServiceDimension dimension, Language language) => KanoTexts.Get("Dimension." + Name(dimension), language);

    /// <summary>The dimension's short definition in <paramref name="language"/>.</summary>
    public static string Definition(ServiceDimension dimension, Language language) =>
        KanoTexts.Get("Dimension." + Name(dimension) + ".Definition", language);
}
