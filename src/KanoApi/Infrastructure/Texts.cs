using System.Globalization;
using Kano.Analysis;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KanoApi.Infrastructure;

/// <summary>
/// The words of one set of resource files said in one language: ASP.NET Core's <see cref="IStringLocalizer"/> over
/// Resources/&lt;Folder&gt;/&lt;Set&gt;.resx (English, the neutral resources) and &lt;Set&gt;.&lt;culture&gt;.resx per further
/// language, with the language given rather than taken from the thread: a page may be in the survey's language,
/// which no request header names. <c>Texts.Of&lt;PageTexts&gt;(language)["Submit"]</c>.
/// </summary>
public sealed class Texts
{
    /// <summary>Where the resource files live: Resources/, then the folder of the marker type's namespace (Resources/Pages/PageTexts.resx for KanoApi.Pages.PageTexts).</summary>
    public const string ResourcesPath = "Resources";

    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions { ResourcesPath = ResourcesPath }), NullLoggerFactory.Instance);

    private readonly IStringLocalizer localizer;

    private Texts(IStringLocalizer localizer, Language language) => (this.localizer, Language) = (localizer, language);

    /// <summary>The texts of the resource set named by <typeparamref name="TSet"/>, in <paramref name="language"/>.</summary>
    public static Texts Of<TSet>(Language language) => new(Factory.Create(typeof(TSet)), language);

    public Language Language { get; }

    /// <summary>The text of <paramref name="key"/>; English where the language's file lacks it; a key no file has is a bug, so it throws.</summary>
    public string this[string key]
    {
        get
        {
            // IStringLocalizer reads the current UI culture; set it for this one lookup only.
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = Language.Culture;
            try
            {
                var text = localizer[key];
                return text.ResourceNotFound ? throw new InvalidOperationException($"No resource file has the text '{key}' ({text.SearchedLocation}).") : text.Value;
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }

    /// <summary>A composite-format text (<c>{0}</c>, <c>{1}</c>…) filled in with the invariant culture, so numbers read as in the API.</summary>
    public string Format(string key, params object?[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

    /// <summary>Every text of the set in this language (English where the language's file lacks one).</summary>
    public IEnumerable<LocalizedString> All()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Language.Culture;
        try
        {
            return localizer.GetAllStrings(includeParentCultures: true).ToArray();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
