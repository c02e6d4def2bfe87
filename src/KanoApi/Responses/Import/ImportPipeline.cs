using System.Threading.Channels;
using KanoApi.Infrastructure;

namespace KanoApi.Responses.Import;

/// <summary>
/// Reads and checks the rows, and counts their answers into the aggregates, on one thread while the request's thread
/// stores the ones before them, so that this work overlaps with the database's instead of adding to it; the rows pass
/// through a bounded channel (<see cref="ReadAhead"/>), so memory stays flat. Errors found while reading are listed as
/// found; respondent ids already stored (or repeated) are found while storing and listed after them, each naming its
/// row. A format error ends the reading and is reported like any other error. Every file type goes through here.
/// </summary>
internal static class ImportPipeline
{
    /// <summary>Respondents read and checked ahead of the one being stored, at most this many.</summary>
    private const int ReadAhead = 512;

    public static async Task ReadThenStoreAsync(
        IImportTable table, ImportColumns columns, SurveyQuestionnaire questionnaire, ResponseRecorder recorder, ValidationErrors errors,
        ImportTally tally, CancellationToken cancellationToken)
    {
        var rows = Channel.CreateBounded<(int Row, RespondentAnswers Respondent)>(
            new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(
            async () =>
            {
                Exception? failure = null;
                try
                {
                    while (await table.ReadAsync(stop.Token))
                    {
                        if (ImportRowReader.Read(table, columns, questionnaire, errors, tally) is { } respondent)
                        {
                            // An import stores every respondent or fails, so this thread can count the answers into
                            // the aggregates while the other stores the rows.
                            recorder.CountAhead(respondent);
                            await rows.Writer.WriteAsync((table.Row, respondent), stop.Token);
                        }
                    }
                }
                catch (ImportFormatException exception)
                {
                    errors.Add(exception.At, exception.Message);
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
                table.At(row, columns.RespondentId, columns.RespondentIdName),
                $"the survey already has a response from '{ResponseReading.Truncate(key)}' (stored before, or earlier in this file)");
        }
    }
}
