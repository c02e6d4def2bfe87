using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Surveys;

namespace KanoApi.Responses.Import;

/// <summary>
/// Checks one respondent row of an import cell by cell, with the rules a JSON response is held to
/// (<see cref="ResponseReading"/>): respondent id, wave and segments through its checks, answers through the survey's
/// <see cref="AnswerParser"/>, scale cells through <see cref="ResponseReading.TryReadScale"/>.
/// </summary>
internal static class ImportRowReader
{
    /// <summary>The row's respondent; null when it has errors (all of them added).</summary>
    public static RespondentAnswers? Read(
        IImportTable table, ImportColumns columns, SurveyQuestionnaire questionnaire, ValidationErrors errors, ImportTally tally)
    {
        var before = errors.Total;
        var row = table.Row;
        if (table.FieldCount != columns.Count)
        {
            errors.Add($"row {row}", $"has {table.FieldCount} cells; the header has {columns.Count}");
            return null;
        }

        // The respondent's attributes (ImportTargets.RespondentAttributes), each with the check a JSON response's has.
        // A blank cell is no value, as in JSON: a respondent id is then generated.
        string? respondentKey = null;
        if (Cell(table, columns.Attribute(ImportTargets.RespondentId)) is (var idText, var idAt))
        {
            respondentKey = idText;
            SurveyRules.CheckRespondentId(respondentKey, idAt, errors);
        }

        string? wave = null;
        if (Cell(table, columns.Attribute(ImportTargets.Wave)) is (var waveText, var waveAt))
        {
            wave = waveText;
            SurveyRules.CheckWave(wave, waveAt, errors);
        }

        string? answeredAt = null;
        if (Cell(table, columns.Attribute(ImportTargets.AnsweredAt)) is (var timeText, var timeAt))
        {
            if (ExportTimestamp.Parse(timeText, columns.AnsweredAtOrder, columns.AnsweredAtZone) is not { } moment)
            {
                errors.Add(timeAt, $"'{ResponseReading.Truncate(timeText)}' is not a time this import reads ({DateOrders.Name(columns.AnsweredAtOrder)}, in {columns.AnsweredAtZone.Name} where no offset is written): it must be {ExportTimestamp.Expected}");
            }
            else
            {
                var timeErrors = errors.Total;
                ResponseReading.CheckAnsweredAt(moment, timeAt, errors);
                answeredAt = errors.Total == timeErrors ? Clock.Format(moment) : null;
            }
        }

        // Fresh collections for each respondent: they are handed to the thread that stores them.
        var segments = new Dictionary<string, string>(columns.Segments.Count, StringComparer.Ordinal);
        foreach (var (name, index, header) in columns.Segments)
        {
            if (IsBlank(table, index))
            {
                continue;
            }

            var value = table.GetString(index).Trim();
            var segmentErrors = errors.Total;
            SurveyRules.CheckSegment(name, value, table.At(row, index, header), errors);
            if (errors.Total == segmentErrors)
            {
                segments[name] = value;
            }
        }

        var answers = new List<CheckedAnswer>(columns.Features.Count);
        foreach (var feature in columns.Features)
        {
            var functionalEmpty = IsBlank(table, feature.Functional);
            var dysfunctionalEmpty = IsBlank(table, feature.Dysfunctional);
            var scales = new int?[ImportTargets.Scales.Length];
            for (var s = 0; s < scales.Length; s++)
            {
                scales[s] = ReadScale(table, row, feature.Scales[s], ImportTargets.Scales[s].Max, errors, tally);
            }

            if (functionalEmpty && dysfunctionalEmpty)
            {
                if (scales.Any(value => value is not null))
                {
                    var given = string.Join(" or ", ImportTargets.Scales.Where((_, s) => scales[s] is not null).Select(scale => scale.Target));
                    errors.Add(table.At(row, feature.Functional, feature.FunctionalName), $"is empty, but the feature's {given} is given: answer both questions or neither");
                }

                continue;
            }

            var functional = ReadAnswer(table, row, feature.Functional, feature.FunctionalName, functionalEmpty, feature.DysfunctionalName, columns, questionnaire.Reading, errors, tally);
            var dysfunctional = ReadAnswer(table, row, feature.Dysfunctional, feature.DysfunctionalName, dysfunctionalEmpty, feature.FunctionalName, columns, questionnaire.Reading, errors, tally);
            if (functional is { } f && dysfunctional is { } d)
            {
                var answer = new CheckedAnswer(feature.Id, f, d, null, null);
                for (var s = 0; s < scales.Length; s++)
                {
                    answer = ImportTargets.Scales[s].Apply(answer, scales[s]);
                }

                answers.Add(answer);
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

        return new RespondentAnswers(respondentKey ?? ResponseReading.NewRespondentKey(), wave, segments, answers) { AnsweredAt = answeredAt };
    }

    /// <summary>A respondent attribute's cell, trimmed, and where it is; null when the file has no such column or the cell is blank.</summary>
    private static (string Text, string At)? Cell(IImportTable table, AttributeColumn? column) =>
        column is null || IsBlank(table, column.Index)
            ? null
            : (table.GetString(column.Index).Trim(), table.At(table.Row, column.Index, column.Name));

    private static bool IsBlank(IImportTable table, int index) =>
        index >= table.FieldCount || table.IsEmpty(index) || table.GetString(index).AsSpan().Trim().IsEmpty;

    private static Answer? ReadAnswer(
        IImportTable table, int row, int index, string column, bool empty, string otherColumn, ImportColumns columns, AnswerParser reading,
        ValidationErrors errors, ImportTally tally)
    {
        if (empty)
        {
            errors.Add(table.At(row, index, column), $"is empty, but {otherColumn} is answered: a feature needs both answers or neither");
            return null;
        }

        var text = table.GetString(index);
        if (columns.Values is { } values && values.TryGetValue(AnswerParser.Normalize(text), out var recoded))
        {
            return recoded;
        }

        // The tools export the option's text, sometimes with the punctuation a survey author gave it ("I like it!").
        if (reading.TryParse(text, out var answer) || reading.TryParse(QuestionText.WithoutEndPunctuation(text), out answer))
        {
            return answer;
        }

        tally.Unrecognised.Count(text.Trim(), column);
        errors.Add(table.At(row, index, column), $"'{ResponseReading.Truncate(text.Trim())}' is not an answer: it must be {reading.Expected}");
        return null;
    }

    private static int? ReadScale(IImportTable table, int row, AttributeColumn? scale, int max, ValidationErrors errors, ImportTally tally)
    {
        if (scale is not { Index: var index, Name: var column } || IsBlank(table, index))
        {
            return null;
        }

        var text = table.GetString(index);
        if (ResponseReading.TryReadScale(text, max, out var value, out var labelled))
        {
            if (labelled)
            {
                tally.LabelledScaleCells++;
                tally.LabelledExample ??= (text.Trim(), value);
            }

            return value;
        }

        errors.Add(table.At(row, index, column), $"'{ResponseReading.Truncate(text.Trim())}' must be a whole number from 1 to {max}, alone or followed by its label (3 - Somewhat important)");
        return null;
    }
}
