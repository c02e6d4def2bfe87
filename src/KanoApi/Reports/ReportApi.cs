using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Backlog;
using KanoApi.Infrastructure;
using KanoApi.RespondentQuality;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;

namespace KanoApi.Reports;

/// <summary>
/// The report: a page a person can read, share and print, made from the same analysis as the API — the analysis,
/// backlog, segment comparison and respondent-quality answers themselves, rendered by <see cref="ReportPage"/>.
/// For API users at <c>GET /v1/surveys/{id}/report</c> (read scope), with the analysis endpoints' options.
/// </summary>
public static class ReportApi
{
    /// <summary>The report's one stylesheet, served by the app (the page's policy allows no other source).</summary>
    public const string StylesheetPath = "/reports/report.css";

    /// <summary>
    /// A page's policy: nothing but the app's stylesheet and the page's own form; no script at all (the page needs
    /// none), no frames, no base URL games. The chart is inline SVG, which needs no source.
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Segment names offered in the form, and values per name.</summary>
    private const int SegmentChoices = 20;

    /// <summary>
    /// Server-side Razor components, and an HTML encoder that leaves letters of every script as they are: Vietnamese
    /// names stay readable text in the page (and in a saved copy) instead of numeric character references. Markup
    /// characters are still escaped.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup()
            .MapGet("/report", GetReport)
            .WithTags("Reports")
            .WithName("GetReport")
            .WithSummary("The survey's report as an HTML page")
            .WithDescription("""
                A page for people: headline, the Better/Worse chart, the classification table, the prioritised backlog and
                review list, a segment comparison and data-quality notes, with a filter form (GET) whose every view is a link,
                and a print stylesheet (A4). The same analysis as `/analysis` and `/backlog`, with the same options; `by`
                names the segment compared (default: the survey's first segment name; `by=` compares none). A blank
                `segment.<name>=` is no filter here (what the form's "All" sends).

                """ + AnalysisApi.OptionsDescription)
            .Produces<string>(StatusCodes.Status200OK, "text/html");

        app.MapGet(StylesheetPath, GetStylesheet)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<RazorComponentResult<ReportPage>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetReport(
        long surveyId, [AsParameters] AnalysisQuery query, [FromQuery] string? by, HttpContext http, ClaimsPrincipal user, Database database, CancellationToken cancellationToken) =>
        await RenderAsync(surveyId, user.WorkspaceIdOf(), query, by, http, database, http.Request.Path, cancellationToken);

    /// <summary>
    /// Checks the options, reads the survey of <paramref name="workspaceId"/> and renders its report; the form submits
    /// to <paramref name="formAction"/>. Shared by every address the report is served at.
    /// </summary>
    internal static async Task<Results<RazorComponentResult<ReportPage>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> RenderAsync(
        long surveyId, long workspaceId, AnalysisQuery query, string? by, HttpContext http, Database database, string formAction, CancellationToken cancellationToken)
    {
        if (by is { Length: > Limits.SegmentNameLength })
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["by"] = [$"name the segment to compare in 1-{Limits.SegmentNameLength} characters, or leave it empty for none"] });
        }

        // The form sends every field; a blank one means "the default", as if it were not sent.
        query = query with { Table = Text.NullIfBlank(query.Table), Rule = Text.NullIfBlank(query.Rule), Lang = Text.NullIfBlank(query.Lang) };
        var representation = CanonicalText.Of("report.html", formAction, by);
        await using var read = await ReadContext.OpenAsync(surveyId, workspaceId, query, http, database, representation, blankSegmentMeansAll: true, cancellationToken);
        if (read.Outcome is { } outcome)
        {
            var early = outcome.Match<Results<RazorComponentResult<ReportPage>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
            if (early.Result is StatusCodeHttpResult)
            {
                SetPageHeaders(http);
            }

            return early;
        }

        var model = await BuildAsync(read, query, by, formAction, cancellationToken);
        SetPageHeaders(http);
        return new RazorComponentResult<ReportPage>(new { Model = model });
    }

    /// <summary>
    /// A shared report must stay out of shared caches and search engines, and may not be stored on a shared
    /// computer's disk either (no-store); the ETag still answers 304 to a client that keeps its own copy.
    /// </summary>
    private static void SetPageHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = PageContentSecurityPolicy;
        headers.CacheControl = "private, no-store";
        headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private static async Task<ReportModel> BuildAsync(ReadContext read, AnalysisQuery query, string? by, string formAction, CancellationToken cancellationToken)
    {
        var (request, survey) = (read.Request, read.Survey);
        var language = request.Language;
        var filter = request.Filter;

        var (analysis, respondents) = await read.AnalyzeAsync(filter, cancellationToken);
        var response = AnalysisApi.ToResponse(read, filter, analysis, respondents);
        var plan = Kano.Analysis.Backlog.Build(analysis);
        var chart = BetterWorseChart.Render(survey.Name, respondents, analysis.Features, language);

        var span = await SurveyStatistics.SpanAsync(read.Connection, read.Transaction, survey.Id, filter, request.Options.Table, cancellationToken);
        var everybody = filter.IsEverybody
            ? span
            : await SurveyStatistics.SpanAsync(read.Connection, read.Transaction, survey.Id, new RespondentFilter(null, [], null), request.Options.Table, cancellationToken);
        var segments = await SurveyStatistics.SegmentsAsync(read.Connection, read.Transaction, survey.Id, SegmentChoices, cancellationToken);

        // No `by` at all: the first segment, so a report shows a comparison without anyone choosing; `by=`: none.
        var compareBy = by is null ? segments.Select(segment => segment.Name).FirstOrDefault() : Text.NullIfBlank(by);
        var comparison = compareBy is null ? null : await AnalysisApi.CompareSegmentsAsync(read, compareBy, cancellationToken);

        // Respondent quality is judged over every respondent, as the respondent-quality endpoint does, with the
        // analysis's k when it has one.
        var quality = await RespondentQualityApi.JudgeAsync(
            read.Connection, read.Transaction, survey.Id, request.Options.Table, filter.MaxQuestionable ?? 1, language, cancellationToken);

        var chosenSegments = filter.Segments.ToDictionary(segment => segment.Key, segment => segment.Value);
        var offered = segments
            .Concat(chosenSegments.Keys.Where(name => segments.All(segment => segment.Name != name)).Select(name => (name, (IReadOnlyList<string>)[chosenSegments[name]])))
            .Select(segment => chosenSegments.TryGetValue(segment.Item1, out var value) && !segment.Item2.Contains(value)
                ? (segment.Item1, (IReadOnlyList<string>)[.. segment.Item2, value])
                : segment)
            .ToArray();
        var threshold = query.Threshold is null ? null : request.Options.HierarchyThreshold.ToString("R", CultureInfo.InvariantCulture);
        var table = request.Options.Table.Name;
        var rule = KanoNames.Name(request.Options.Rule);
        return new ReportModel
        {
            Text = ReportText.For(language),
            Analysis = response,
            Backlog = plan.Items.Select(item => item.ToResponse(language)).ToArray(),
            Review = plan.Review.Select(item => item.ToResponse(language)).ToArray(),
            ChartSvg = chart,
            Waves = span.Waves,
            FirstAnswer = span.First,
            LastAnswer = span.Last,
            CompareBy = compareBy,
            Comparison = comparison,
            Quality = quality,
            QuestionableAnswers = response.Features.Sum(feature => feature.Counts.GetValueOrDefault("Q")),
            Answers = response.Features.Sum(feature => feature.N),
            MadeAt = DateTimeOffset.UtcNow,
            Form = new ReportForm
            {
                Action = formAction,
                StylesheetHref = StylesheetPath,
                Waves = everybody.Waves.Select(wave => wave.Wave).Where(wave => wave is not null).ToArray(),
                Segments = offered,
                Wave = filter.Wave,
                ChosenSegments = chosenSegments,
                Table = table,
                Rule = rule,
                Threshold = threshold,
                MaxQuestionable = filter.MaxQuestionable,
                CompareBy = compareBy,
                ThisView = formAction + ViewQuery(table, rule, threshold, filter, compareBy, request.LanguageCode),
                OtherLanguageView = formAction + ViewQuery(table, rule, threshold, filter, compareBy, language == Language.Vietnamese ? "en" : "vi"),
                ExcludeQuestionableView = formAction + ViewQuery(table, rule, threshold, filter with { MaxQuestionable = quality.MaxQuestionable }, compareBy, request.LanguageCode),
            },
        };
    }

    /// <summary>Every option of a view spelled out, in a fixed order, so the same view is always the same link.</summary>
    private static QueryString ViewQuery(string table, string rule, string? threshold, RespondentFilter filter, string? compareBy, string lang) =>
        QueryString.Create(
        [
            new("table", table),
            new("rule", rule),
            .. threshold is null ? [] : new KeyValuePair<string, string?>[] { new("threshold", threshold) },
            .. filter.Wave is null ? [] : new KeyValuePair<string, string?>[] { new("wave", filter.Wave) },
            .. filter.Segments.OrderBy(segment => segment.Key, StringComparer.Ordinal)
                .Select(segment => new KeyValuePair<string, string?>(AnalysisRequest.SegmentPrefix + segment.Key, segment.Value)),
            .. filter.MaxQuestionable is { } k ? new KeyValuePair<string, string?>[] { new("maxQuestionable", k.ToString(CultureInfo.InvariantCulture)) } : [],
            new("by", compareBy ?? ""),
            new("lang", lang),
        ]);

    private static IResult GetStylesheet(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(Stylesheet.Value, "text/css; charset=utf-8");
    }

    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("reports/report.css")
            ?? throw new InvalidOperationException("The report stylesheet is not embedded in the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    });
}
