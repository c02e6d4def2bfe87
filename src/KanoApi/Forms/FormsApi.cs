using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Audiences;
using KanoApi.Infrastructure;
using KanoApi.Links;
using KanoApi.Pages;
using KanoApi.Questionnaire;
using KanoApi.Responses;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Forms;

/// <summary>
/// The hosted form, <c>/f/{token}</c>: the survey's questionnaire as a server-rendered page for anyone holding a form
/// link, and its submission. A submission is accepted from the form's own site only (<see cref="FormOrigin"/>), stores
/// at most the one respondent its render was issued (<see cref="FormRespondents"/>), is stored through the same code as
/// POST …/responses (one transaction, aggregates included) and reaches nothing but this one survey's response creation.
/// </summary>
public static class FormsApi
{
    private const string RespondentField = "respondent";

    /// <summary>What the form needs beside the pages' own services (<see cref="PublicPages.AddKanoPages"/>).</summary>
    public static IServiceCollection AddKanoForms(this IServiceCollection services) =>
        services.AddSingleton<FormRespondents>().AddSingleton<FormSteps>();

    public static IEndpointRouteBuilder MapForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/f/{token}", ShowForm).OpenedByLink(LinkKinds.Form).WithName("ShowForm");
        app.MapPost("/f/{token}", SubmitForm).OpenedByLink(LinkKinds.Form).WithName("SubmitForm");
        return app;
    }

    private static async Task<Results<RazorComponentResult<FormPage>, RazorComponentResult<MessagePage>, RazorComponentResult<NotFoundPage>>> ShowForm(
        HttpContext context, Database database, IAntiforgery antiforgery, FormRespondents respondents, FormSteps steps)
    {
        var link = LinkPages.ActiveLinkOf(context);
        var connection = await database.ForRequestAsync(context);
        var source = await StaffAudience.FormSourceAsync(connection, link, context.RequestAborted);
        var language = Languages.Choose(context.Request, Languages.OfSurvey(source?.Survey.Language));
        if (source is null || source.Features.Count == 0)
        {
            return PublicPages.LinkNotFound(language);
        }

        var addressErrors = new ValidationErrors();
        if (ReadFiling(context.Request, link, addressErrors) is null)
        {
            return BadAddress(language, addressErrors);
        }

        // The respondent this render may store, issued now: the order's seed, and what one rendered form stores at most.
        var respondent = respondents.Issue(link.Id);
        var page = new FormRender(context, antiforgery, steps, link.Id, source, language, respondent);
        return page.Show(0, new Dictionary<string, string>(), new Dictionary<string, string>(), null, StatusCodes.Status200OK);
    }

    private static async Task<Results<RazorComponentResult<FormPage>, RazorComponentResult<ThankYouPage>, RazorComponentResult<MessagePage>, RazorComponentResult<NotFoundPage>>> SubmitForm(
        HttpContext context, Database database, IAntiforgery antiforgery, FormRespondents respondents, FormSteps steps, IConfiguration configuration)
    {
        var link = LinkPages.ActiveLinkOf(context);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (!FormOrigin.IsOwnSite(request, configuration))
        {
            return Message(request, text => (text["ForeignPostTitle"], text["ForeignPostBody"]), StatusCodes.Status403Forbidden);
        }

        var (form, unreadable) = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return Message(request, text => (text["UnreadableFormTitle"], text["UnreadableFormBody"]), unreadable);
        }

        var language = Languages.Parse(context, form["lang"].ToString()) ?? Languages.Choose(request, Language.English);
        var connection = await database.ForRequestAsync(context);
        var source = await StaffAudience.FormSourceAsync(connection, link, cancellationToken);
        if (source is null || source.Features.Count == 0)
        {
            return PublicPages.LinkNotFound(language);
        }

        var addressErrors = new ValidationErrors();
        var filing = ReadFiling(request, link, addressErrors);
        if (filing is null)
        {
            return BadAddress(language, addressErrors);
        }

        var text = Texts.Of<PageTexts>(language);
        var values = form.Where(pair => pair.Key != PublicPages.AntiforgeryField)
            .ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);

        // The respondent is the one this service issued with the page, for this link: a made-up, altered, expired or
        // other link's one stores nothing, and the answers come back under a respondent issued afresh.
        if (respondents.Read(form[RespondentField].ToString(), link.Id) is not { } respondent)
        {
            var fresh = new FormRender(context, antiforgery, steps, link.Id, source, language, respondents.Issue(link.Id));
            return fresh.Show(0, values, new Dictionary<string, string>(), text["FormExpired"], StatusCodes.Status400BadRequest);
        }

        var page = new FormRender(context, antiforgery, steps, link.Id, source, language, respondent);
        var definition = page.Questionnaire;

        // A post from another site, or a form whose token no longer fits its cookie: show the answers again to send, store nothing.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return page.Show(0, values, new Dictionary<string, string>(), text["FormExpired"], StatusCodes.Status400BadRequest);
        }

        // A post without a step seal at all is a whole form, rendered on one page before the survey was switched to
        // steps: it is checked and stored whole, as any one-page form. A seal that is there must open.
        if (page.Stepped && form.ContainsKey(FormSteps.Field))
        {
            // Asked in steps: the earlier steps' answers come from the sealed state only, this step's from the post.
            if (steps.Open(form[FormSteps.Field].ToString(), link.Id, respondent.Id) is not { } state)
            {
                return page.Show(0, new Dictionary<string, string>(), new Dictionary<string, string>(), text["StepsUnreadable"], StatusCodes.Status400BadRequest);
            }

            var step = FormStep.Of(definition, state.Step);
            var stepFields = step.Features.SelectMany(feature => FormView.FieldsOf(definition, feature)).ToHashSet(StringComparer.Ordinal);
            values = state.Answers.Where(pair => !stepFields.Contains(pair.Key))
                .Concat(values.Where(pair => stepFields.Contains(pair.Key) && pair.Value.Length > 0))
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            if (form["go"] == "back")
            {
                return page.Show(step.Index - 1, values, new Dictionary<string, string>(), null, StatusCodes.Status200OK);
            }

            var (_, stepErrors) = ReadAnswers(definition, step.Features, values, text);
            if (stepErrors.Count > 0)
            {
                return page.Show(step.Index, values, stepErrors, text["ErrorSummary"], StatusCodes.Status400BadRequest);
            }

            if (!step.IsLast)
            {
                return page.Show(step.Index + 1, values, new Dictionary<string, string>(), null, StatusCodes.Status200OK);
            }
        }

        var (answers, errors) = ReadAnswers(definition, definition.Features, values, text);
        if (errors.Count > 0)
        {
            // On one page, every message; in steps, the first step with a question unanswered (a feature added meanwhile).
            var step = FormStep.Asking(definition, errors.Keys.First()[..errors.Keys.First().LastIndexOf('.')]);
            return page.Show(step.Index, values, errors, text["ErrorSummary"], StatusCodes.Status400BadRequest);
        }

        var submission = new ResponseSubmission(respondent.Id, filing.Value.Wave, filing.Value.Segments, answers);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LinkStore.CountResponseAsync(connection, transaction, link.Id, cancellationToken))
        {
            // Revoked, expired or full since the page was opened: the same page as any dead link.
            return PublicPages.LinkNotFound(language);
        }

        var problems = new ValidationErrors();
        var (checkedAnswers, recorded) = await OneResponse.CheckAndStoreAsync(connection, transaction, source.Survey.Id, submission, problems, cancellationToken);
        if (checkedAnswers is null)
        {
            // The form's own checks passed, so the survey changed under the respondent (a feature deleted): ask again.
            await transaction.RollbackAsync(cancellationToken);
            return page.Show(0, values, new Dictionary<string, string>(), text["FormExpired"], StatusCodes.Status409Conflict);
        }

        if (recorded)
        {
            await transaction.CommitAsync(cancellationToken);
            Telemetry.AnswersStored.Add(checkedAnswers.Answers.Count);
        }
        else
        {
            // This render's respondent is stored already (a double click, a reload, a replay): its first submission is
            // the one kept, counted once; every later one stores nothing and is thanked the same.
            await transaction.RollbackAsync(cancellationToken);
        }

        return new RazorComponentResult<ThankYouPage>(new Dictionary<string, object?>
        {
            [nameof(ThankYouPage.Language)] = language,
            [nameof(ThankYouPage.Message)] = definition.ThankYou,
            [nameof(ThankYouPage.Survey)] = definition.Title,
        });
    }

    /// <summary>
    /// The posted form, or the status to answer when it cannot be read: not a form at all (415), or one the framework
    /// refuses (a NUL character, more than 1,024 fields, a name over 2,048 characters, a broken multipart body: 400;
    /// over the body limit: 413). Those are the client's mistakes, answered with a page, not errors of the service.
    /// </summary>
    private static async Task<(IFormCollection? Form, int Status)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return (await request.ReadFormAsync(cancellationToken), StatusCodes.Status200OK);
        }
        catch (BadHttpRequestException exception)
        {
            return (null, exception.StatusCode);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>
    /// The wave and segments a response is filed under: the link's own, then the ones the team put in the address
    /// (<c>?wave=…</c>, <c>?segment.plan=pro</c>) for what the link leaves open. Null when the address holds an invalid
    /// one, or names one twice (<see cref="SegmentParameters"/>): which of two values was meant cannot be told.
    /// </summary>
    private static (string? Wave, IReadOnlyDictionary<string, string> Segments)? ReadFiling(HttpRequest request, ActiveLink link, ValidationErrors errors)
    {
        var segments = new Dictionary<string, string>(SegmentParameters.Names);
        foreach (var (key, name, value) in SegmentParameters.Read(request.Query, errors.Add))
        {
            SurveyRules.CheckSegment(name, value, key, errors);
            segments[name.Trim()] = value.Trim();
        }

        var waves = request.Query["wave"];
        if (waves.Count > 1)
        {
            errors.Add("wave", "is given more than once; give it once");
        }

        var wave = Text.NullIfBlank(waves.ToString());
        SurveyRules.CheckWave(wave, "wave", errors);
        foreach (var (name, value) in link.Segments)
        {
            // The link's own win, whatever case the address gives the name in.
            segments.Remove(name);
            segments[name] = value;
        }

        SurveyRules.CheckSegmentCount(segments.Count, "segment", errors);

        return errors.Any ? null : (link.Wave ?? wave, new Dictionary<string, string>(segments, StringComparer.Ordinal));
    }

    /// <summary>These features' answers from the form fields, or the message to show next to each question missing or invalid.</summary>
    private static (IReadOnlyList<SubmittedAnswer?> Answers, Dictionary<string, string> Errors) ReadAnswers(
        QuestionnaireDefinition definition, IReadOnlyList<QuestionnaireFeature> features, IReadOnlyDictionary<string, string> values, Texts text)
    {
        var codes = definition.Features[0].Options.Select(option => option.Code).ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var answers = new List<SubmittedAnswer?>();
        foreach (var feature in features)
        {
            string? Choice(string question)
            {
                var field = FormView.Field(feature.Key, question);
                var value = values.GetValueOrDefault(field);
                if (value is not null && codes.Contains(value))
                {
                    return value;
                }

                errors[field] = text["ChooseAnAnswer"];
                return null;
            }

            int? Scale(QuestionnaireScale? scale)
            {
                if (scale is null)
                {
                    return null;
                }

                var field = FormView.Field(feature.Key, scale.Field);
                var value = values.GetValueOrDefault(field);
                if (string.IsNullOrEmpty(value))
                {
                    return null;
                }

                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var point) && scale.Points.Any(p => p.Value == point))
                {
                    return point;
                }

                errors[field] = text["ChooseAnAnswer"];
                return null;
            }

            var functional = Choice("functional");
            var dysfunctional = Choice("dysfunctional");
            var importance = Scale(definition.Importance);
            var satisfaction = Scale(definition.Satisfaction);
            var expectation = Scale(feature.ServiceQuality?.Expectation);
            var perception = Scale(feature.ServiceQuality?.Perception);
            answers.Add(new SubmittedAnswer(
                AnswerToken.Of(feature.Key),
                AnswerToken.Of(functional),
                AnswerToken.Of(dysfunctional),
                importance is null ? null : AnswerToken.Of(importance.Value),
                satisfaction is null ? null : AnswerToken.Of(satisfaction.Value),
                expectation is null ? null : AnswerToken.Of(expectation.Value),
                perception is null ? null : AnswerToken.Of(perception.Value)));
        }

        return (answers, errors);
    }

    /// <summary>
    /// The form of one respondent of one link in one language, rendered at any step: the questionnaire is built once,
    /// from the respondent's id as seed, so every step and the final check ask the same features in the same order.
    /// </summary>
    private sealed class FormRender(
        HttpContext context, IAntiforgery antiforgery, FormSteps steps, long linkId, QuestionnaireSource source, Language language, FormRespondent respondent)
    {
        public QuestionnaireDefinition Questionnaire { get; } = QuestionnaireBuilder.Build(source, language, respondent.Id);

        public bool Stepped => FormStep.Of(Questionnaire, 0).Stepped;

        /// <summary>
        /// Step <paramref name="index"/> with these answers chosen and these messages (only the step's own are shown: the
        /// summary links to questions on the page). In steps, every answer so far travels sealed with the page.
        /// </summary>
        public RazorComponentResult<FormPage> Show(
            int index, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string? summary, int status)
        {
            var step = FormStep.Of(Questionnaire, index);
            var fields = step.Features.SelectMany(feature => FormView.FieldsOf(Questionnaire, feature)).ToHashSet(StringComparer.Ordinal);
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers["Referrer-Policy"] = FormOrigin.PageReferrerPolicy;
            var request = context.Request;
            var languages = Languages.Supported(context)
                .Select(choice => LanguageChoice.Of(choice, request.Path + QueryWithLanguage(request.Query, choice.Code), choice.Code == Questionnaire.Language))
                .ToArray();
            var view = new FormView(
                language, Questionnaire, request.Path + QueryWithLanguage(request.Query, Questionnaire.Language), respondent.Ticket, tokens.RequestToken!,
                values, errors.Where(pair => fields.Contains(pair.Key)).ToDictionary(), summary, languages,
                step, step.Stepped ? steps.Seal(linkId, respondent.Id, step.Index, AnswersOnly(values)) : null);
            return new RazorComponentResult<FormPage>(new Dictionary<string, object?> { [nameof(FormPage.View)] = view }) { StatusCode = status };
        }

        /// <summary>The answers among posted values: the page's own hidden fields (lang, the seals, the button) are not sealed again.</summary>
        private Dictionary<string, string> AnswersOnly(IReadOnlyDictionary<string, string> values)
        {
            var fields = Questionnaire.Features.SelectMany(feature => FormView.FieldsOf(Questionnaire, feature)).ToHashSet(StringComparer.Ordinal);
            return values.Where(pair => fields.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>The page's query with <c>lang</c> set: the team's segment and wave parameters travel with every link and post.</summary>
    private static string QueryWithLanguage(IQueryCollection query, string language)
    {
        var parameters = query.Where(pair => pair.Key != "lang")
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("lang", (string?)language));
        return Microsoft.AspNetCore.Http.QueryString.Create(parameters).ToUriComponent();
    }

    private static RazorComponentResult<MessagePage> BadAddress(Language language, ValidationErrors errors)
    {
        var text = Texts.Of<PageTexts>(language);
        return PublicPages.Message(language, text["BadAddressTitle"], $"{text["BadAddressBody"]} {text.Format("BadAddressWhat", errors.Summary())}", StatusCodes.Status400BadRequest);
    }

    /// <summary>A page that only says something, in the browser's language (a post that cannot be read has no <c>lang</c> field to go by).</summary>
    private static RazorComponentResult<MessagePage> Message(HttpRequest request, Func<Texts, (string Title, string Body)> words, int status)
    {
        var language = Languages.Choose(request, Language.English);
        var (title, body) = words(Texts.Of<PageTexts>(language));
        return PublicPages.Message(language, title, body, status);
    }
}
