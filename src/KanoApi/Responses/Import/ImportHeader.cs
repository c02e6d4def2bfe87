namespace KanoApi.Responses.Import;

/// <summary>One column of an export, as its header rows name it.</summary>
/// <param name="Index">0-based.</param>
/// <param name="Name">The name the preview shows and a mapping uses: the header cell; "question [row label]" under a
/// SurveyMonkey header; the column id (Q3_1) under a Qualtrics header.</param>
/// <param name="Texts">What the column is matched by: its name, and under a multi-row header the question text and
/// the row label.</param>
/// <param name="Title">A grid column's question (the text before "[Feature]", SurveyMonkey's first row, Qualtrics' text before " - ").</param>
/// <param name="Item">A grid column's row label (the feature).</param>
internal sealed record HeaderColumn(int Index, string Name, IReadOnlyList<string> Texts, string? Title, string? Item)
{
    /// <summary>A spreadsheet's column letters: A, B, …, Z, AA, …</summary>
    public string Letter => LetterOf(Index);

    public static string LetterOf(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + (n - 1) % 26) + letters;
        }

        return letters;
    }
}

/// <summary>
/// The header rows of an export: how many (detected from the rows themselves, or given), what shape they have, and the
/// columns they name. SurveyMonkey writes two (the question, then "Response" or the matrix row label under it, the
/// question written once over its matrix's columns); Qualtrics three (column ids such as Q3_1, the question text, then
/// {"ImportId":"QID3_1"}); the other tools one.
/// </summary>
internal sealed class ImportHeader
{
    public const int MostRows = 3;

    private ImportHeader(int rows, string shape, bool given, IReadOnlyList<HeaderColumn> columns)
    {
        Rows = rows;
        Shape = shape;
        Given = given;
        Columns = columns;
    }

    public int Rows { get; }

    public string Shape { get; }

    public bool Given { get; }

    public IReadOnlyList<HeaderColumn> Columns { get; }

    /// <summary>The columns from the file's first rows (at most <see cref="MostRows"/>), as <paramref name="given"/> says or as detected.</summary>
    public static ImportHeader Read(IReadOnlyList<IReadOnlyList<string>> firstRows, int? given)
    {
        var rows = given ?? Detect(firstRows);
        var width = firstRows.Take(Math.Max(rows, 1)).Select(row => row.Count).DefaultIfEmpty(0).Max();
        string Cell(int row, int column) => row < firstRows.Count && column < firstRows[row].Count ? firstRows[row][column].Trim() : "";
        var columns = new List<HeaderColumn>(width);
        var title = "";
        for (var i = 0; i < width; i++)
        {
            var top = Cell(0, i);
            switch (rows)
            {
                case 2:
                {
                    // SurveyMonkey writes a matrix question once, over its first column.
                    title = top.Length > 0 ? top : title;
                    var label = Cell(1, i);
                    var plain = label.Length == 0 || IsResponseLabel(label);
                    columns.Add(plain
                        ? new HeaderColumn(i, title, [title], null, null)
                        : new HeaderColumn(i, $"{title} [{label}]", [$"{title} [{label}]", label], title, label));
                    break;
                }

                case 3:
                {
                    var question = Cell(1, i);
                    var (gridTitle, item) = SplitQualtrics(question);
                    columns.Add(new HeaderColumn(i, top, [top, question], gridTitle, item));
                    break;
                }

                default:
                {
                    var (gridTitle, item) = SplitBracketed(top);
                    columns.Add(new HeaderColumn(i, top, [top], gridTitle, item));
                    break;
                }
            }
        }

        var shape = rows switch
        {
            2 => "SurveyMonkey: two header rows (the question, then Response or the row label)",
            3 => "Qualtrics: three header rows (column id, question text, ImportId)",
            _ => "one header row",
        };
        return new ImportHeader(rows, shape, given is not null, columns);
    }

    private static int Detect(IReadOnlyList<IReadOnlyList<string>> firstRows)
    {
        if (firstRows.Count >= 3 && firstRows[2].Any(cell => cell.TrimStart().StartsWith("{\"ImportId\"", StringComparison.OrdinalIgnoreCase)))
        {
            return 3;
        }

        if (firstRows.Count >= 2 && firstRows[1].Any(IsResponseLabel)
            && firstRows[0].Any(cell => cell.Trim() is "Respondent ID" or "Collector ID"))
        {
            return 2;
        }

        return 1;
    }

    /// <summary>SurveyMonkey's second-row label of a column that holds a question's only answer.</summary>
    private static bool IsResponseLabel(string cell) => cell.Trim() is "Response" or "Open-Ended Response";

    /// <summary>"How would you feel if … [Dark mode]" → ("How would you feel if …", "Dark mode"): Google Forms' and LimeSurvey's grid headers.</summary>
    public static (string? Title, string? Item) SplitBracketed(string header)
    {
        var text = header.TrimEnd();
        var open = text.LastIndexOf('[');
        return text.EndsWith(']') && open > 0 && text.Length - open > 2
            ? (text[..open].Trim(), text[(open + 1)..^1].Trim())
            : (null, null);
    }

    /// <summary>Qualtrics' "How would you feel if … - Dark mode" → (question, statement).</summary>
    private static (string? Title, string? Item) SplitQualtrics(string question)
    {
        var dash = question.LastIndexOf(" - ", StringComparison.Ordinal);
        return dash > 0 && dash + 3 < question.Length ? (question[..dash].Trim(), question[(dash + 3)..].Trim()) : SplitBracketed(question);
    }
}
