using System.Data.Common;
using Dapper;
using KanoApi.Infrastructure;

namespace KanoApi.Responses;

/// <summary>
/// Stores respondents and their answers inside one transaction, keeping the cell aggregates in step: per feature
/// (feature_cells), per feature and wave (wave_cells) and per feature and segment value (segment_cells). They are
/// accumulated in memory (<see cref="CellAggregates"/>) and written once, when the transaction finishes. The rows
/// themselves go through the provider's fastest path (<see cref="StorageProvider.RespondentWriter"/>).
/// </summary>
internal sealed class ResponseRecorder : IDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly long surveyId;
    private readonly CellAggregates aggregates = new();
    private readonly IRespondentWriter writer;
    private readonly List<string> respondentIds = [];
    private long countedAhead;
    private long rejected;

    /// <summary>
    /// A recorder in <paramref name="transaction"/>; with <paramref name="bulk"/> (a CSV import) the rows go by the
    /// provider's bulk path where it has one.
    /// </summary>
    public ResponseRecorder(DbConnection connection, DbTransaction transaction, long surveyId, bool bulk = false)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.surveyId = surveyId;
        writer = StorageProvider.Of(connection).RespondentWriter(connection, transaction, surveyId, Clock.Now(), bulk);
    }

    public int Stored { get; private set; }

    /// <summary>Answers (one feature of one respondent) recorded so far.</summary>
    public long AnswersStored { get; private set; }

    /// <summary>Stores one respondent; false (and nothing stored) when the survey already has this respondent id.</summary>
    public bool Record(RespondentAnswers respondent)
    {
        if (!Store(respondent))
        {
            return false;
        }

        aggregates.Add(respondent);
        return true;
    }

    /// <summary>
    /// For a caller that stores every respondent or nothing (an import, whose rejected ids fail it): adds the
    /// respondent's answers to the aggregates ahead of <see cref="Store"/>, possibly on another thread than the one
    /// storing — the aggregates and the rows share no state. <see cref="Finish"/> refuses to write aggregates counted
    /// ahead unless every one of those respondents was stored.
    /// </summary>
    public void CountAhead(RespondentAnswers respondent)
    {
        aggregates.Add(respondent);
        countedAhead++;
    }

    /// <summary>
    /// Stores the respondents, in order, as one write where the provider can (a JSON batch: one round trip on
    /// PostgreSQL); for each, whether it was stored (false: the survey already had its id, or one before it gave it).
    /// </summary>
    public bool[] RecordAll(IReadOnlyList<RespondentAnswers> respondents)
    {
        var stored = writer.AddAll(respondents);
        for (var i = 0; i < respondents.Count; i++)
        {
            Count(respondents[i], stored[i]);
            if (stored[i])
            {
                aggregates.Add(respondents[i]);
            }
        }

        return stored;
    }

    /// <summary>Stores one respondent whose answers were counted ahead; false when the survey already has its id.</summary>
    public bool Store(RespondentAnswers respondent) => Count(respondent, writer.Add(respondent));

    /// <summary>Counts a respondent the writer stored, or refused; returns <paramref name="stored"/>.</summary>
    private bool Count(RespondentAnswers respondent, bool stored)
    {
        if (!stored)
        {
            rejected++;
            return false;
        }

        Stored++;
        AnswersStored += respondent.Answers.Count;
        if (respondentIds.Count < Webhooks.WebhookOutbox.RespondentIdsListed)
        {
            respondentIds.Add(respondent.RespondentKey);
        }

        return true;
    }

    /// <summary>Adds the accumulated cells to the aggregates and marks the survey's data changed. Call once, before commit.</summary>
    public void Finish()
    {
        if (Stored == 0)
        {
            return;
        }

        if (countedAhead > 0 && (rejected > 0 || countedAhead != Stored))
        {
            throw new InvalidOperationException(
                $"{countedAhead} respondents were counted ahead but {Stored} stored and {rejected} rejected: the aggregates would not match the rows.");
        }

        writer.Flush();

        aggregates.Write(connection, transaction);

        // The survey's data version, and its respondent count unless a trigger counts them (StorageProvider.CountsInsertedRespondentsByTrigger).
        connection.Execute(
            StorageProvider.Of(connection).CountsInsertedRespondentsByTrigger
                ? "UPDATE surveys SET data_version = data_version + 1 WHERE id = @surveyId"
                : "UPDATE surveys SET data_version = data_version + 1, respondent_count = respondent_count + @stored WHERE id = @surveyId",
            new { surveyId, stored = (long)Stored },
            transaction);

        // The write's answers-stored event, in its transaction (the webhook outbox, decision 0016).
        Webhooks.WebhookOutbox.AnswersStored(connection, transaction, surveyId, Stored, respondentIds);
    }

    public void Dispose()
    {
        writer.Dispose();
    }
}
