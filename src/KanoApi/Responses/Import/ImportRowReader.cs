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

        string? respondentKey = null;
        if (columns.RespondentId >= 0 && !IsBlank(table, columns.RespondentId))
        {
            // A blank cell is no id, as in JSON: one is generated.
            respondentKey = table.GetString(columns.RespondentId).Trim();
            SurveyRules.CheckRespondentId(respondentKey, table.At(row, columns.RespondentId, columns.RespondentIdName), errors);
        }

        string? wave = null;
        if (columns.Wave >= 0 && !IsBlank(table, columns.Wave))
        {
            wave = table.GetString(columns.Wave).Trim();
            SurveyRules.CheckWave(wave, table.At(row, columns.Wave, columns.WaveName), errors);
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
            var importance = ReadScale(table, row, feature.Importance, feature.ImportanceName, 9, errors, tally);
            var satisfaction = ReadScale(table, row, feature.Satisfaction, feature.SatisfactionName, 5, errors, tally);
            var expectation = ReadScale(table, row, feature.Expectation, feature.ExpectationName, ServiceQualityScale.Points, errors, tally);
            var perception = ReadScale(table, row, feature.Perception, feature.PerceptionName, ServiceQualityScale.Points, errors, tally);
            if (functionalEmpty && dysfunctionalEmpty)
            {
                if (importance is not null || satisfaction is not null || expectation is not null || perception is not null)
                {
                    errors.Add(table.At(row, feature.Functional, feature.FunctionalName), "is empty, but the feature's importance, satisfaction, expectation or perception is given: answer both questions or neither");
                }

                continue;
            }

            var functional = ReadAnswer(table, row, feature.Functional, feature.FunctionalName, functionalEmpty, feature.DysfunctionalName, columns, questionnaire.Reading, errors, tally);
            var dysfunctional = ReadAnswer(table, row, feature.Dysfunctional, feature.DysfunctionalName, dysfunctionalEmpty, feature.FunctionalName, columns, questionnaire.Reading, errors, tally);
            if (functional is { } f && dysfunctional is { } d)
            {
                answers.Add(new CheckedAnswer(feature.Id, f, d, importance, satisfaction, expectation, perception));
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

    private static int? ReadScale(IImportTable table, int row, int index, string? column, int max, ValidationErrors errors, ImportTally tally)
    {
        if (index < 0 || IsBlank(table, index))
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

        errors.Add(table.At(row, index, column!), $"'{ResponseReading.Truncate(text.Trim())}' must be a whole number from 1 to {max}, alone or followed by its label (3 - Somewhat important)");
        return null;
    }
}
