using System.Text.RegularExpressions;
using Kano.Analysis;
using KanoApi.Features;
using KanoApi.Questionnaire;
using KanoApi.Surveys;

namespace KanoApi.Responses.Import;

/// <summary>
/// The automatic mapping of an export's columns, each with how it was found and how sure: KanoApi's own header
/// convention; the survey's own question texts in either language (the questionnaire a team typed into their tool);
/// grid headers "… [Feature name]" with the polarity read from the grid's question; "&lt;prefix&gt;_functional" style
/// suffixes; the metadata columns the tools add (ignored). Segments are never guessed: a column becomes a segment only
/// when a mapping says so.
/// </summary>
internal sealed partial class ColumnGuess
{
    private readonly Dictionary<string, (string Key, string Part, string How)> byQuestion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);

    public ColumnGuess(IReadOnlyList<FeatureRow> features)
    {
        foreach (var feature in features)
        {
            keys.Add(feature.Key);
            byName.TryAdd(QuestionText.Normalize(feature.Name), feature.Key);
            byName.TryAdd(QuestionText.Normalize(feature.Key), feature.Key);
            AddQuestion(feature.FunctionalQuestion, feature.Key, "functional", "question text (en)");
            AddQuestion(feature.DysfunctionalQuestion, feature.Key, "dysfunctional", "question text (en)");
            AddQuestion(feature.FunctionalQuestionVi, feature.Key, "functional", "question text (vi)");
            AddQuestion(feature.DysfunctionalQuestionVi, feature.Key, "dysfunctional", "question text (vi)");
            foreach (var language in new[] { Language.English, Language.Vietnamese })
            {
                var how = language == Language.English ? "default question text (en)" : "default question text (vi)";
                AddQuestion(QuestionnaireWording.DefaultFunctionalQuestion(feature.Name, language), feature.Key, "functional", how);
                AddQuestion(QuestionnaireWording.DefaultDysfunctionalQuestion(feature.Name, language), feature.Key, "dysfunctional", how);
            }
        }
    }

    /// <summary>The question texts looked for, for the error of a file that maps no feature (a few, quoted).</summary>
    public IEnumerable<string> QuestionsLookedFor => byQuestion.Keys;

    /// <summary>Whether a header cell names something this import recognises (used to tell a CSV file's separator).</summary>
    public bool Recognises(string header) =>
        Guess(new HeaderColumn(0, header.Trim(), [header.Trim()], ImportHeader.SplitBracketed(header).Title, ImportHeader.SplitBracketed(header).Item))
            .To != "ignore" || Metadata.ContainsKey(QuestionText.Normalize(header));

    /// <summary>
    /// Every column's mapping; where two columns would answer the same feature's side, the later is ignored; of several
    /// timestamp columns (a start and an end), the one that says when the answers were complete is the time answered.
    /// </summary>
    public IReadOnlyList<ColumnMapping> Map(IReadOnlyList<HeaderColumn> columns)
    {
        var guesses = columns.Select(column => (Column: column, Guess: Guess(column) with { Column = column.Name, Index = column.Index + 1 })).ToArray();
        var answered = guesses.Where(guessed => guessed.Guess.To == ImportTargets.AnsweredAt)
            .OrderBy(guessed => Timestamp(guessed.Column)?.Rank ?? int.MaxValue).Select(guessed => guessed.Column).FirstOrDefault();
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        var mappings = new List<ColumnMapping>(columns.Count);
        foreach (var (column, guessed) in guesses)
        {
            var guess = guessed;
            if (guess.To == ImportTargets.AnsweredAt && column != answered)
            {
                guess = new ColumnMapping(column.Name, column.Index + 1, ImportTargets.Ignore,
                    How: $"metadata ({Timestamp(column)?.Tool}), a time; column \"{ResponseReading.Truncate(answered!.Name)}\" says when the answers were complete", Confidence: 1);
            }

            var side = guess.Feature is null ? ImportTargets.IsRespondentAttribute(guess.To) ? guess.To : null : $"{guess.Feature}.{guess.To}";
            if (side is not null && !taken.TryAdd(side, column.Name))
            {
                guess = new ColumnMapping(column.Name, column.Index + 1, "ignore", How: $"{guess.How}, but column \"{ResponseReading.Truncate(taken[side])}\" answers it already", Confidence: 0);
            }

            mappings.Add(guess);
        }

        return mappings;
    }

    private void AddQuestion(string? question, string key, string part, string how)
    {
        if (!string.IsNullOrWhiteSpace(question))
        {
            byQuestion.TryAdd(QuestionText.Normalize(question), (key, part, how));
        }
    }

    private ColumnMapping Guess(HeaderColumn column)
    {
        foreach (var text in column.Texts)
        {
            if (Own(text.Trim()) is { } own)
            {
                return own;
            }
        }

        foreach (var text in column.Texts)
        {
            var normalized = QuestionText.Normalize(text);
            if (Timestamps.TryGetValue(normalized, out var timestamp))
            {
                var order = ExportTimestamp.OrderOf(column);
                return new ColumnMapping(null, null, ImportTargets.AnsweredAt, DateOrder: DateOrders.Name(order),
                    How: $"time answered ({timestamp.Tool}; dates read {DateOrders.Name(order)} where they could be either, a time without an offset as UTC unless timeZone names its zone)", Confidence: 0.9);
            }

            if (Metadata.TryGetValue(normalized, out var tool))
            {
                return RespondentIds.Contains(normalized)
                    ? new ColumnMapping(null, null, ImportTargets.RespondentId, How: $"respondent id ({tool})", Confidence: 0.9)
                    : new ColumnMapping(null, null, ImportTargets.Ignore, How: $"metadata ({tool})", Confidence: 1);
            }

            if (normalized.StartsWith("utm_", StringComparison.Ordinal) || normalized.StartsWith("utm ", StringComparison.Ordinal))
            {
                return new ColumnMapping(null, null, "ignore", How: "metadata (UTM field)", Confidence: 1);
            }

            if (byQuestion.TryGetValue(normalized, out var question))
            {
                return new ColumnMapping(null, null, question.Part, question.Key, How: question.How, Confidence: 1);
            }
        }

        if (column.Title is { } title && column.Item is { } item && byName.TryGetValue(QuestionText.Normalize(item), out var gridFeature))
        {
            // A scale's grid (importance, satisfaction) is told by its question before the Kano pair's negation is read.
            var part = ScaleAsked(title) ?? (Negated(title) ? ImportTargets.Dysfunctional : ImportTargets.Functional);
            return new ColumnMapping(null, null, part, gridFeature, How: $"grid header (feature name in brackets, {part} from the grid question)", Confidence: 0.8);
        }

        foreach (var text in column.Texts)
        {
            if (ScaleAsked(text) is { } scale && FeatureMentioned(text) is { } mentioned)
            {
                return new ColumnMapping(null, null, scale, mentioned, How: $"question naming the feature ({scale} from its words)", Confidence: 0.7);
            }
        }

        foreach (var text in column.Texts)
        {
            if (SuffixPattern.Match(text.Trim()) is { Success: true } match && FeatureNamed(match.Groups["prefix"].Value) is { } feature)
            {
                return new ColumnMapping(null, null, match.Groups["part"].Value.ToLowerInvariant(), feature, How: "suffix (<feature>_functional)", Confidence: 0.9);
            }
        }

        return new ColumnMapping(null, null, "ignore", How: "not recognised (free text or unmapped)", Confidence: 0);
    }

    /// <summary>The feature a suffixed column's prefix names: its key ("dark-mode"), or its name with _ for spaces ("dark_mode").</summary>
    private string? FeatureNamed(string prefix) =>
        byName.TryGetValue(QuestionText.Normalize(prefix), out var key) || byName.TryGetValue(QuestionText.Normalize(prefix.Replace('_', ' ')), out key)
            ? key
            : null;

    /// <summary>KanoApi's own header convention, as the CSV import reads it.</summary>
    private ColumnMapping? Own(string header)
    {
        if (ImportTargets.AttributeHeader(header) is { } attribute)
        {
            return new ColumnMapping(null, null, attribute, How: "KanoApi header", Confidence: 1);
        }

        if (header.StartsWith("segment.", StringComparison.OrdinalIgnoreCase) && header.Length > "segment.".Length)
        {
            return new ColumnMapping(null, null, "segment", Segment: header["segment.".Length..].Trim(), How: "KanoApi header", Confidence: 1);
        }

        var dot = header.LastIndexOf('.');
        if (dot > 0 && SurveyRules.FoldFeatureKey(header[..dot]) is { } key && keys.Contains(key)
            && ImportTargets.IsFeaturePart(header[(dot + 1)..].ToLowerInvariant()))
        {
            return new ColumnMapping(null, null, header[(dot + 1)..].ToLowerInvariant(), key, How: "KanoApi header", Confidence: 1);
        }

        return null;
    }

    /// <summary>Whether a grid's question asks about the feature's absence: the dysfunctional question negates the functional one.</summary>
    private static bool Negated(string title)
    {
        var normalized = " " + QuestionText.Normalize(title) + " ";
        return NegationPattern().IsMatch(normalized) || normalized.Contains(" không ", StringComparison.Ordinal) || normalized.Contains(" thiếu ", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b(not|no|without|lacked|lacking|unavailable|absent|missing)\b|n't\b", RegexOptions.CultureInvariant)]
    private static partial Regex NegationPattern();

    /// <summary>"&lt;prefix&gt;_functional", "&lt;prefix&gt;.importance", "&lt;prefix&gt; satisfaction": every feature part of <see cref="ImportTargets"/>.</summary>
    private static readonly Regex SuffixPattern = new(
        $@"^(?<prefix>.+?)[\s._-]+(?<part>{string.Join('|', ImportTargets.FeatureParts)})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// The scale a question asks about (<see cref="ImportTargets.Scales"/>), by its words in English or Vietnamese, or
    /// null. A conditional ("… if …", "nếu …") is a Kano question, whatever words it uses: the pair asks about a
    /// feature's presence and absence, a scale about the feature itself or today's service.
    /// </summary>
    private static string? ScaleAsked(string question)
    {
        var words = " " + Words(question) + " ";
        if (words.Contains(" if ", StringComparison.Ordinal) || words.Contains(" nếu ", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var (scale, cues) in ScaleWords)
        {
            if (cues.Any(cue => words.Contains(" " + cue + " ", StringComparison.Ordinal)))
            {
                return scale;
            }
        }

        return null;
    }

    /// <summary>The one feature a question names (by name or key, as whole words), or null for none or several.</summary>
    private string? FeatureMentioned(string question)
    {
        var words = " " + Words(question) + " ";
        var found = byName.Where(named => words.Contains(" " + Words(named.Key) + " ", StringComparison.Ordinal)).Select(named => named.Value).Distinct().ToArray();
        return found.Length == 1 ? found[0] : null;
    }

    /// <summary>The text lower-cased with every run of characters that are not letters or digits made one space.</summary>
    private static string Words(string text) => WordBreaks().Replace(QuestionText.Normalize(text), " ").Trim();

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordBreaks();

    /// <summary>
    /// The words that say which scale a question asks (its target → whole words, lower case, English and Vietnamese,
    /// the questionnaire's own scale questions among them). A new scale's words go here.
    /// </summary>
    private static readonly Dictionary<string, string[]> ScaleWords = new(StringComparer.Ordinal)
    {
        ["importance"] = ["important", "importance", "quan trọng", "mức độ quan trọng"],
        ["satisfaction"] = ["satisfied", "satisfaction", "dissatisfied", "hài lòng", "mức độ hài lòng"],
    };

    /// <summary>The tool and preference of a timestamp column (1: when the answers were complete; higher: a start), or null.</summary>
    private static (string Tool, int Rank)? Timestamp(HeaderColumn column)
    {
        foreach (var text in column.Texts)
        {
            if (Timestamps.TryGetValue(QuestionText.Normalize(text), out var timestamp))
            {
                return timestamp;
            }
        }

        return null;
    }

    /// <summary>
    /// The tools' columns that say when a response was given, normalised, with the tool and a rank: the time the
    /// respondent finished (1) before the time the tool recorded it (2) before the time they began (3).
    /// </summary>
    private static readonly Dictionary<string, (string Tool, int Rank)> Timestamps = new(StringComparer.Ordinal)
    {
        ["timestamp"] = ("Google Forms", 1), ["dấu thời gian"] = ("Google Forms", 1),
        ["completion time"] = ("Microsoft Forms", 1), ["thời gian hoàn thành"] = ("Microsoft Forms", 1),
        ["submit date (utc)"] = ("Typeform", 1),
        ["end date"] = ("SurveyMonkey", 1), ["start date"] = ("SurveyMonkey", 3),
        ["enddate"] = ("Qualtrics", 1), ["recordeddate"] = ("Qualtrics", 2),
        ["date submitted"] = ("LimeSurvey", 1), ["submitdate"] = ("LimeSurvey", 1),
    };

    /// <summary>Respondent ids the tools make unique across files (SurveyMonkey's, Qualtrics' R_…, Typeform's token).</summary>
    private static readonly HashSet<string> RespondentIds = new(StringComparer.Ordinal) { "respondent id", "responseid", "#", "response id (token)" };

    /// <summary>The metadata columns of the tools' exports, normalised, with the tool that writes them.</summary>
    private static readonly Dictionary<string, string> Metadata = new(StringComparer.Ordinal)
    {
        ["timestamp"] = "Google Forms", ["dấu thời gian"] = "Google Forms", ["email address"] = "e-mail", ["địa chỉ email"] = "e-mail",
        ["score"] = "Google Forms", ["điểm số"] = "Google Forms",
        ["id"] = "Microsoft Forms", ["start time"] = "Microsoft Forms", ["completion time"] = "Microsoft Forms", ["email"] = "e-mail",
        ["name"] = "Microsoft Forms", ["last modified time"] = "Microsoft Forms", ["thời gian bắt đầu"] = "Microsoft Forms",
        ["thời gian hoàn thành"] = "Microsoft Forms", ["tên"] = "Microsoft Forms",
        ["#"] = "Typeform", ["network id"] = "Typeform", ["start date (utc)"] = "Typeform", ["submit date (utc)"] = "Typeform",
        ["stage date (utc)"] = "Typeform", ["tags"] = "Typeform", ["response type"] = "Typeform", ["ending"] = "Typeform",
        ["respondent id"] = "SurveyMonkey", ["collector id"] = "SurveyMonkey", ["start date"] = "SurveyMonkey", ["end date"] = "SurveyMonkey",
        ["ip address"] = "IP address", ["first name"] = "SurveyMonkey", ["last name"] = "SurveyMonkey", ["custom data 1"] = "SurveyMonkey",
        ["startdate"] = "Qualtrics", ["enddate"] = "Qualtrics", ["status"] = "Qualtrics", ["ipaddress"] = "IP address", ["progress"] = "Qualtrics",
        ["duration (in seconds)"] = "Qualtrics", ["finished"] = "Qualtrics", ["recordeddate"] = "Qualtrics", ["responseid"] = "Qualtrics",
        ["recipientlastname"] = "Qualtrics", ["recipientfirstname"] = "Qualtrics", ["recipientemail"] = "e-mail", ["externalreference"] = "Qualtrics",
        ["locationlatitude"] = "Qualtrics", ["locationlongitude"] = "Qualtrics", ["distributionchannel"] = "Qualtrics", ["userlanguage"] = "Qualtrics",
        ["response id"] = "LimeSurvey", ["date submitted"] = "LimeSurvey", ["last page"] = "LimeSurvey", ["start language"] = "LimeSurvey",
        ["seed"] = "LimeSurvey", ["date started"] = "LimeSurvey", ["date last action"] = "LimeSurvey", ["referrer url"] = "LimeSurvey",
        ["submitdate"] = "LimeSurvey", ["lastpage"] = "LimeSurvey", ["startlanguage"] = "LimeSurvey", ["datestamp"] = "LimeSurvey",
        ["ipaddr"] = "IP address", ["refurl"] = "LimeSurvey", ["token"] = "LimeSurvey",
    };
}
