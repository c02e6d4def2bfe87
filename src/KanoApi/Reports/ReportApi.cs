using System.Globalization;
using System.Security.Claims;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Backlog;
using KanoApi.Infrastructure;
using KanoApi.Links;
using KanoApi.Pages;
using KanoApi.RespondentQuality;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KanoApi.Reports;

/// <summary>
/// The report: a page a person can read, share and print, made from the same analysis as the API — the analysis,
/// backlog, segment comparison and respondent-quality answers themselves, rendered by <see cref="ReportPage"/>.
/// For API users at <c>GET /v1/surveys/{id}/report</c> (read scope), with the analysis endpoints' options.
/// </summary>
public static class ReportApi
{
    /// <summary>Segment names offered in the form, and values per name.</summary>
    private const int SegmentChoices = 20;

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

        app.MapGet("/r/{" + LinkPages.TokenRouteValue + "}", GetSharedReport)
            .OpenedByLink(LinkKinds.Report);

        app.MapGet(ReportStylesheet.Route, GetStylesheet)
            .AsPublicPage();
        return app;
    }

    private static async Task<Results<RazorComponentResult<ReportPage>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetReport(
        long surveyId, [AsParameters] AnalysisQuery query, [FromQuery] string? by, HttpContext http, ClaimsPrincipal user, Database database, CancellationToken cancellationToken) =>
        await RenderAsync(surveyId, user.WorkspaceIdOf(), query, by, http, database, http.Request.Path, cancellationToken);

    /// <summary>
    /// The report a report link opens (<see cref="LinkPages.OpenedByLink"/> has resolved the token): that survey
    /// only, in the language of <c>?lang=</c>, then Accept-Language, then the survey's own. A survey deleted since
    /// the link was resolved answers the same 404 page as a dead link.
    /// </summary>
    private static async Task<IResult> GetSharedReport(
        string token, [AsParameters] AnalysisQuery query, [FromQuery] string? by, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var link = LinkPages.ActiveLinkOf(http);
        var connection = await database.ForRequestAsync(http);
        var survey = await SurveyStatistics.FindSurveyAsync(connection, null, link.WorkspaceId, link.SurveyId, cancellationToken);
        var language = PageLanguage.Choose(http.Request, PageLanguage.FromCode(survey?.Language));
        if (survey is null)
        {
            return PublicPages.LinkNotFound(language);
        }

        query = query with { Lang = language == Language.Vietnamese ? "vi" : "en" };
        var result = await RenderAsync(link.SurveyId, link.WorkspaceId, query, by, http, database, LinkKinds.PathOf(LinkKinds.Report, token), cancellationToken);
        return result.Result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } ? PublicPages.LinkNotFound(language) : result.Result;
    }

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
        headers.ContentSecurityPolicy = PublicPages.ContentSecurityPolicy;
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
                StylesheetHref = ReportStylesheet.Path,
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
        // The path carries the sheet's hash, so a changed sheet has a new address and may be cached for long.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Text(ReportStylesheet.Content, "text/css; charset=utf-8");
    }
}

/// <summary>
/// The report's stylesheet (Reports/report.css), embedded in the assembly: the report is a wide page of tables and
/// a chart with its own print layout, so it does not share the narrow form page's sheet (Pages/kano.css).
/// </summary>
public static class ReportStylesheet
{
    public const string Route = "/reports/{hash}/report.css";

    public static string Content { get; } = Read();

    /// <summary>The address the report links to, changing whenever the sheet does.</summary>
    public static string Path { get; } =
        $"/reports/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Content)))[..12]}/report.css";

    private static string Read()
    {
        using var stream = typeof(ReportStylesheet).Assembly.GetManifestResourceStream("reports/report.css")
            ?? throw new InvalidOperationException("The embedded stylesheet reports/report.css is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
