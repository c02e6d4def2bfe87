using System.Data.Common;
using Kano.Analysis;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using CsvHelper;
using KanoApi.Infrastructure;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Responses;

/// <summary>
/// The CSV import: read with CsvHelper straight from the request body, checked row by row, stored as it is read
/// inside one transaction (so memory does not grow with the file), and rolled back at the end if any row was
/// invalid (so one bad cell stores nothing). Rows are numbered as a spreadsheet does: the header is row 1.
/// </summary>
internal static partial class ResponseImport
{
    private const int HeaderRow = 1;

    public static async Task<Results<Created<StoredCount>, IdempotentAnswer, ValidationProblem, ProblemHttpResult>> ImportResponses(
        long surveyId, ClaimsPrincipal user, Database database, HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var errors = new ValidationErrors();
        var key = Idempotency.KeyOf(request, errors);
        var workspaceId = user.WorkspaceIdOf();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyId, null, cancellationToken))
        {
            return SurveysApi.NotFound(surveyId);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The body is staged on local disk before the write transaction begins: SQLite has one writer at a time, so
        // the transaction must never wait on a slow client (a collect key on a public form could otherwise hold the
        // whole database). Staging also checks UTF-8 and hashes the body for the Idempotency-Key; memory stays flat.
        await using var body = await CsvUpload.StageAsync(request, database.StagingFolder, errors, cancellationToken);
        if (body is null)
        {
            return errors.ToProblem();
        }

        if (body.NotUtf8 is { } offset)
        {
            errors.Add("body", $"is not UTF-8 text (an invalid byte near offset {offset}); save the file as CSV UTF-8");
            return errors.ToProblem();
        }

        var begun = await IdempotentWrite.BeginAsync(request, connection, key, body.Hash, cancellationToken);
        if (begun.Answer is { } answer)
        {
            return answer;
        }

        await using (var write = begun.Write!)
        {
            await using var cache = await ResponseStore.WidenCacheForImportAsync(connection, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Again in the transaction, holding the survey's row: it may have been deleted while the file uploaded.
            if (!await SurveyStore.ExistsAsync(connection, workspaceId, surveyId, transaction, cancellationToken))
            {
                return SurveysApi.NotFound(surveyId);
            }

            var questionnaire = await SurveyQuestionnaire.LoadAsync(connection, surveyId, transaction, cancellationToken);
            using var recorder = new ResponseRecorder(connection, transaction, surveyId, bulk: true);
            var tally = await ReadAndRecordAsync(body.Content, questionnaire, recorder, errors, cancellationToken);
            if (errors.Any)
            {
                var detail = errors.Total > Limits.ErrorsListed
                    ? $"Nothing was imported: {errors.Total} errors found; the first {Limits.ErrorsListed} are listed in errors."
                    : "Nothing was imported: fix the cells listed in errors and send the file again.";
                if (tally.Unrecognised.Any)
                {
                    detail += $" {tally.Unrecognised.Describe()} not recognised: unrecognisedAnswers lists each with its count and columns (teach a survey's own wordings with PUT …/wordings).";
                    return errors.ToProblem(detail, [KeyValuePair.Create<string, object?>("unrecognisedAnswers", tally.Unrecognised.Summary())]);
                }

                return errors.ToProblem(detail);
            }

            recorder.Finish();
            var result = new StoredCount(recorder.Stored, tally.Notes());
            await write.CompleteAsync(transaction, result, null, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            write.Committed();
            Telemetry.Imports.Add(1);
            Telemetry.AnswersStored.Add(recorder.AnswersStored);
            if (recorder.Stored >= ResponseStore.RefreshStatisticsAfter)
            {
                await RefreshStatisticsAsync(connection, context, cancellationToken);
            }

            return TypedResults.Created((string?)null, result);
        }
    }

    /// <summary>
    /// <see cref="ResponseStore.RefreshStatisticsAsync"/> after a large import. The import has committed and its answer
    /// stands, so a failure here (a role that may not ANALYZE, the client gone) is logged, never reported as the
    /// import's: autovacuum refreshes the statistics later anyway.
    /// </summary>
    private static async Task RefreshStatisticsAsync(DbConnection connection, HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            await ResponseStore.RefreshStatisticsAsync(connection, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or OperationCanceledException)
        {
            LogStatisticsNotRefreshed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ResponseImport).FullName!), exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Planner statistics were not refreshed after an import; autovacuum will refresh them later")]
    private static partial void LogStatisticsNotRefreshed(ILogger logger, Exception exception);

    /// <summary>The separators a header is tried with, in order of preference on a tie: RFC 4180's comma, then what
    /// Excel writes where the decimal mark is a comma (semicolon), then tab-separated text.</summary>
    private static readonly (char Separator, string Name)[] Separators = [(',', "comma (,)"), (';', "semicolon (;)"), ('\t', "tab")];

    private static CsvReaderOptions ReaderOptions(char separator) => new()
    {
        Separator = separator,
        Encoding = new UTF8Encoding(false),
        MaxRecordSize = Limits.CsvRecordBytes,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>
    /// The separator under which the header row names the most columns this import knows (ties go to the earlier of
    /// <see cref="Separators"/>), and whether any separator made the header name one. Decided from the header alone,
    /// which holds only column names (feature keys are slugs, so none holds a separator), rather than by guessing from
    /// the data rows, whose cells may hold commas and semicolons ("Pro, annual") in any number.
    /// </summary>
    private static async Task<(char Separator, bool Recognised)> DetectSeparatorAsync(
        Stream body, SurveyQuestionnaire questionnaire, CancellationToken cancellationToken)
    {
        var (best, bestScore) = (Separators[0].Separator, 0);
        foreach (var (separator, _) in Separators)
        {
            body.Position = 0;
            int score;
            try
            {
                await using var csv = CsvReader.Create(body, ReaderOptions(separator), leaveOpen: true);
                await csv.ReadHeaderAsync(cancellationToken);
                score = csv.Headers.Count(header => ImportColumns.IsKnown(header, questionnaire));
            }
            catch (CsvFormatException)
            {
                continue;
            }

            if (score > bestScore)
            {
                (best, bestScore) = (separator, score);
            }
        }

        body.Position = 0;
        return (best, bestScore > 0);
    }

    private static async Task<ImportTally> ReadAndRecordAsync(
        Stream body, SurveyQuestionnaire questionnaire, ResponseRecorder recorder, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var (separator, recognised) = await DetectSeparatorAsync(body, questionnaire, cancellationToken);
        var tally = new ImportTally { Separator = Separators.First(tried => tried.Separator == separator).Name };
        await using var csv = CsvReader.Create(body, ReaderOptions(separator), leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            var columns = ImportColumns.Read(csv.Headers, questionnaire, errors);
            if (columns is null)
            {
                if (!recognised && !csv.Headers.All(string.IsNullOrWhiteSpace))
                {
                    errors.Add("row 1", $"names no column this import knows with any separator tried ({string.Join(", ", Separators.Select(tried => tried.Name))}): "
                        + "the header row names respondentId, wave, segment.<name> or <featureKey>.functional|dysfunctional|importance|satisfaction");
                }

                return tally;
            }

            await ReadThenStoreAsync(csv, columns, questionnaire, recorder, errors, tally, cancellationToken);
        }
        catch (CsvFormatException exception)
        {
            AddFormatError(errors, exception, HeaderRow);
        }

        return tally;
    }

    /// <summary>Respondents read and checked ahead of the one being stored, at most this many.</summary>
    private const int ReadAhead = 512;

    /// <summary>
    /// Reads and checks the rows, and counts their answers into the aggregates, on one thread while the request's
    /// thread stores the ones before them, so that this work overlaps with the database's instead of adding to it; the
    /// rows pass through a bounded channel (<see cref="ReadAhead"/>), so memory stays flat. Errors found while reading
    /// are listed as found; respondent ids already stored (or repeated) are found while storing and listed after
    /// them, each naming its row. A CSV format error ends the reading and is reported like any other error.
    /// </summary>
    private static async Task ReadThenStoreAsync(
        CsvReader csv, ImportColumns columns, SurveyQuestionnaire questionnaire, ResponseRecorder recorder, ValidationErrors errors,
        ImportTally tally, CancellationToken cancellationToken)
    {
        var rows = Channel.CreateBounded<(int Row, RespondentAnswers Respondent)>(
            new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(
            async () =>
            {
                Exception? failure = null;
                var row = HeaderRow;
                try
                {
                    while (await csv.ReadAsync(stop.Token))
                    {
                        row = (int)csv.RowNumber + HeaderRow;
                        if (ReadRow(csv, row, columns, questionnaire, errors, tally) is { } respondent)
                        {
                            // An import stores every respondent or fails, so this thread can count the answers into
                            // the aggregates while the other stores the rows.
                            recorder.CountAhead(respondent);
                            await rows.Writer.WriteAsync((row, respondent), stop.Token);
                        }
                    }
                }
                catch (CsvFormatException exception)
                {
                    AddFormatError(errors, exception, row);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
                finally
                {
                    rows.Writer.TryComplete(failure);
                }
            },
            CancellationToken.None);

        var taken = new List<(int Row, string Key)>();
        try
        {
            await foreach (var (row, respondent) in rows.Reader.ReadAllAsync(stop.Token))
            {
                if (!recorder.Store(respondent))
                {
                    taken.Add((row, respondent.RespondentKey));
                }
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            // The reading task never outlives the request; its failures reached the loop above through the channel.
            await reading;
        }

        foreach (var (row, key) in taken)
        {
            errors.Add(
                $"row {row}, column {columns.RespondentIdName}",
                $"the survey already has a response from '{ResponseReading.Truncate(key)}' (stored before, or earlier in this file)");
        }
    }

    /// <summary>A CSV format error ends the reading: reported at its record, or else at the row after the last one read.</summary>
    private static void AddFormatError(ValidationErrors errors, CsvFormatException exception, int lastRowRead) =>
        errors.Add(exception.RecordNumber > 0 ? $"row {exception.RecordNumber}" : $"row {lastRowRead + 1}",
            "is not valid CSV (unbalanced quotes, or a record larger than the limit)");

    /// <summary>One respondent row, checked cell by cell; null when it has errors (all of them added).</summary>
    private static RespondentAnswers? ReadRow(
        CsvReader csv, int row, ImportColumns columns, SurveyQuestionnaire questionnaire, ValidationErrors errors, ImportTally tally)
    {
        var before = errors.Total;
        if (csv.FieldCount != columns.Count)
        {
            errors.Add($"row {row}", $"has {csv.FieldCount} cells; the header has {columns.Count}");
            return null;
        }

        string? respondentKey = null;
        if (columns.RespondentId >= 0 && !string.IsNullOrWhiteSpace(csv.GetString(columns.RespondentId)))
        {
            // A blank cell is no id, as in JSON: one is generated.
            respondentKey = csv.GetString(columns.RespondentId).Trim();
            ResponseReading.CheckRespondentId(respondentKey, $"row {row}, column {columns.RespondentIdName}", errors);
        }

        string? wave = null;
        if (columns.Wave >= 0 && !string.IsNullOrWhiteSpace(csv.GetString(columns.Wave)))
        {
            wave = csv.GetString(columns.Wave).Trim();
            if (wave.Length > Limits.WaveLength)
            {
                errors.Add($"row {row}, column {columns.WaveName}", $"must be at most {Limits.WaveLength} characters (is {wave.Length})");
            }
            else
            {
                errors.CheckCharacters($"row {row}, column {columns.WaveName}", wave);
            }
        }

        // Fresh collections for each respondent: they are handed to the thread that stores them.
        var segments = new Dictionary<string, string>(columns.Segments.Count, StringComparer.Ordinal);
        foreach (var (name, index, header) in columns.Segments)
        {
            if (csv.IsEmpty(index))
            {
                continue;
            }

            var value = csv.GetString(index).Trim();
            if (value.Length > Limits.SegmentValueLength)
            {
                errors.Add($"row {row}, column {header}", $"must be at most {Limits.SegmentValueLength} characters (is {value.Length})");
            }
            else if (Text.Unprintable(value) is { } reason)
            {
                errors.Add($"row {row}, column {header}", reason);
            }
            else if (value.Length > 0)
            {
                segments[name] = value;
            }
        }

        var answers = new List<CheckedAnswer>(columns.Features.Count);
        foreach (var feature in columns.Features)
        {
            var functionalEmpty = IsBlank(csv, feature.Functional);
            var dysfunctionalEmpty = IsBlank(csv, feature.Dysfunctional);
            var importance = ReadScale(csv, row, feature.Importance, feature.ImportanceName, 9, errors, tally);
            var satisfaction = ReadScale(csv, row, feature.Satisfaction, feature.SatisfactionName, 5, errors, tally);
            if (functionalEmpty && dysfunctionalEmpty)
            {
                if (importance is not null || satisfaction is not null)
                {
                    errors.Add($"row {row}, column {feature.FunctionalName}", "is empty, but the feature's importance or satisfaction is given: answer both questions or neither");
                }

                continue;
            }

            var functional = ReadAnswer(csv, row, feature.Functional, feature.FunctionalName, functionalEmpty, feature.DysfunctionalName, questionnaire.Reading, errors, tally);
            var dysfunctional = ReadAnswer(csv, row, feature.Dysfunctional, feature.DysfunctionalName, dysfunctionalEmpty, feature.FunctionalName, questionnaire.Reading, errors, tally);
            if (functional is { } f && dysfunctional is { } d)
            {
                answers.Add(new CheckedAnswer(feature.Id, f, d, importance, satisfaction));
            }
        }

        if (errors.Total == before && answers.Count == 0)
        {
            errors.Add($"row {row}", "answers no feature; a respondent answers at least one feature");
        }

        if (errors.Total > before)
        {
            return null;
        }

        return new RespondentAnswers(respondentKey ?? ResponseReading.NewRespondentKey(), wave, segments, answers);
    }

    private static bool IsBlank(CsvReader csv, int index) =>
        csv.IsEmpty(index) || csv.GetString(index).AsSpan().Trim().IsEmpty;

    private static Kano.Analysis.Answer? ReadAnswer(
        CsvReader csv, int row, int index, string column, bool empty, string otherColumn, AnswerParser reading, ValidationErrors errors, ImportTally tally)
    {
        if (empty)
        {
            errors.Add($"row {row}, column {column}", $"is empty, but {otherColumn} is answered: a feature needs both answers or neither");
            return null;
        }

        var text = csv.GetString(index);
        if (reading.TryParse(text, out var answer))
        {
            return answer;
        }

        tally.Unrecognised.Count(text.Trim(), column);
        errors.Add($"row {row}, column {column}", $"'{ResponseReading.Truncate(text.Trim())}' is not an answer: it must be {reading.Expected}");
        return null;
    }

    private static int? ReadScale(CsvReader csv, int row, int index, string? column, int max, ValidationErrors errors, ImportTally tally)
    {
        if (index < 0 || IsBlank(csv, index))
        {
            return null;
        }

        var text = csv.GetString(index);
        if (ResponseReading.TryReadScale(text, max, out var value, out var labelled))
        {
            if (labelled)
            {
                tally.LabelledScaleCells++;
                tally.LabelledExample ??= (text.Trim(), value);
            }

            return value;
        }

        errors.Add($"row {row}, column {column}", $"'{ResponseReading.Truncate(text.Trim())}' must be a whole number from 1 to {max}, alone or followed by its label (3 - Somewhat important)");
        return null;
    }
}

/// <summary>What an import read in a way the user may not expect, said back in the 201's notes.</summary>
internal sealed class ImportTally
{
    public string Separator { get; init; } = "comma (,)";
    public int LabelledScaleCells { get; set; }
    public (string Cell, int Value)? LabelledExample { get; set; }
    public UnrecognisedAnswers Unrecognised { get; } = new();

    public IReadOnlyList<string>? Notes()
    {
        var notes = new List<string>();
        if (!Separator.StartsWith("comma", StringComparison.Ordinal))
        {
            notes.Add($"The file was read as {Separator}-separated, the separator under which its header row names known columns.");
        }

        if (LabelledScaleCells > 0 && LabelledExample is var (cell, value))
        {
            notes.Add(LabelledScaleCells == 1
                ? $"1 scale cell (importance or satisfaction) held a label after the number and was read by its leading number, e.g. '{ResponseReading.Truncate(cell)}' as {value}."
                : $"{LabelledScaleCells} scale cells (importance or satisfaction) held a label after the number and were read by their leading number, e.g. '{ResponseReading.Truncate(cell)}' as {value}.");
        }

        return notes.Count == 0 ? null : notes;
    }
}

/// <summary>
/// The distinct answer cells an import could not read, with how often and in which columns: the per-cell errors stop
/// at <see cref="Limits.ErrorsListed"/>, so one wording repeated in every row would hide the others. Cells that differ
/// only as the reader ignores (case, spaces, apostrophes) are one wording. Bounded: the first
/// <see cref="ValuesKept"/> wordings and <see cref="ColumnsKept"/> columns each.
/// </summary>
internal sealed class UnrecognisedAnswers
{
    public const int ValuesKept = 100;
    public const int ColumnsKept = 20;

    private readonly Dictionary<string, Entry> byWording = new(StringComparer.Ordinal);
    private bool overflowed;

    public bool Any => byWording.Count > 0;

    public void Count(string cell, string column)
    {
        var key = AnswerParser.Normalize(cell);
        if (!byWording.TryGetValue(key, out var entry))
        {
            if (byWording.Count == ValuesKept)
            {
                overflowed = true;
                return;
            }

            byWording[key] = entry = new Entry(ResponseReading.Truncate(cell), byWording.Count);
        }

        entry.Count++;
        if (entry.Columns.Count < ColumnsKept && !entry.Columns.Contains(column))
        {
            entry.Columns.Add(column);
        }
    }

    /// <summary>"3 distinct answer wordings were", "1 distinct answer wording was", or "More than 100 …" when some were not kept.</summary>
    public string Describe() =>
        overflowed ? $"More than {ValuesKept} distinct answer wordings were"
        : byWording.Count == 1 ? "1 distinct answer wording was"
        : $"{byWording.Count} distinct answer wordings were";

    /// <summary>Most frequent first; equal counts in the order first seen.</summary>
    public IReadOnlyList<UnrecognisedAnswer> Summary() =>
        byWording.Values.OrderByDescending(entry => entry.Count).ThenBy(entry => entry.Order)
            .Select(entry => new UnrecognisedAnswer(entry.Value, entry.Count, entry.Columns))
            .ToArray();

    private sealed class Entry(string value, int order)
    {
        public string Value { get; } = value;
        public int Order { get; } = order;
        public int Count { get; set; }
        public List<string> Columns { get; } = [];
    }
}

/// <summary>One answer wording an import could not read.</summary>
/// <param name="Value">The cell as first seen (trimmed, at most 60 characters).</param>
/// <param name="Count">How many cells held it (ignoring case, spacing and apostrophe style).</param>
/// <param name="Columns">The columns it appeared in (at most 20).</param>
internal sealed record UnrecognisedAnswer(string Value, int Count, IReadOnlyList<string> Columns);

/// <summary>Where each known column is in the file, from its header row.</summary>
internal sealed class ImportColumns
{
    public int Count { get; private init; }
    public int RespondentId { get; private set; } = -1;
    public string RespondentIdName { get; private set; } = "respondentId";
    public int Wave { get; private set; } = -1;
    public string WaveName { get; private set; } = "wave";
    public List<(string Name, int Index, string Header)> Segments { get; } = [];
    public List<FeatureColumns> Features { get; } = [];

    private static readonly string[] FeatureParts = ["functional", "dysfunctional", "importance", "satisfaction"];

    /// <summary>Whether a header names a column the import reads (used to tell which separator the file uses).</summary>
    public static bool IsKnown(string header, SurveyQuestionnaire questionnaire)
    {
        header = header.Trim();
        if (header.Equals("respondentId", StringComparison.OrdinalIgnoreCase) || header.Equals("wave", StringComparison.OrdinalIgnoreCase)
            || header.StartsWith("segment.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = header.LastIndexOf('.');
        return dot > 0
            && questionnaire.IdsByKey.ContainsKey(KanoApi.Features.FeaturesApi.FoldKey(header[..dot]))
            && FeatureParts.Contains(header[(dot + 1)..], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The columns; null when the header has errors (all of them added, keyed "row 1, column …").</summary>
    public static ImportColumns? Read(IReadOnlyList<string> headers, SurveyQuestionnaire questionnaire, ValidationErrors errors)
    {
        var before = errors.Total;
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("row 1", "the file has no header row; the first row names the columns (respondentId, wave, segment.<name>, <featureKey>.functional, …)");
            return null;
        }

        var columns = new ImportColumns { Count = headers.Count };
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var features = new Dictionary<string, FeatureColumns>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            var at = $"row 1, column {(header.Length == 0 ? $"{i + 1}" : ResponseReading.Truncate(header))}";
            if (header.Length == 0)
            {
                errors.Add(at, "has no name");
                continue;
            }

            if (!seen.TryAdd(header, i))
            {
                errors.Add(at, $"appears twice (columns {seen[header] + 1} and {i + 1})");
                continue;
            }

            if (header.Equals("respondentId", StringComparison.OrdinalIgnoreCase))
            {
                (columns.RespondentId, columns.RespondentIdName) = (i, header);
            }
            else if (header.Equals("wave", StringComparison.OrdinalIgnoreCase))
            {
                (columns.Wave, columns.WaveName) = (i, header);
            }
            else if (header.StartsWith("segment.", StringComparison.OrdinalIgnoreCase))
            {
                var name = header["segment.".Length..].Trim();
                if (name.Length is 0 or > Limits.SegmentNameLength)
                {
                    errors.Add(at, $"a segment name must be 1-{Limits.SegmentNameLength} characters");
                }
                else if (Text.Unprintable(name, name: true) is { } reason)
                {
                    errors.Add(at, "a segment name " + reason);
                }
                else if (columns.Segments.Count == Limits.SegmentsPerRespondent)
                {
                    errors.Add(at, $"a respondent has at most {Limits.SegmentsPerRespondent} segments");
                }
                else if (columns.Segments.Any(segment => SegmentParameters.Names.Equals(segment.Name, name)))
                {
                    errors.Add(at, $"names the segment '{name}' again (segment names are compared ignoring case and surrounding spaces)");
                }
                else
                {
                    columns.Segments.Add((name, i, header));
                }
            }
            else if (header.LastIndexOf('.') is var dot and > 0)
            {
                var key = KanoApi.Features.FeaturesApi.FoldKey(header[..dot]);
                var part = header[(dot + 1)..].ToLowerInvariant();
                if (!questionnaire.IdsByKey.TryGetValue(key, out var featureId))
                {
                    errors.Add(at, $"this survey has no feature with the key '{ResponseReading.Truncate(key)}'");
                    continue;
                }

                if (!features.TryGetValue(key, out var feature))
                {
                    features[key] = feature = new FeatureColumns(featureId, key);
                }

                switch (part)
                {
                    case "functional": feature.Functional = i; break;
                    case "dysfunctional": feature.Dysfunctional = i; break;
                    case "importance": (feature.Importance, feature.ImportanceName) = (i, header); break;
                    case "satisfaction": (feature.Satisfaction, feature.SatisfactionName) = (i, header); break;
                    default:
                        errors.Add(at, $"is not a feature column: use {key}.functional, {key}.dysfunctional, {key}.importance or {key}.satisfaction");
                        break;
                }
            }
            else
            {
                errors.Add(at, "is not a known column: respondentId, wave, segment.<name> or <featureKey>.functional|dysfunctional|importance|satisfaction");
            }
        }

        foreach (var feature in features.Values)
        {
            if (feature.Functional < 0 || feature.Dysfunctional < 0)
            {
                var missing = feature.Functional < 0 ? "functional" : "dysfunctional";
                errors.Add($"row 1, column {feature.Key}.{missing}", $"is missing: a feature needs both {feature.Key}.functional and {feature.Key}.dysfunctional");
            }
            else
            {
                columns.Features.Add(feature);
            }
        }

        if (errors.Total == before && columns.Features.Count == 0)
        {
            errors.Add("row 1", "names no feature columns: add <featureKey>.functional and <featureKey>.dysfunctional for at least one feature");
        }

        return errors.Total > before ? null : columns;
    }
}

internal sealed class FeatureColumns(long id, string key)
{
    public long Id { get; } = id;
    public string Key { get; } = key;
    // The column names, made once for the error messages instead of once per row.
    public string FunctionalName { get; } = key + ".functional";
    public string DysfunctionalName { get; } = key + ".dysfunctional";
    public int Functional { get; set; } = -1;
    public int Dysfunctional { get; set; } = -1;
    public int Importance { get; set; } = -1;
    public string? ImportanceName { get; set; }
    public int Satisfaction { get; set; } = -1;
    public string? SatisfactionName { get; set; }
}

/// <summary>
/// The request body as it streams to the staging file: hashed for the Idempotency-Key as it goes by, and checked to be
/// UTF-8 (binary garbage or a file in another encoding ends the input, so the import can answer 400 instead of
/// storing mis-decoded text). Nothing is buffered beyond one read.
/// </summary>
internal sealed class ScreenedBody(Stream inner, IncrementalHash hash) : Stream
{
    private readonly Decoder utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private long position;
    private string? digest;

    /// <summary>The byte offset of the first invalid UTF-8 sequence, or null.</summary>
    public long? NotUtf8 { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (NotUtf8 is not null)
        {
            return 0;
        }

        var read = inner.Read(buffer);
        return Screen(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (NotUtf8 is not null)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Screen(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public string Hash() => digest ??= Convert.ToHexStringLower(hash.GetHashAndReset());

    private int Screen(ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        try
        {
            utf8.GetCharCount(bytes, flush: bytes.IsEmpty);
        }
        catch (DecoderFallbackException exception)
        {
            NotUtf8 = position + Math.Max(0, exception.Index);
            return 0;
        }

        position += bytes.Length;
        return bytes.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// The CSV body copied to a temporary file (deleted when disposed), with its hash and UTF-8 verdict: what the import
/// reads inside its transaction, at disk speed whatever the client's.
/// </summary>
internal sealed class StagedBody : IAsyncDisposable
{
    private StagedBody(FileStream content, string hash, long? notUtf8)
    {
        Content = content;
        Hash = hash;
        NotUtf8 = notUtf8;
    }

    public FileStream Content { get; }

    public string Hash { get; }

    /// <summary>The byte offset of the first invalid UTF-8 sequence, or null when the body is UTF-8.</summary>
    public long? NotUtf8 { get; }

    public static Task<StagedBody> ReadAsync(HttpRequest request, string folder, CancellationToken cancellationToken) =>
        ReadAsync(request, request.Body, folder, cancellationToken);

    /// <summary>Stages <paramref name="source"/> (the body, or the file part of a multipart body), hashed for the request.</summary>
    public static async Task<StagedBody> ReadAsync(HttpRequest request, Stream source, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var file = new FileStream(
            Path.Combine(folder, $"import-{Guid.NewGuid():N}.csv"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            await using var screened = new ScreenedBody(source, Idempotency.StartHash(request));
            await screened.CopyToAsync(file, 1 << 16, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new StagedBody(file, screened.Hash(), screened.NotUtf8);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
