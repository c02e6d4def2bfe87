namespace KanoApi.ServiceQuality;

/// <summary>
/// Names the resource files of the service-quality chart and report section: Resources/ServiceQuality/ServiceQualityTexts.resx
/// (English) and ServiceQualityTexts.&lt;culture&gt;.resx per further language. Level names and rationales are the
/// analysis library's (KanoTexts "Level.*").
/// </summary>
public sealed class ServiceQualityTexts
{
    private ServiceQualityTexts()
    {
    }
}
