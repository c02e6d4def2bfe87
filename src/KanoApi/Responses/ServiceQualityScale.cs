namespace KanoApi.Responses;

/// <summary>
/// SERVQUAL's answer scale (Parasuraman, Zeithaml &amp; Berry 1988; method §7b): expectation and perception are each
/// asked as agreement on seven points, 1 = strongly disagree … 7 = strongly agree.
/// </summary>
internal static class ServiceQualityScale
{
    public const int Points = 7;
}
