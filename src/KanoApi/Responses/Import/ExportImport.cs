using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>
/// What reading an export through a mapping found: the mapping used, the rows read, the features answered, and whether
/// the file could not be read to its end (a malformed workbook or CSV: a preview then answers 400, as the import does).
/// </summary>
internal sealed record ExportReading(ImportMapping Mapping, int Rows, IReadOnlyList<string> Features, bool Mapped, bool Unreadable = false);

/// <summary>
/// A survey tool's export read through a mapping (given, or found by <see cref="ColumnGuess"/>): the header rows, the
/// mapping checked into <see cref="ImportColumns"/>, then every row through the same row checks as KanoApi's own CSV —
/// counted and checked only for a preview, or stored through the import's <see cref="ImportPipeline"/>.
/// </summary>
internal static class ExportImport
{
    /// <summary>
    /// Reads <paramref name="file"/>; stores through <paramref name="recorder"/> when given (an import), else only checks
    /// (a preview). Null when the header could not be read; <see cref="ExportReading.Mapped"/> is false when the mapping
    /// has errors (all in <paramref name="errors"/>).
    /// </summary>
    public static async Task<ExportReading?> ReadAsync(
        ExportFile file, ImportMapping? given, ExportOptions options, ColumnGuess guess, SurveyQuestionnaire questionnaire,
        ResponseRecorder? recorder, ValidationErrors errors, ImportTally tally, CancellationToken cancellationToken)
    {
        if (!await file.ReadHeaderAsync(options, given, header => ImportColumns.IsKnown(header, questionnaire) || guess.Recognises(header), errors, cancellationToken))
        {
            return null;
        }

        var header = file.Header;
        var columns = given?.Columns is null
            ? guess.Map(header.Columns)
            : given.Columns.Select(column => column is null ? null! : column with { How = "given", Confidence = 1 }).ToArray();
        var mapping = new ImportMapping(header.Rows, file.Sheet, columns, given?.Values);
        var resolved = MappingRules.Resolve(mapping, header, questionnaire, guess, errors);
        if (resolved is null && given?.Columns is null && !file.Workbook && !file.SeparatorRecognised)
        {
            errors.Add("row 1", $"names no column this import knows with any separator tried ({CsvSeparator.TriedNames}): "
                + $"the header row names {ImportTargets.OwnHeaders}, the survey's question texts, or a survey tool's columns");
        }

        if (resolved is null)
        {
            return new ExportReading(mapping, 0, [], Mapped: false);
        }

        var features = resolved.Features.Select(feature => feature.Key).ToArray();
        await using var table = await file.OpenRowsAsync(cancellationToken);
        if (recorder is not null)
        {
            await ImportPipeline.ReadThenStoreAsync(table, resolved, questionnaire, recorder, errors, tally, cancellationToken);
            return new ExportReading(mapping, 0, features, Mapped: true);
        }

        var rows = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await table.ReadAsync(cancellationToken))
            {
                rows++;
                if (ImportRowReader.Read(table, resolved, questionnaire, errors, tally) is { } respondent
                    && resolved.RespondentId >= 0 && !ids.Add(respondent.RespondentKey))
                {
                    errors.Add(table.At(table.Row, resolved.RespondentId, resolved.RespondentIdName),
                        $"'{ResponseReading.Truncate(respondent.RespondentKey)}' answers earlier in this file too; a respondent id is stored once");
                }
            }
        }
        catch (ImportFormatException exception)
        {
            errors.Add(exception.At, exception.Message);
            return new ExportReading(mapping, rows, features, Mapped: true, Unreadable: true);
        }

        return new ExportReading(mapping, rows, features, Mapped: true);
    }
}
