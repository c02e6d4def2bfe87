using System.Text;
using CsvHelper;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>Which separator a CSV file uses, decided from its header row.</summary>
internal static class CsvSeparator
{
    /// <summary>The separators a header is tried with, in order of preference on a tie: RFC 4180's comma, then what
    /// Excel writes where the decimal mark is a comma (semicolon), then tab-separated text.</summary>
    public static readonly (char Separator, string Name)[] Tried = [(',', "comma (,)"), (';', "semicolon (;)"), ('\t', "tab")];

    public static string NameOf(char separator) => Tried.First(tried => tried.Separator == separator).Name;

    public static string TriedNames => string.Join(", ", Tried.Select(tried => tried.Name));

    /// <summary>The reader's options: UTF-8, or <paramref name="encoding"/> (UTF-16 as Excel's "Unicode text" writes it, with its byte order mark).</summary>
    public static CsvReaderOptions ReaderOptions(char separator, Encoding? encoding = null, bool hasHeader = true) => new()
    {
        Separator = separator,
        Encoding = encoding ?? new UTF8Encoding(false),
        HasHeader = hasHeader,
        MaxRecordSize = Limits.CsvRecordBytes,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>
    /// The separator under which the header row names the most columns <paramref name="known"/> knows (ties go to the
    /// earlier of <see cref="Tried"/>), and whether any separator made the header name one. Decided from the header
    /// alone, which holds only column names (feature keys are slugs, so none holds a separator), rather than by guessing
    /// from the data rows, whose cells may hold commas and semicolons ("Pro, annual") in any number.
    /// </summary>
    public static async Task<(char Separator, bool Recognised)> DetectAsync(
        Stream body, Func<string, bool> known, CancellationToken cancellationToken, Encoding? encoding = null)
    {
        var (best, bestScore) = (Tried[0].Separator, 0);
        foreach (var (separator, _) in Tried)
        {
            body.Position = 0;
            int score;
            try
            {
                await using var csv = CsvReader.Create(body, ReaderOptions(separator, encoding), leaveOpen: true);
                await csv.ReadHeaderAsync(cancellationToken);
                score = csv.Headers.Count(known);
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
}
