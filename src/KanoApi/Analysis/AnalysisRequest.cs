using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Responses;
using KanoApi.Surveys;
using Microsoft.Net.Http.Headers;

namespace KanoApi.Analysis;

/// <summary>An analysis request's options, checked: what the engine and the SQL filter need, and the answer's language.</summary>
internal sealed record AnalysisRequest(AnalysisOptions Options, RespondentFilter Filter, Language Language)
{
    /// <summary>How the answer reports numbers (part of the ETag, so each precision is cached apart).</summary>
    public Precision Precision { get; init; }

    public const string SegmentPrefix = SegmentParameters.Prefix;

    /// <summary>The name of the segment filters as one deepObject parameter (<c>segment[plan]=pro</c>).</summary>
    public const string SegmentObject = SegmentParameters.ObjectName;
    private const int MaxSegmentFilters = 20;

    public string LanguageCode => Language.Code;

    /// <summary>
    /// Checks every option; each bad one is named in the errors with the values it allows. With
    /// <paramref name="blankSegmentMeansAll"/> a <c>segment.name=</c> without a value is no filter rather than an error:
    /// what an HTML form's "all" choice sends.
    /// </summary>
    public static bool TryResolve(AnalysisQuery query, HttpRequest request, out AnalysisRequest resolved, out Dictionary<string, string[]> errors, bool blankSegmentMeansAll = false)
    {
        errors = [];
        var table = EvaluationTable.Standard;
        if (query.Table is not null && !EvaluationTable.TryParse(query.Table, out table))
        {
            errors["table"] = [$"'{query.Table}' is not an evaluation table; allowed: {string.Join(", ", EvaluationTable.All.Select(t => t.Name))}"];
        }

        var rule = ClassificationRule.Hierarchy;
        if (query.Rule is not null && !KanoNames.TryParseRule(query.Rule, out rule))
        {
            errors["rule"] = [$"'{query.Rule}' is not a rule; allowed: {string.Join(", ", Enum.GetValues<ClassificationRule>().Select(KanoNames.Name))}"];
        }

        var threshold = AnalysisOptions.Default.HierarchyThreshold;
        if (query.Threshold is { } givenThreshold)
        {
            if (!double.IsFinite(givenThreshold) || givenThreshold < 0 || givenThreshold > 100)
            {
                errors["threshold"] = ["must be a number of percentage points from 0 to 100"];
            }
            else if (decimal.Round((decimal)givenThreshold, 2) != (decimal)givenThreshold)
            {
                // Category strengths are reported to two decimals, so a finer threshold decides nothing more; refusing
                // it (rather than rounding silently) also keeps 6.0000001 from keying a representation of its own.
                errors["threshold"] = ["must have at most two decimals (percentage points, e.g. 6 or 7.5)"];
            }
            else
            {
                threshold = givenThreshold;
            }
        }

        if (query.MaxQuestionable is < 0)
        {
            errors["maxQuestionable"] = ["must be 0 or more"];
        }

        if (query.Wave is { Length: > 0 } wave && !SurveyRules.IsWave(wave))
        {
            errors["wave"] = [$"must be at most {Limits.WaveLength} characters"];
        }
        else if (request.Query["wave"].Count > 1)
        {
            // Bound as "a,b", a wave no respondent has: which one was meant cannot be told.
            errors["wave"] = ["is given more than once; give one wave"];
        }
        else if (query.Wave is not null && Text.Unprintable(query.Wave) is { } unprintable)
        {
            errors["wave"] = [unprintable];
        }

        var segments = new List<KeyValuePair<string, string>>();
        var refused = errors; // an out parameter cannot be captured by the lambda
        foreach (var (key, name, value) in SegmentParameters.Read(request.Query, (key, message) => refused[key] = [message]))
        {
            if (blankSegmentMeansAll && value.Length == 0)
            {
                continue;
            }

            if (!SurveyRules.IsSegmentName(name) || !SurveyRules.IsSegmentValue(value))
            {
                errors[key] = [$"give one value of 1-{Limits.SegmentValueLength} characters for a segment name of 1-{Limits.SegmentNameLength} characters, e.g. segment.plan=enterprise or segment[plan]=enterprise"];
                continue;
            }

            if ((Text.Unprintable(name, name: true) ?? Text.Unprintable(value)) is { } reason)
            {
                errors[key] = [reason];
                continue;
            }

            segments.Add(new(name, value));
        }

        if (segments.Count > MaxSegmentFilters)
        {
            errors[SegmentPrefix + "*"] = [$"at most {MaxSegmentFilters} segment filters"];
        }

        // Exactly a supported tag ("vi-VN" is not one here, as before); without lang, what Accept-Language negotiated.
        var language = Languages.Choose(request, Language.English);
        if (query.Lang is not null)
        {
            language = Languages.Supported(request.HttpContext).FirstOrDefault(supported => supported.Code.Equals(query.Lang, StringComparison.OrdinalIgnoreCase)) ?? Language.English;
            if (!language.Code.Equals(query.Lang, StringComparison.OrdinalIgnoreCase))
            {
                errors["lang"] = [$"'{query.Lang}' is not a supported language; allowed: {Languages.Allowed(request.HttpContext)}"];
            }
        }

        var precision = Precision.Rounded;
        if (query.Precision is not null)
        {
            if (query.Precision.Equals("full", StringComparison.OrdinalIgnoreCase))
            {
                precision = Precision.Full;
            }
            else if (!query.Precision.Equals("rounded", StringComparison.OrdinalIgnoreCase))
            {
                errors["precision"] = [$"'{query.Precision}' is not a precision; allowed: rounded, full"];
            }
        }

        resolved = new AnalysisRequest(
            new AnalysisOptions { Table = table, Rule = rule, HierarchyThreshold = threshold },
            new RespondentFilter(string.IsNullOrEmpty(query.Wave) ? null : query.Wave, segments, query.MaxQuestionable),
            language)
        {
            Precision = precision,
        };
        return errors.Count == 0;
    }

    /// <summary>
    /// A weak ETag over everything the answer depends on: the survey's versions (any new response, feature or rename
    /// changes them), the options, the language and the representation.
    /// </summary>
    public string ETag(SurveyRow survey, string representation)
    {
        // The workspace and the survey's creation time keep tags (and the answers cached under them) apart should a
        // survey id ever be given out twice (ids are AUTOINCREMENT since migration 0007; older databases may hold reuses).
        // Every part length-prefixed: no value (a segment named in `by`, a wave) can pass for another part.
        var canonical = CanonicalText.Of(
            survey.WorkspaceId.ToString(CultureInfo.InvariantCulture),
            survey.Id.ToString(CultureInfo.InvariantCulture),
            survey.CreatedAt,
            survey.Version.ToString(CultureInfo.InvariantCulture),
            survey.DataVersion.ToString(CultureInfo.InvariantCulture),
            Options.Table.Name,
            KanoNames.Name(Options.Rule),
            Options.HierarchyThreshold.ToString("R", CultureInfo.InvariantCulture),
            Filter.Canonical(),
            LanguageCode,
            representation,
            Precision == Precision.Full ? "full" : "rounded");
        if (KnownTags.TryGetValue(canonical, out var known))
        {
            return known;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..20];
        var tag = $"W/\"{hash}\"";
        if (KnownTags.Count >= KnownTagsKept)
        {
            KnownTags.Clear();
        }

        KnownTags[canonical] = tag;
        return tag;
    }

    /// <summary>
    /// The tags of the texts hashed lately: a cached read of the same survey state and options (most reads) finds its
    /// tag here instead of hashing again, which was the largest cost of a cached read of this service's own code
    /// (decision 0028). A pure function's results, so keeping them cannot make a tag stale; emptied when full.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> KnownTags = new(StringComparer.Ordinal);

    private const int KnownTagsKept = 10_000;

    /// <summary>True when the client already holds this representation (If-None-Match).</summary>
    public static bool ClientHas(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(','))
            {
                var tag = candidate.Trim();
                // Weak comparison (RFC 9110 §13.1.2): W/"x" and "x" match.
                if (tag == "*" || StripWeak(tag) == StripWeak(etag))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the Accept header prefers CSV to JSON.</summary>
    public static bool WantsCsv(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var csv = accept.Where(value => value.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)).Select(value => value.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var json = accept.Where(value => value.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(value => value.Quality ?? 1).DefaultIfEmpty(-1).Max();
        return csv > 0 && csv >= json;
    }

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
