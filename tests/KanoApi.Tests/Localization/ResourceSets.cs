using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Pages;
using KanoApi.Reports;

namespace KanoApi.Tests.Localization;

/// <summary>Every set of resource files the service says its texts from, read file by file (no fallback to English).</summary>
public static class ResourceSets
{
    /// <summary>Each set: the assembly that embeds it and its resource name (Resources/&lt;Folder&gt;/&lt;Set&gt;.resx).</summary>
    public static IReadOnlyList<(Assembly Assembly, string BaseName)> All { get; } =
    [
        (typeof(PageTexts).Assembly, "KanoApi.Resources.Pages.PageTexts"),
        (typeof(ReportTexts).Assembly, "KanoApi.Resources.Reports.ReportTexts"),
        (typeof(ChartTexts).Assembly, "KanoApi.Resources.Analysis.ChartTexts"),
        (typeof(KanoApi.ServiceQuality.ServiceQualityTexts).Assembly, "KanoApi.Resources.ServiceQuality.ServiceQualityTexts"),
        (typeof(KanoTexts).Assembly, "Kano.Analysis.Resources.KanoTexts"),
    ];

    /// <summary>The texts of one file: the neutral (English) one for the invariant culture, else that culture's own.</summary>
    public static IReadOnlyDictionary<string, string> Texts(Assembly assembly, string baseName, CultureInfo culture)
    {
        var set = new ResourceManager(baseName, assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"{baseName} has no resource file for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!, StringComparer.Ordinal);
    }
}
