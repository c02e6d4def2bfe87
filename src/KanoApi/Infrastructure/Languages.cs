using System.Globalization;
using Kano.Analysis;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace KanoApi.Infrastructure;

/// <summary>
/// Which languages the service speaks and how a request names one, by ASP.NET Core's request localisation: the
/// <c>lang</c> query parameter, then Accept-Language, among the cultures of <c>Kano:Languages</c> (default en, vi;
/// a third language is its resource files plus its tag there). Only the texts' language is negotiated: numbers are
/// written with the invariant culture everywhere, so the formatting culture stays the process's.
/// </summary>
public static class Languages
{
    /// <summary>The query parameter that names a language, on the API and on the pages alike.</summary>
    public const string QueryKey = "lang";

    /// <summary>The languages when <c>Kano:Languages</c> names none: English first (the default), Vietnamese.</summary>
    private static readonly string[] Default = ["en", "vi"];

    public static IServiceCollection AddKanoLanguages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLocalization(options => options.ResourcesPath = Texts.ResourcesPath);
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var codes = configuration.GetSection("Kano:Languages").Get<string[]>() is { Length: > 0 } configured ? configured : Default;
            var cultures = codes.Select(code => CultureInfo.GetCultureInfo(code.Trim())).ToList();
            options.DefaultRequestCulture = new RequestCulture(CultureInfo.CurrentCulture, cultures[0]);
            options.SupportedCultures = [CultureInfo.CurrentCulture];
            options.SupportedUICultures = cultures;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                // Every range a browser sends is worth a look (the default tries the first 3): "fr, de, es, vi" is Vietnamese.
                new AcceptableLanguages { MaximumAcceptLanguageHeaderValuesToTry = 20 },
            ];
        });
        return services;
    }

    /// <summary>Negotiates each request's language (<see cref="Choose"/> reads the outcome).</summary>
    public static IApplicationBuilder UseKanoLanguages(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>The languages this service speaks, the default first.</summary>
    public static IReadOnlyList<Language> Supported(HttpContext context) =>
        [.. Options(context).SupportedUICultures!.Select(Language.Of)];

    /// <summary>
    /// The request's language: what <c>?lang=</c> or else Accept-Language named among the supported ones, or
    /// <paramref name="fallback"/> (a survey's own language, say) when neither names one.
    /// </summary>
    public static Language Choose(HttpRequest request, Language fallback) =>
        request.HttpContext.Features.Get<IRequestCultureFeature>() is { Provider: not null } negotiated
            ? Language.Of(negotiated.RequestCulture.UICulture)
            : fallback;

    /// <summary>A survey's own language ("en" or "vi", the column's values); English when there is no survey.</summary>
    public static Language OfSurvey(string? code) => code is null ? Language.English : Language.Of(code);

    /// <summary>The supported language a tag names ("vi", "vi-VN" → vi), or null for a tag that names none.</summary>
    public static Language? Parse(HttpContext context, string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(tag.Trim());
        }
        catch (CultureNotFoundException)
        {
            return null;
        }

        var supported = Options(context).SupportedUICultures!;
        for (; !Equals(culture, CultureInfo.InvariantCulture); culture = culture.Parent)
        {
            if (supported.FirstOrDefault(candidate => string.Equals(candidate.Name, culture.Name, StringComparison.OrdinalIgnoreCase)) is { } match)
            {
                return Language.Of(match);
            }
        }

        return null;
    }

    /// <summary>The supported tags as a problem names them: "en, vi".</summary>
    public static string Allowed(HttpContext context) => string.Join(", ", Supported(context).Select(language => language.Code));

    private static RequestLocalizationOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;
}

/// <summary>
/// Accept-Language as RFC 9110 (12.4.2, 12.5.4) reads it: the ranges by weight, and a range of weight 0 ("vi;q=0")
/// not acceptable at all — ASP.NET's own provider would pick it. Nothing acceptable leaves the choice to the fallback.
/// </summary>
internal sealed class AcceptableLanguages : AcceptLanguageHeaderRequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var ranges = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var acceptable = ranges
            .Where(range => range.Quality is not 0)
            .OrderByDescending(range => range.Quality ?? 1)
            .Take(MaximumAcceptLanguageHeaderValuesToTry)
            .Select(range => range.Value)
            .ToList();
        return Task.FromResult(acceptable.Count == 0 ? null : new ProviderCultureResult(acceptable));
    }
}
