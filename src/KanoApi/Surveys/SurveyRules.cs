using System.Text.RegularExpressions;
using KanoApi.Infrastructure;
using KanoApi.Responses;

namespace KanoApi.Surveys;

/// <summary>
/// What a survey's data may hold, in one place for every way in (JSON responses and batches, the CSV import, the
/// hosted form, links, the analysis filters): feature keys, respondent ids, waves and segments. A check writes what is
/// wrong into the request's <see cref="ValidationErrors"/> under the path the caller gives (<c>answers[3].feature</c>,
/// <c>row 31, column wave</c>, <c>segment.plan</c>); the <c>Is…</c> predicates serve the query options, whose own
/// messages name the option's syntax. A new rule, or a changed limit, is a change here only.
/// </summary>
internal static partial class SurveyRules
{
    /// <summary>
    /// A feature key as stored: keys ignore letter case (a CSV header, a JSON answer, a route and a new key all name the
    /// same feature whatever the case), and are stored in lower case so that uniqueness in SQL is uniqueness ignoring
    /// case. Only A-Z fold: other letters are not part of a key, so "ı" or the Kelvin sign never become "i" or "k"
    /// (as ToLowerInvariant or OrdinalIgnoreCase would let them) and stay invalid.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(key))]
    public static string? FoldFeatureKey(string? key)
    {
        if (key is null || !key.Any(char.IsAsciiLetterUpper))
        {
            return key;
        }

        return string.Create(key.Length, key, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });
    }

    /// <summary>A (folded) feature key: a slug of at most <see cref="Limits.FeatureKeyLength"/> characters, never all digits (ids are).</summary>
    public static bool IsFeatureKey(string key) =>
        key.Length <= Limits.FeatureKeyLength && Slug().IsMatch(key) && !key.All(char.IsAsciiDigit);

    /// <summary>Checks a folded feature key (<see cref="FoldFeatureKey"/>); null is absent.</summary>
    public static void CheckFeatureKey(string? key, string path, ValidationErrors errors, bool required)
    {
        if (key is null)
        {
            if (required)
            {
                errors.Add(path, "is required");
            }

            return;
        }

        if (key.Length > Limits.FeatureKeyLength)
        {
            errors.Add(path, $"must be at most {Limits.FeatureKeyLength} characters (is {key.Length})");
        }
        else if (!IsFeatureKey(key))
        {
            errors.Add(path, "must be a slug: letters a-z (letter case is ignored), digits and single hyphens, e.g. fast-checkout, and not only digits");
        }
    }

    /// <summary>
    /// A respondent id names a resource (<c>/responses/{respondentId}</c>), so it must be addressable: 1-100
    /// characters once trimmed, without slashes, '?', '#' or control characters.
    /// </summary>
    public static void CheckRespondentId(string value, string path, ValidationErrors errors)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            errors.Add(path, "must not be empty (leave it out to have one generated)");
        }
        else if (trimmed.Length > Limits.RespondentIdLength)
        {
            errors.Add(path, $"must be at most {Limits.RespondentIdLength} characters (is {trimmed.Length})");
        }
        else if (Text.Unprintable(trimmed) is { } reason)
        {
            errors.Add(path, reason);
        }
        else if (trimmed.IndexOfAny(['/', '\\', '?', '#']) >= 0 || trimmed.Any(char.IsControl))
        {
            errors.Add(path, "must not contain '/', '\\', '?', '#' or control characters: it is part of the respondent's address");
        }
    }

    /// <summary>Checks an optional wave name; blank is no wave.</summary>
    public static void CheckWave(string? wave, string path, ValidationErrors errors) =>
        errors.CheckText(path, wave, Limits.WaveLength);

    /// <summary>A wave name as a filter or a comparison names it: 1-<see cref="Limits.WaveLength"/> characters.</summary>
    public static bool IsWave(string wave) => wave.Length is > 0 and <= Limits.WaveLength;

    /// <summary>A segment name as a filter names it: 1-<see cref="Limits.SegmentNameLength"/> characters.</summary>
    public static bool IsSegmentName(string name) => name.Length is > 0 and <= Limits.SegmentNameLength;

    /// <summary>A segment value as a filter gives it: 1-<see cref="Limits.SegmentValueLength"/> characters.</summary>
    public static bool IsSegmentValue(string value) => value.Length is > 0 and <= Limits.SegmentValueLength;

    /// <summary>Checks a respondent's segments object: at most <see cref="Limits.SegmentsPerRespondent"/>, each checked, no name twice.</summary>
    public static void CheckSegments(IReadOnlyDictionary<string, string>? segments, string path, ValidationErrors errors)
    {
        if (segments is null)
        {
            return;
        }

        CheckSegmentCount(segments.Count, path, errors);
        var names = new HashSet<string>(SegmentParameters.Names);
        foreach (var (name, value) in segments)
        {
            CheckSegment(name, value, $"{path}.{name}", errors);
            if (!string.IsNullOrWhiteSpace(name) && !names.Add(name.Trim()))
            {
                errors.Add($"{path}.{name}", "is the same segment as another: names are compared ignoring case and surrounding spaces");
            }
        }
    }

    /// <summary>Checks how many segments one respondent is filed under.</summary>
    public static void CheckSegmentCount(int count, string path, ValidationErrors errors)
    {
        if (count > Limits.SegmentsPerRespondent)
        {
            errors.Add(path, $"must hold at most {Limits.SegmentsPerRespondent} segments (holds {count})");
        }
    }

    /// <summary>Checks a segment's name: 1-50 printable characters once trimmed; false when it is not one.</summary>
    public static bool CheckSegmentName(string name, string path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Limits.SegmentNameLength)
        {
            errors.Add(path, $"a segment name must be 1-{Limits.SegmentNameLength} characters");
            return false;
        }

        if (Text.Unprintable(name, name: true) is { } reason)
        {
            errors.Add(path, "a segment name " + reason);
            return false;
        }

        return true;
    }

    /// <summary>Checks one segment: a name of 1-50 printable characters and a value of 1-100, both trimmed.</summary>
    public static void CheckSegment(string name, string? value, string path, ValidationErrors errors)
    {
        CheckSegmentName(name, path, errors);
        if (value is null || value.Trim().Length == 0)
        {
            errors.Add(path, "a segment value must not be empty");
        }
        else if (value.Trim().Length > Limits.SegmentValueLength)
        {
            errors.Add(path, $"must be at most {Limits.SegmentValueLength} characters (is {value.Trim().Length})");
        }
        else
        {
            errors.CheckCharacters(path, value);
        }
    }

    // \z, not $: in .NET "$" also matches before a final newline, which would let "key\n" through.
    [GeneratedRegex(@"\A[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
