using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Links;
using KanoApi.Pages;
using KanoApi.Questionnaire;
using KanoApi.Responses;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Forms;

/// <summary>
/// The hosted form, <c>/f/{token}</c>: the survey's questionnaire as a server-rendered page for anyone holding a form
/// link, and its submission. A submission is stored through the same code as POST …/responses (one transaction,
/// aggregates included) and reaches nothing but this one survey's response creation.
/// </summary>
public static partial class FormsApi
{
    private const string RespondentField = "respondent";

    public static IEndpointRouteBuilder MapForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/f/{token}", ShowForm).OpenedByLink(LinkKinds.Form).WithName("ShowForm");
        app.MapPost("/f/{token}", SubmitForm).OpenedByLink(LinkKinds.Form).WithName("SubmitForm");
        return app;
    }

    private static async Task<Results<RazorComponentResult<FormPage>, RazorComponentResult<MessagePage>, RazorComponentResult<NotFoundPage>>> ShowForm(
        HttpContext context, Database database, IAntiforgery antiforgery)
    {
        var link = LinkPages.ActiveLinkOf(context);
        var connection = await database.ForRequestAsync(context);
        var source = await QuestionnaireStore.LoadAsync(connection, link.WorkspaceId, link.SurveyId, context.RequestAborted);
        var language = PageLanguage.Choose(context.Request, PageLanguage.FromCode(source?.Survey.Language));
        if (source is null || source.Features.Count == 0)
        {
            return PublicPages.LinkNotFound(language);
        }

        if (ReadFiling(context.Request, link, new ValidationErrors()) is null)
        {
            return BadAddress(language);
        }

        // A respondent id per rendered form: the order's seed, and what makes a double submit store once.
        var respondent = $"form-{Guid.NewGuid():N}";
        return Render(context, antiforgery, source, language, respondent, new Dictionary<string, string>(), new Dictionary<string, string>(), null, StatusCodes.Status200OK);
    }

    private static async Task<Results<RazorComponentResult<FormPage>, RazorComponentResult<ThankYouPage>, RazorComponentResult<MessagePage>, RazorComponentResult<NotFoundPage>>> SubmitForm(
        HttpContext context, Database database, IAntiforgery antiforgery)
    {
        var link = LinkPages.ActiveLinkOf(context);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var language = PageLanguage.Parse(form?["lang"].ToString()) ?? PageLanguage.Choose(request, Language.English);
        var connection = await database.ForRequestAsync(context);
        var source = await QuestionnaireStore.LoadAsync(connection, link.WorkspaceId, link.SurveyId, cancellationToken);
        if (source is null || source.Features.Count == 0)
        {
            return PublicPages.LinkNotFound(language);
        }

        var filing = ReadFiling(request, link, new ValidationErrors());
        if (form is null || filing is null)
        {
            return BadAddress(language);
        }

        var text = PageText.For(language);
        var values = form.Where(pair => pair.Key != PublicPages.AntiforgeryField)
            .ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var respondent = form[RespondentField].ToString();
        if (!RespondentKey().IsMatch(respondent))
        {
            respondent = $"form-{Guid.NewGuid():N}";
        }

        // A post from another site, or a form whose token no longer fits its cookie: show the answers again to send, store nothing.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Render(context, antiforgery, source, language, respondent, values, new Dictionary<string, string>(), text.FormExpired, StatusCodes.Status400BadRequest);
        }

        var definition = QuestionnaireBuilder.Build(source, language, respondent);
        var (answers, errors) = ReadAnswers(definition, values, text);
        if (errors.Count > 0)
        {
            return Render(context, antiforgery, source, language, respondent, values, errors, text.ErrorSummary, StatusCodes.Status400BadRequest);
        }

        var submission = new ResponseSubmission(respondent, filing.Value.Wave, filing.Value.Segments, answers);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LinkStore.CountResponseAsync(connection, transaction, link.Id, cancellationToken))
        {
            // Revoked, expired or full since the page was opened: the same page as any dead link.
            return PublicPages.LinkNotFound(language);
        }

        var problems = new ValidationErrors();
        var (checkedAnswers, recorded) = await ResponsesApi.StoreOneAsync(connection, transaction, link.SurveyId, submission, problems, cancellationToken);
        if (checkedAnswers is null)
        {
            // The form's own checks passed, so the survey changed under the respondent (a feature deleted): ask again.
            await transaction.RollbackAsync(cancellationToken);
            return Render(context, antiforgery, source, language, respondent, values, new Dictionary<string, string>(), text.FormExpired, StatusCodes.Status409Conflict);
        }

        if (recorded)
        {
            await transaction.CommitAsync(cancellationToken);
            Telemetry.AnswersStored.Add(checkedAnswers.Answers.Count);
        }
        else
        {
            // The same rendered form sent twice (a double click, a reload): its first submission is the one stored, counted once.
            await transaction.RollbackAsync(cancellationToken);
        }

        return new RazorComponentResult<ThankYouPage>(new Dictionary<string, object?>
        {
            [nameof(ThankYouPage.Text)] = text,
            [nameof(ThankYouPage.Message)] = definition.ThankYou,
        });
    }

    /// <summary>
    /// The wave and segments a response is filed under: the link's own, then the ones the team put in the address
    /// (<c>?wave=…</c>, <c>?segment.plan=pro</c>) for what the link leaves open. Null when the address holds an invalid one.
    /// </summary>
    private static (string? Wave, IReadOnlyDictionary<string, string> Segments)? ReadFiling(HttpRequest request, ActiveLink link, ValidationErrors errors)
    {
        var segments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
        {
            if (name.StartsWith("segment.", StringComparison.Ordinal))
            {
                var segment = name["segment.".Length..];
                ResponseReading.CheckSegment(segment, value.ToString(), name, errors);
                segments[segment.Trim()] = value.ToString().Trim();
            }
        }

        var wave = Text.NullIfBlank(request.Query["wave"].ToString());
        errors.CheckText("wave", wave, Limits.WaveLength);
        foreach (var (name, value) in link.Segments)
        {
            segments[name] = value;
        }

        if (segments.Count > Limits.SegmentsPerRespondent)
        {
            errors.Add("segment", $"at most {Limits.SegmentsPerRespondent} segments");
        }

        return errors.Any ? null : (link.Wave ?? wave, segments);
    }

    /// <summary>Every feature's answers from the form fields, or the message to show next to each question missing or invalid.</summary>
    private static (IReadOnlyList<SubmittedAnswer?> Answers, Dictionary<string, string> Errors) ReadAnswers(
        QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> values, PageText text)
    {
        var codes = definition.Features[0].Options.Select(option => option.Code).ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var answers = new List<SubmittedAnswer?>();
        foreach (var feature in definition.Features)
        {
            string? Choice(string question)
            {
                var field = FormView.Field(feature.Key, question);
                var value = values.GetValueOrDefault(field);
                if (value is not null && codes.Contains(value))
                {
                    return value;
                }

                errors[field] = text.ChooseAnAnswer;
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

                errors[field] = text.ChooseAnAnswer;
                return null;
            }

            var functional = Choice("functional");
            var dysfunctional = Choice("dysfunctional");
            var importance = Scale(definition.Importance);
            var satisfaction = Scale(definition.Satisfaction);
            answers.Add(new SubmittedAnswer(
                JsonSerializer.SerializeToElement(feature.Key),
                JsonSerializer.SerializeToElement(functional),
                JsonSerializer.SerializeToElement(dysfunctional),
                importance is null ? null : JsonSerializer.SerializeToElement(importance),
                satisfaction is null ? null : JsonSerializer.SerializeToElement(satisfaction)));
        }

        return (answers, errors);
    }

    private static RazorComponentResult<FormPage> Render(
        HttpContext context, IAntiforgery antiforgery, QuestionnaireSource source, Language language, string respondent,
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string? summary, int status)
    {
        var definition = QuestionnaireBuilder.Build(source, language, respondent);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var request = context.Request;
        var languages = PageText.All.Select(text => new LanguageChoice(
                text.Code, text.LanguageName, request.Path + QueryWithLanguage(request.Query, text.Code), text.Code == definition.Language))
            .ToArray();
        var view = new FormView(
            PageText.For(language), definition, request.Path + QueryWithLanguage(request.Query, definition.Language), respondent, tokens.RequestToken!,
            values, errors, summary, languages);
        return new RazorComponentResult<FormPage>(new Dictionary<string, object?> { [nameof(FormPage.View)] = view }) { StatusCode = status };
    }

    /// <summary>The page's query with <c>lang</c> set: the team's segment and wave parameters travel with every link and post.</summary>
    private static string QueryWithLanguage(IQueryCollection query, string language)
    {
        var parameters = query.Where(pair => pair.Key != "lang")
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("lang", (string?)language));
        return Microsoft.AspNetCore.Http.QueryString.Create(parameters).ToUriComponent();
    }

    private static RazorComponentResult<MessagePage> BadAddress(Language language)
    {
        var text = PageText.For(language);
        return PublicPages.Message(language, text.BadAddressTitle, text.BadAddressBody, StatusCodes.Status400BadRequest);
    }

    [GeneratedRegex(@"\Aform-[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RespondentKey();
}
