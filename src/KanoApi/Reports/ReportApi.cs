using System.Globalization;
using System.Security.Claims;
using Dapper;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Audiences;
using KanoApi.Backlog;
using KanoApi.Infrastructure;
using KanoApi.Links;
using KanoApi.Pages;
using KanoApi.RespondentQuality;
using KanoApi.ServiceQuality;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
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

    /// <summary>
    /// The fewest respondents a segment value needs before the report sets its categories against another value's
    /// (docs/api.md): with fewer, one or two answers flip a category, and a "difference" is noise. The comparison
    /// chosen by default is the first segment with at least two values of this size.
    /// </summary>
    public const int SegmentMinimum = 30;

    /// <summary>What a report costs of the caller's allowance, at either address (README: request costs).</summary>
    private const int ReportCost = 10;

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup()
            .MapGet("/report", GetReport)
            .WithTags("Reports")
            .WithName("GetReport")
            .WithSummary("The survey's report as an HTML page")
            .WithDescription("""
                A page for people: key findings in plain words, headline, the Better/Worse chart, the classification table, the prioritised backlog and
                review list, a segment comparison, the service-quality section (with the blind spots of `/audiences` when staff
                answered) and data-quality notes, with a filter form (GET) whose every view is a link,
                and a print stylesheet (A4). Made from the same analysis as `/analysis`, `/backlog`, `/analysis/segments` and
                `/respondent-quality`, so it shows their numbers.

                Options, as for the analysis: `table` = standard | pouliot; `rule` = mode | hierarchy | positive-vs-rest;
                `threshold`; filters `wave=…`, `segment.<name>=<value>` (repeatable) and `maxQuestionable=k`; `lang` = en | vi
                (else Accept-Language). A blank option is the default (what the form's "All" sends). `by` names the segment
                compared (absent: the first segment with at least two values of 30 respondents or more; blank: none). The answer has an ETag (304 while nothing
                changed, the staff audience's answers included) and `Cache-Control: private, no-store`. To share the report with people who have no key, create a
                link of kind `report` (`POST /v1/surveys/{id}/links`): it opens the same page at `/r/{token}`.
                """)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .HeavyRead(ReportCost);

        // The same work as the API's report, so the same price, from the page's per-address allowance: at one permit
        // a link let anyone recompute the report (a new maxQuestionable or threshold value is a new answer) ten
        // times as often as a key could.
        app.MapGet("/r/{" + LinkPages.TokenRouteValue + "}", GetSharedReport)
            .OpenedByLink(LinkKinds.Report)
            .Costs(ReportCost);
        return app;
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> GetReport(
        SurveyRow survey, [AsParameters] ReportQuery query, HttpContext http, Database database, CancellationToken cancellationToken) =>
        await RenderAsync(survey, query, http, database, http.Request.Path, cancellationToken);

    /// <summary>
    /// The report a report link opens (<see cref="LinkPages.OpenedByLink"/> has resolved the token): that survey
    /// only, in the language of <c>?lang=</c>, then Accept-Language, then the survey's own. A survey deleted since
    /// the link was resolved answers the same 404 page as a dead link.
    /// </summary>
    private static async Task<IResult> GetSharedReport(
        string token, [AsParameters] ReportQuery query, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var link = LinkPages.ActiveLinkOf(http);
        var connection = await database.ForRequestAsync(http);
        var survey = await SurveyStore.FindAsync(connection, link.WorkspaceId, link.SurveyId, null, cancellationToken);
        var language = Languages.Choose(http.Request, Languages.OfSurvey(survey?.Language));
        if (survey is null)
        {
            return PublicPages.LinkNotFound(language);
        }

        query = query with { Lang = language.Code };
        var result = await RenderAsync(survey, query, http, database, LinkKinds.PathOf(LinkKinds.Report, token), cancellationToken);
        return result.Result switch
        {
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } => PublicPages.LinkNotFound(language),
            ProblemHttpResult { StatusCode: StatusCodes.Status503ServiceUnavailable } => Busy(http, language),
            ValidationProblem invalid => InvalidOptions(http, language, invalid.ProblemDetails.Errors),
            _ => result.Result,
        };
    }

    /// <summary>No turn to compute the report (<see cref="HeavyReads"/>): a page that says to come back, Retry-After already set.</summary>
    private static RazorComponentResult<MessagePage> Busy(HttpContext http, Language language)
    {
        var text = Texts.Of<ReportTexts>(language);
        SetPageHeaders(http);
        return PublicPages.Message(language, text["BusyTitle"], text.Format("BusyBody", http.Response.Headers.RetryAfter.ToString()), StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// A shared report's address whose options cannot be used (edited by hand: the page's form only offers valid
    /// ones): people open it in a browser, so they get a page in their language that names each option and what is
    /// wrong with it, not a JSON problem.
    /// </summary>
    private static RazorComponentResult<MessagePage> InvalidOptions(HttpContext http, Language language, IDictionary<string, string[]> errors)
    {
        var text = Texts.Of<ReportTexts>(language);
        SetPageHeaders(http);
        var problems = string.Join("; ", errors.Select(error => $"{error.Key} ({string.Join(" ", error.Value)})"));
        return PublicPages.Message(language, text["InvalidOptionsTitle"], text.Format("InvalidOptionsBody", problems), StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Checks the options, reads the <paramref name="opened"/> survey and renders its report; the form submits
    /// to <paramref name="formAction"/>. Shared by every address the report is served at.
    /// </summary>
    internal static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>> RenderAsync(
        SurveyRow opened, ReportQuery options, HttpContext http, Database database, string formAction, CancellationToken cancellationToken)
    {
        if (!options.TryRead(out var query, out var by, out var errors))
        {
            return Problems.Validation(errors, "One or more report options are invalid; see errors for the allowed values.");
        }

        // The "What staff believe" part comes from the staff audience's answers, so the tag covers its data version as
        // /audiences's does: read it first, and check it again in the snapshot.
        var tagged = await SurveyStore.FindStaffAsync(await database.ForRequestAsync(http), opened.WorkspaceId, opened.Id, null, cancellationToken);
        var representation = CanonicalText.Of("report.html", formAction, by, AudiencesApi.StaffVersion(tagged));
        await using var read = await ReadContext.OpenAsync(opened, query, http, database, representation, cancellationToken, blankSegmentMeansAll: true);
        if (read.Outcome is { } outcome)
        {
            var early = outcome.Match<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, CachedRepresentation>>(x => x, x => x, x => x, x => x);
            if (early.Result is StatusCodeHttpResult or CachedRepresentation)
            {
                SetPageHeaders(http);
            }

            return early;
        }

        var staff = await SurveyStore.FindStaffAsync(read.Connection, opened.WorkspaceId, opened.Id, read.Transaction, cancellationToken);
        var model = await BuildAsync(read, query, by, formAction, Languages.Supported(http), staff, cancellationToken);
        var html = await RenderPageAsync(http, model);
        SetPageHeaders(http);
        if (AudiencesApi.StaffChanged(tagged, staff))
        {
            // Staff answers landed between the tag and the snapshot: tag what was rendered, and keep nothing under the old tag.
            http.Response.Headers.ETag = read.Request.ETag(read.Survey, CanonicalText.Of("report.html", formAction, by, AudiencesApi.StaffVersion(staff)));
            return TypedResults.Content(html, HtmlType);
        }

        return TypedResults.Content(read.Keep(html, HtmlType), HtmlType);
    }

    private const string HtmlType = "text/html; charset=utf-8";

    /// <summary>
    /// The page as text, rendered by ASP.NET Core's own Razor component renderer (with the app's HTML encoder), so
    /// that — like every read answer — the next request for the same ETag is served from <see cref="RepresentationCache"/>:
    /// the work behind a report (several analyses and a pass over every answer) is done once per version of the data,
    /// however many people open a shared link.
    /// </summary>
    private static async Task<string> RenderPageAsync(HttpContext http, ReportModel model)
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var page = await renderer.RenderComponentAsync<ReportPage>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ReportPage.Model)] = model }));
            return page.ToHtmlString();
        });
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

    private static async Task<ReportModel> BuildAsync(
        ReadContext read, AnalysisQuery query, string? by, string formAction, IReadOnlyList<Language> languages, SurveyRow? staff, CancellationToken cancellationToken)
    {
        var (request, survey) = (read.Request, read.Survey);
        var language = request.Language;
        var filter = request.Filter;

        var (analysis, respondents) = await read.AnalyzeAsync(filter, cancellationToken);
        var serviceQuality = await ServiceQualityStatistics.AnalyzeAsync(read, filter, analysis, cancellationToken);
        var response = AnalysisApi.ToResponse(read, filter, analysis, respondents) with { ServiceQuality = serviceQuality?.ToResponse(language, read.Request.Precision) };
        var plan = Kano.Analysis.Backlog.Build(analysis, serviceQuality);
        // Gap 1's blind spots, by the comparison GET …/audiences answers; absent while no staff answer matches the view.
        var audiences = staff is null ? null : await AudiencesApi.CompareAsync(read, staff, cancellationToken);
        var chart = BetterWorseChart.Render(survey.Name, respondents, analysis.Features, language);

        var span = await SurveyStatistics.SpanAsync(read.Connection, read.Transaction, survey.Id, filter, request.Options.Table, cancellationToken);
        var everybody = filter.IsEverybody
            ? span
            : await SurveyStatistics.SpanAsync(read.Connection, read.Transaction, survey.Id, new RespondentFilter(null, [], null), request.Options.Table, cancellationToken);
        var segments = await SurveyStatistics.SegmentsAsync(read.Connection, read.Transaction, survey.Id, SegmentChoices, cancellationToken);

        // No `by` at all: the first segment with two values or more of at least SegmentMinimum respondents, so a report
        // shows a comparison worth reading without anyone choosing (a one-value segment has nothing to compare); `by=`: none.
        var compareBy = by is null ? await ComparableSegmentAsync(read, cancellationToken) : Text.NullIfBlank(by);
        var comparison = compareBy is null ? null : await AnalysisApi.CompareSegmentsAsync(read, compareBy, estimateCategoryProbabilities: false, cancellationToken);

        // Respondent quality is judged over every respondent, as the respondent-quality endpoint does, with the
        // analysis's k when it has one.
        var quality = await RespondentQualityApi.JudgeAsync(
            read.Connection, read.Transaction, survey.Id, request.Options.Table, filter.MaxQuestionable ?? 1, language, cancellationToken);

        var chosenSegments = filter.Segments.ToDictionary(segment => segment.Key, segment => segment.Value);
        // A wave no respondent has stays chosen too, so a view that matches nobody shows what it was filtered by.
        IReadOnlyList<string?> waves = everybody.Waves.Select(wave => wave.Wave).Where(wave => wave is not null).ToArray();
        if (filter.Wave is { } chosenWave && !waves.Contains(chosenWave))
        {
            waves = [.. waves, chosenWave];
        }

        // The form offers the survey's segments and, whatever they are, the values this view filters by, so a view
        // filtered by a rare value still shows it chosen.
        var offered = segments.Select(segment => segment.Name)
            .Concat(chosenSegments.Keys)
            .Distinct()
            .Select(name =>
            {
                IReadOnlyList<string> values = segments.FirstOrDefault(segment => segment.Name == name).Values ?? [];
                return chosenSegments.TryGetValue(name, out var chosen) && !values.Contains(chosen) ? (name, [.. values, chosen]) : (name, values);
            })
            .ToArray();
        var threshold = query.Threshold is null ? null : request.Options.HierarchyThreshold.ToString("R", CultureInfo.InvariantCulture);
        var table = request.Options.Table.Name;
        var rule = KanoNames.Name(request.Options.Rule);
        var backlog = plan.Items.Select(item => item.ToResponse(language)).ToArray();
        var questionable = response.Features.Sum(feature => feature.Counts.GetValueOrDefault("Q"));
        var answers = response.Features.Sum(feature => feature.N);
        double? questionablePercent = answers == 0 ? null : Reported.Round(100.0 * questionable / answers, 1);
        return new ReportModel
        {
            Findings = ReportFindings.Of(response, backlog, quality, questionablePercent, language),
            Quadrants = Quadrants(response),
            SegmentMinimum = SegmentMinimum,
            Language = language,
            Analysis = response,
            Audiences = audiences is { StaffRespondents: > 0 } ? audiences : null,
            Backlog = backlog,
            Review = plan.Review.Select(item => item.ToResponse(language)).ToArray(),
            ChartSvg = chart,
            Waves = span.Waves,
            FirstAnswer = span.First,
            LastAnswer = span.Last,
            CompareBy = compareBy,
            Comparison = comparison,
            Quality = quality,
            QuestionableAnswers = questionable,
            Answers = answers,
            MadeAt = DateTimeOffset.UtcNow,
            Form = new ReportForm
            {
                Action = formAction,
                Waves = waves,
                Segments = offered,
                Wave = filter.Wave,
                ChosenSegments = chosenSegments,
                Table = table,
                Rule = rule,
                Threshold = threshold,
                MaxQuestionable = filter.MaxQuestionable,
                CompareBy = compareBy,
                ThisView = formAction + ReportView.Query(table, rule, threshold, filter, compareBy ?? "", request.LanguageCode),
                Languages = [.. languages.Select(other => LanguageChoice.Of(
                    other, formAction + ReportView.Query(table, rule, threshold, filter, compareBy ?? "", other.Code), other == language))],
                EverybodyView = formAction + ReportView.Query(table, rule, threshold, new RespondentFilter(null, [], filter.MaxQuestionable), compareBy ?? "", request.LanguageCode),
                ExcludeQuestionableView = formAction + ReportView.Query(table, rule, threshold, filter with { MaxQuestionable = quality.MaxQuestionable }, compareBy ?? "", request.LanguageCode),
            },
        };
    }

    /// <summary>
    /// The chart's four quadrants as lists (Berger et al. 1993), for a phone or a screen reader: Better and |Worse| at
    /// 0.5 or more put a feature in the upper and the right half, as <see cref="BetterWorseChart"/> draws it.
    /// </summary>
    private static IReadOnlyList<(KanoCategory Category, IReadOnlyList<FeatureAnalysisResponse> Features)> Quadrants(AnalysisResponse analysis)
    {
        var plotted = analysis.Features.Where(feature => feature.Better is not null && feature.Worse is not null).ToArray();
        return [.. new[] { (KanoCategory.Basic, true, false), (KanoCategory.Expected, true, true), (KanoCategory.Delighter, false, true), (KanoCategory.Indifferent, false, false) }
            .Select(quadrant => (quadrant.Item1, (IReadOnlyList<FeatureAnalysisResponse>)plotted
                .Where(feature => Math.Abs(feature.Worse!.Value) >= 0.5 == quadrant.Item2 && feature.Better!.Value >= 0.5 == quadrant.Item3)
                .ToArray()))];
    }

    /// <summary>The first segment name (in name order) with two values or more of at least <see cref="SegmentMinimum"/> respondents each; null when none has.</summary>
    private static async Task<string?> ComparableSegmentAsync(ReadContext read, CancellationToken cancellationToken)
    {
        var rows = await read.Connection.QueryAsync<(string Name, long Respondents)>(new CommandDefinition(
            """
            SELECT name, count(*) FROM respondent_segments WHERE survey_id = @surveyId
            GROUP BY name, value
            """,
            new { surveyId = read.Survey.Id },
            transaction: read.Transaction, cancellationToken: cancellationToken));
        return rows.Where(row => row.Respondents >= SegmentMinimum)
            .GroupBy(row => row.Name)
            .Where(values => values.Count() >= 2)
            .Select(values => values.Key)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}

/// <summary>
/// The report's options: the analysis options (see <see cref="AnalysisQuery"/>) as an HTML form sends them — every
/// field, blank for "the default" — and <c>by</c>, the segment compared.
/// </summary>
public sealed record ReportQuery
{
    /// <summary>Evaluation table: standard or pouliot. Default standard.</summary>
    [FromQuery(Name = "table")]
    public string? Table { get; init; }

    /// <summary>How a category is decided: mode, hierarchy or positive-vs-rest. Default hierarchy.</summary>
    [FromQuery(Name = "rule")]
    public string? Rule { get; init; }

    /// <summary>The hierarchy rule's category-strength threshold in percentage points (0-100). Default 6.</summary>
    [FromQuery(Name = "threshold")]
    public string? Threshold { get; init; }

    /// <summary>Only respondents of this wave; blank for every wave.</summary>
    [FromQuery(Name = "wave")]
    public string? Wave { get; init; }

    /// <summary>Leave out respondents with more than this many questionable (Q) answers; blank for nobody.</summary>
    [FromQuery(Name = "maxQuestionable")]
    public string? MaxQuestionable { get; init; }

    /// <summary>en or vi; overrides Accept-Language.</summary>
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }

    /// <summary>The segment compared; absent: the first segment with two values of at least 30 respondents each; blank: none.</summary>
    [FromQuery(Name = "by")]
    public string? By { get; init; }

    /// <summary>The analysis options, a blank field read as not given; false with errors when a number is not one.</summary>
    public bool TryRead(out AnalysisQuery query, out string? by, out Dictionary<string, string[]> errors)
    {
        errors = [];
        double? threshold = null;
        if (Text.NullIfBlank(Threshold) is { } thresholdText)
        {
            if (double.TryParse(thresholdText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                threshold = value;
            }
            else
            {
                errors["threshold"] = ["must be a number of percentage points from 0 to 100"];
            }
        }

        int? maxQuestionable = null;
        if (Text.NullIfBlank(MaxQuestionable) is { } maxText)
        {
            if (int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                maxQuestionable = value;
            }
            else
            {
                errors["maxQuestionable"] = ["must be a whole number, 0 or more, or blank to keep everyone"];
            }
        }

        if (By is { Length: > 0 } named && !SurveyRules.IsSegmentName(named))
        {
            errors["by"] = [$"name the segment to compare in 1-{Limits.SegmentNameLength} characters, or leave it empty for none"];
        }

        query = new AnalysisQuery
        {
            Table = Text.NullIfBlank(Table),
            Rule = Text.NullIfBlank(Rule),
            Threshold = threshold,
            Wave = Text.NullIfBlank(Wave) is null ? null : Wave,
            MaxQuestionable = maxQuestionable,
            Lang = Text.NullIfBlank(Lang),
        };
        by = By;
        return errors.Count == 0;
    }
}
