using System.Text.Json.Serialization;

namespace KanoApi.Responses.Import;

/// <summary>
/// How a survey tool's export becomes respondents: which header rows the file has, which sheet of a workbook to read,
/// what each column holds, and how numeric answer cells are recoded. What a preview answers in <c>mapping</c>, and what
/// an import (or a saved mapping) takes back after review. Columns it does not list are ignored and never stored.
/// </summary>
/// <param name="HeaderRows" example="1">How many header rows the file has: 1 (Google Forms, Microsoft Forms, Typeform, LimeSurvey, research files), 2 (SurveyMonkey) or 3 (Qualtrics). Detected when absent.</param>
/// <param name="Sheet" example="Form Responses 1">An XLSX file's sheet to read, by name; the first sheet when absent.</param>
/// <param name="Columns">What each column holds; a column not listed is ignored.</param>
/// <param name="Values">Answer cells recoded before they are read, cell → answer code, e.g. { "1": "like", "2": "must-be", "3": "neutral", "4": "live-with", "5": "dislike" } for a tool that exports numeric values: their meaning depends on how the survey was built, so it is never guessed. Compared ignoring case and punctuation.</param>
public sealed record ImportMapping(
    int? HeaderRows,
    string? Sheet,
    IReadOnlyList<ColumnMapping>? Columns,
    IReadOnlyDictionary<string, string>? Values);

/// <summary>What one column holds.</summary>
/// <param name="Column" example="How would you feel if Dark mode were available?">The column's name as the preview shows it (a two-row SurveyMonkey header as "question [row label]", a Qualtrics header by its column id such as Q3_1). Give this or index.</param>
/// <param name="Index" example="3">The column's number, 1 for the first (A in a spreadsheet); needed when two columns have the same name.</param>
/// <param name="To" example="functional">functional, dysfunctional, importance or satisfaction (with feature), respondentId, wave, answeredAt (the time the respondent answered), segment (with segment), or ignore.</param>
/// <param name="Feature" example="dark-mode">The feature's key, for functional, dysfunctional, importance and satisfaction.</param>
/// <param name="Segment" example="country">The segment's name, for segment.</param>
/// <param name="DateOrder" example="month-first">For answeredAt: how the column writes a date whose first two numbers could be either, month-first (11/3/2026 is 3 November; English exports) or day-first (3/11/2026; Vietnamese and most other locales). Found from the header's language when absent; year-first dates (2026-11-03) are read as they are.</param>
/// <param name="TimeZone" example="Asia/Ho_Chi_Minh">For answeredAt: the time zone of the times the column writes without an offset, an IANA name (Asia/Ho_Chi_Minh, Europe/Berlin; daylight saving followed) or a fixed offset (+07:00); UTC when absent. A cell that writes its offset (GMT+7, +07:00, Z) keeps it.</param>
/// <param name="How" example="question text (en)">Preview only: how the column's meaning was found (KanoApi header, question text, grid header, suffix, metadata, given). Ignored when sent.</param>
/// <param name="Confidence" example="1">Preview only: how sure the automatic mapping is, 0 to 1 (1 for an exact header or question text, 0 for a column nothing matched). Ignored when sent.</param>
public sealed record ColumnMapping(
    string? Column,
    int? Index,
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Feature = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Segment = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DateOrder = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TimeZone = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? How = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Confidence = null);

/// <summary>What an import would do with a file, storing nothing.</summary>
/// <param name="FileType" example="csv">csv or xlsx.</param>
/// <param name="Encoding" example="UTF-8">A CSV file's encoding (UTF-8, UTF-8 with BOM, UTF-16 LE); null for a workbook.</param>
/// <param name="Separator" example="comma (,)">A CSV file's separator; null for a workbook.</param>
/// <param name="Sheet" example="Form Responses 1">The workbook sheet read; null for a CSV file.</param>
/// <param name="HeaderRows" example="1">The header rows read.</param>
/// <param name="HeaderShape" example="one header row">What the header rows look like: one header row, SurveyMonkey (question, then Response or the row label), Qualtrics (column id, question, ImportId).</param>
/// <param name="HeaderRowsFound" example="detected">detected, or given (by the mapping or the headerRows option).</param>
/// <param name="Rows" example="120">Respondent rows in the file (after the header rows).</param>
/// <param name="Mapping">The mapping the import would use, every column with what it maps to, how that was found and how sure: send it back (edited if need be) to import.</param>
/// <param name="Ignored">The columns that would not be read or stored (metadata such as timestamps, e-mail and IP addresses; free text; anything unmapped).</param>
/// <param name="Features">The survey's features the mapping answers, by key.</param>
/// <param name="TotalErrors" example="0">How many errors the import would answer; the first 100 are in errors.</param>
/// <param name="Errors">The first errors, keyed as the import's 400 keys them (row 31, column "…"; D31 in a workbook).</param>
/// <param name="UnrecognisedAnswers">Every distinct answer wording not recognised, with its count and columns.</param>
/// <param name="Notes">How the file was read where that may surprise.</param>
public sealed record ImportPreview(
    string FileType,
    string? Encoding,
    string? Separator,
    string? Sheet,
    int HeaderRows,
    string HeaderShape,
    string HeaderRowsFound,
    int Rows,
    ImportMapping Mapping,
    IReadOnlyList<string> Ignored,
    IReadOnlyList<string> Features,
    int TotalErrors,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<UnrecognisedAnswerCount> UnrecognisedAnswers,
    IReadOnlyList<string> Notes);

/// <summary>One answer wording the file holds that no wording set reads.</summary>
/// <param name="Value" example="Thích">The cell as first seen (trimmed, at most 60 characters).</param>
/// <param name="Count" example="12">How many cells held it.</param>
/// <param name="Columns">The columns it appeared in (at most 20).</param>
public sealed record UnrecognisedAnswerCount(string Value, int Count, IReadOnlyList<string> Columns);

/// <summary>A mapping saved on a survey under a name, for the next file from the same tool.</summary>
/// <param name="Name" example="google-forms">The mapping's name in the survey (1-100 characters, no slash).</param>
/// <param name="Mapping">The mapping, as the import takes it.</param>
/// <param name="CreatedAt" example="2026-11-03T09:04:40.0000000+00:00">When it was first saved.</param>
/// <param name="UpdatedAt" example="2026-12-01T10:00:00.0000000+00:00">When it was last saved.</param>
public sealed record SavedImportMapping(string Name, ImportMapping Mapping, string CreatedAt, string UpdatedAt);
