using System.Globalization;
using System.Text.RegularExpressions;

namespace KanoApi.Tests.Localization;

/// <summary>A language's resource files say every text the English ones say, with the same places to fill in.</summary>
public sealed partial class ResourceFileTests
{
    public static TheoryData<string> Sets => [.. ResourceSets.All.Select(set => set.BaseName)];

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryEnglishTextHasAVietnameseOneAndNoVietnameseTextLacksAnEnglishOne(string baseName)
    {
        var assembly = ResourceSets.All.Single(set => set.BaseName == baseName).Assembly;
        var english = ResourceSets.Texts(assembly, baseName, CultureInfo.InvariantCulture);
        var vietnamese = ResourceSets.Texts(assembly, baseName, CultureInfo.GetCultureInfo("vi"));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(vietnamese.Keys));
        Assert.Empty(vietnamese.Keys.Except(english.Keys));
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(vietnamese[key]), key);
            Assert.Equal(Places(text), Places(vietnamese[key]));
        }
    }

    /// <summary>The composite-format places of a text, e.g. {0} and {1:0.0}, in order of their number.</summary>
    private static IEnumerable<string> Places(string text) => PlacePattern().Matches(text).Select(match => match.Value).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex PlacePattern();
}
