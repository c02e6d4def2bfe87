using System.Data.Common;
using System.Globalization;
using KanoApi.Infrastructure;

namespace KanoApi.Responses;

/// <summary>
/// Stores respondents and their answers inside one transaction, keeping the cell aggregates in step: per feature
/// (feature_cells), per feature and wave (wave_cells) and per feature and segment value (segment_cells). They are
/// accumulated in memory and written once, when the transaction finishes. The rows themselves go through the
/// provider's fastest path (<see cref="IRespondentWriter"/>).
/// </summary>
internal sealed class ResponseRecorder : IDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly long surveyId;
    // Cells are kept per group of respondents: group 0 is everybody (feature_cells), the others a wave or a segment
    // value, numbered as they first appear so the per-answer work hashes integers, not strings.
    private readonly Dictionary<(long FeatureId, int Group, int Functional, int Dysfunctional), CellSums> cells = [];
    private readonly Dictionary<(string? SegmentName, string Value), int> groups = [];
    private readonly List<(string? SegmentName, string Value)> groupKeys = [(null, "")];
    private readonly List<int> respondentGroups = [];
    private readonly IRespondentWriter writer;

    /// <summary>
    /// A recorder in <paramref name="transaction"/>. On SQLite rows go by prepared INSERTs (<see cref="ResponseRows"/>);
    /// on PostgreSQL one statement per respondent (<see cref="ResponseStatement"/>), or with bulk (a CSV import) by
    /// binary COPY (<see cref="ResponseCopy"/>).
    /// </summary>
    public ResponseRecorder(DbConnection connection, DbTransaction transaction, long surveyId, bool bulk = false)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.surveyId = surveyId;
        var createdAt = Clock.Now();
        writer = connection switch
        {
            Npgsql.NpgsqlConnection postgres when bulk => new ResponseCopy(postgres, surveyId),
            Npgsql.NpgsqlConnection postgres => new ResponseStatement(postgres, (Npgsql.NpgsqlTransaction)transaction, surveyId, createdAt),
            _ => new ResponseRows(connection, transaction, surveyId, createdAt),
        };
    }

    public int Stored { get; private set; }

    /// <summary>Answers (one feature of one respondent) recorded so far.</summary>
    public long AnswersStored { get; private set; }

    /// <summary>Stores one respondent; false (and nothing stored) when the survey already has this respondent id.</summary>
    public bool Record(RespondentAnswers respondent)
    {
        if (!writer.Add(respondent))
        {
            return false;
        }

        respondentGroups.Clear();
        respondentGroups.Add(0);
        if (respondent.Wave is { } wave)
        {
            respondentGroups.Add(GroupOf(null, wave));
        }

        foreach (var (name, value) in respondent.Segments)
        {
            respondentGroups.Add(GroupOf(name, value));
        }

        foreach (var answer in respondent.Answers)
        {
            foreach (var group in respondentGroups)
            {
                var cellKey = (answer.FeatureId, group, (int)answer.Functional, (int)answer.Dysfunctional);
                if (!cells.TryGetValue(cellKey, out var cell))
                {
                    cells[cellKey] = cell = new CellSums();
                }

                cell.Add(answer.Importance, answer.Satisfaction);
            }
        }

        Stored++;
        AnswersStored += respondent.Answers.Count;
        return true;
    }

    /// <summary>The number of a wave (<paramref name="segmentName"/> null) or of a segment value.</summary>
    private int GroupOf(string? segmentName, string value)
    {
        if (!groups.TryGetValue((segmentName, value), out var group))
        {
            groups[(segmentName, value)] = group = groupKeys.Count;
            groupKeys.Add((segmentName, value));
        }

        return group;
    }

    /// <summary>Adds the accumulated cells to the aggregates and marks the survey's data changed. Call once, before commit.</summary>
    public void Finish()
    {
        if (Stored == 0)
        {
            return;
        }

        writer.Flush();

        const string Sums = "answers, importance_count, importance_sum, importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares";
        const string Values = "@answers, @ic, @is, @iss, @sc, @ss, @sss";
        const string Adds = """
            answers = {0}.answers + excluded.answers,
            importance_count = {0}.importance_count + excluded.importance_count,
            importance_sum = {0}.importance_sum + excluded.importance_sum,
            importance_sum_squares = {0}.importance_sum_squares + excluded.importance_sum_squares,
            satisfaction_count = {0}.satisfaction_count + excluded.satisfaction_count,
            satisfaction_sum = {0}.satisfaction_sum + excluded.satisfaction_sum,
            satisfaction_sum_squares = {0}.satisfaction_sum_squares + excluded.satisfaction_sum_squares
            """;
        string[] sumParameters = ["@feature", "@functional", "@dysfunctional", "@answers", "@ic", "@is", "@iss", "@sc", "@ss", "@sss"];
        using var upsertFeature = Prepare(
            $"""
            INSERT INTO feature_cells (feature_id, functional, dysfunctional, {Sums}) VALUES (@feature, @functional, @dysfunctional, {Values})
            ON CONFLICT (feature_id, functional, dysfunctional) DO UPDATE SET {string.Format(CultureInfo.InvariantCulture, Adds, "feature_cells")}
            """,
            sumParameters);
        using var upsertWave = Prepare(
            $"""
            INSERT INTO wave_cells (feature_id, wave, functional, dysfunctional, {Sums}) VALUES (@feature, @wave, @functional, @dysfunctional, {Values})
            ON CONFLICT (feature_id, wave, functional, dysfunctional) DO UPDATE SET {string.Format(CultureInfo.InvariantCulture, Adds, "wave_cells")}
            """,
            [.. sumParameters, "@wave"]);
        using var upsertSegment = Prepare(
            $"""
            INSERT INTO segment_cells (feature_id, name, value, functional, dysfunctional, {Sums}) VALUES (@feature, @name, @value, @functional, @dysfunctional, {Values})
            ON CONFLICT (feature_id, name, value, functional, dysfunctional) DO UPDATE SET {string.Format(CultureInfo.InvariantCulture, Adds, "segment_cells")}
            """,
            [.. sumParameters, "@name", "@value"]);
        foreach (var ((featureId, group, functional, dysfunctional), cell) in cells)
        {
            var (segmentName, value) = groupKeys[group];
            var upsert = group == 0 ? upsertFeature : segmentName is null ? upsertWave : upsertSegment;
            if (group != 0 && segmentName is null)
            {
                upsert.Parameters["@wave"].Value = value;
            }
            else if (group != 0)
            {
                upsert.Parameters["@name"].Value = segmentName;
                upsert.Parameters["@value"].Value = value;
            }

            upsert.Parameters["@feature"].Value = featureId;
            upsert.Parameters["@functional"].Value = (long)functional;
            upsert.Parameters["@dysfunctional"].Value = (long)dysfunctional;
            upsert.Parameters["@answers"].Value = cell.Answers;
            upsert.Parameters["@ic"].Value = cell.ImportanceCount;
            upsert.Parameters["@is"].Value = cell.ImportanceSum;
            upsert.Parameters["@iss"].Value = cell.ImportanceSumSquares;
            upsert.Parameters["@sc"].Value = cell.SatisfactionCount;
            upsert.Parameters["@ss"].Value = cell.SatisfactionSum;
            upsert.Parameters["@sss"].Value = cell.SatisfactionSumSquares;
            upsert.ExecuteNonQuery();
        }

        using var bump = Prepare("UPDATE surveys SET data_version = data_version + 1 WHERE id = @survey", "@survey");
        bump.Parameters["@survey"].Value = surveyId;
        bump.ExecuteNonQuery();
    }

    public void Dispose()
    {
        writer.Dispose();
    }

    private DbCommand Prepare(string sql, params string[] parameters) => PreparedCommand.Create(connection, transaction, sql, parameters);

    /// <summary>The sufficient statistics of one (functional, dysfunctional) cell of one feature.</summary>
    private sealed class CellSums
    {
        public long Answers;
        public long ImportanceCount;
        public long ImportanceSum;
        public long ImportanceSumSquares;
        public long SatisfactionCount;
        public long SatisfactionSum;
        public long SatisfactionSumSquares;

        public void Add(int? importance, int? satisfaction)
        {
            Answers++;
            if (importance is { } i)
            {
                ImportanceCount++;
                ImportanceSum += i;
                ImportanceSumSquares += (long)i * i;
            }

            if (satisfaction is { } s)
            {
                SatisfactionCount++;
                SatisfactionSum += s;
                SatisfactionSumSquares += (long)s * s;
            }
        }
    }
}
