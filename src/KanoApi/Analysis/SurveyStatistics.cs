using System.Data.Common;
using System.Globalization;
using Dapper;
using Kano.Analysis;
using KanoApi.Features;
using KanoApi.Infrastructure;
using KanoApi.Responses;

namespace KanoApi.Analysis;

/// <summary>Which respondents an analysis counts. Empty: everybody, read from the aggregates.</summary>
internal sealed record RespondentFilter(string? Wave, IReadOnlyList<KeyValuePair<string, string>> Segments, int? MaxQuestionable)
{
    public bool IsEverybody => Wave is null && Segments.Count == 0 && MaxQuestionable is null;

    public RespondentFilter WithSegment(string name, string value) =>
        this with { Segments = [.. Segments.Where(segment => segment.Key != name), new(name, value)] };

    /// <summary>
    /// The filter as unambiguous text for the ETag: every part length-prefixed, so no value can pass for another
    /// filter (a segment value "1&amp;segment.y=2" must not read like two segments).
    /// </summary>
    public string Canonical() => CanonicalText.Of(
        [
            Wave,
            MaxQuestionable?.ToString(CultureInfo.InvariantCulture),
            .. Segments.OrderBy(segment => segment.Key, StringComparer.Ordinal).SelectMany(segment => new[] { segment.Key, segment.Value }),
        ]);
}

/// <summary>Unambiguous text from parts: each written as its length, a colon and itself (null as "-").</summary>
internal static class CanonicalText
{
    public static string Of(params IEnumerable<string?> parts)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part is null)
            {
                text.Append('-');
            }
            else
            {
                text.Append(part.Length).Append(':').Append(part);
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// Gathers from SQL the sufficient statistics the engine analyses (the per-feature 5×5 answer matrices) and hands
/// them over as <see cref="FeatureInput"/>s. Without a filter it reads the <c>feature_cells</c> aggregates — a few
/// hundred rows whatever the number of respondents — and <c>surveys.respondent_count</c>; filtered by exactly one wave
/// or one segment value, the <c>wave_cells</c> or <c>segment_cells</c> aggregates; with any other filter it sums the
/// chosen respondents' raw answers. Nothing of the method itself is computed here.
/// </summary>
internal static class SurveyStatistics
{
    public static async Task<(IReadOnlyList<FeatureInput> Features, long Respondents)> ReadAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, RespondentFilter filter, EvaluationTable table, CancellationToken cancellationToken)
    {
        var features = await FeatureStore.AllAsync(connection, surveyId, transaction, cancellationToken);
        // Each feature's 25 cells × 7 sums, in the layout of the wide aggregate rows (WideCells), whichever source they come from.
        var sums = features.ToDictionary(feature => feature.Id, _ => new long[WideCells.Width]);
        long respondents;
        if (filter.IsEverybody)
        {
            var cells = await connection.QueryAsync<CellRow>(new CommandDefinition(
                """
                SELECT c.feature_id AS FeatureId, c.functional AS Functional, c.dysfunctional AS Dysfunctional,
                       c.answers AS Answers, c.importance_count AS ImportanceCount, c.importance_sum AS ImportanceSum,
                       c.importance_sum_squares AS ImportanceSumSquares, c.satisfaction_count AS SatisfactionCount,
                       c.satisfaction_sum AS SatisfactionSum, c.satisfaction_sum_squares AS SatisfactionSumSquares
                FROM feature_cells c JOIN features f ON f.id = c.feature_id
                WHERE f.survey_id = @surveyId AND c.answers > 0
                """,
                new { surveyId },
                transaction: transaction, cancellationToken: cancellationToken));
            foreach (var cell in cells)
            {
                if (sums.TryGetValue(cell.FeatureId, out var feature))
                {
                    var at = WideCells.At((Answer)cell.Functional, (Answer)cell.Dysfunctional);
                    (feature[at], feature[at + 1], feature[at + 2], feature[at + 3], feature[at + 4], feature[at + 5], feature[at + 6]) = (
                        cell.Answers, cell.ImportanceCount, cell.ImportanceSum, cell.ImportanceSumSquares,
                        cell.SatisfactionCount, cell.SatisfactionSum, cell.SatisfactionSumSquares);
                }
            }

            respondents = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT respondent_count FROM surveys WHERE id = @surveyId", new { surveyId }, transaction: transaction, cancellationToken: cancellationToken));
        }
        else if (filter is { Wave: { } wave, Segments.Count: 0, MaxQuestionable: null })
        {
            // Exactly one wave: its wide aggregate rows, one per feature (docs/decisions/0008, 0010), and its
            // respondents counted on their index.
            await ReadWideRowsAsync(connection, transaction, sums, "wave_cells", "c.wave = @wave", new { surveyId, wave }, cancellationToken);
            respondents = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM respondents WHERE survey_id = @surveyId AND wave = @wave", new { surveyId, wave },
                transaction: transaction, cancellationToken: cancellationToken));
        }
        else if (filter is { Wave: null, Segments: [var (name, value)], MaxQuestionable: null })
        {
            // Exactly one segment value: its wide aggregate rows, and its respondents counted on their index.
            await ReadWideRowsAsync(connection, transaction, sums, "segment_cells", "c.name = @name AND c.value = @value", new { surveyId, name, value }, cancellationToken);
            respondents = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM respondent_segments WHERE survey_id = @surveyId AND name = @name AND value = @value", new { surveyId, name, value },
                transaction: transaction, cancellationToken: cancellationToken));
        }
        else
        {
            // Combined filters and maxQuestionable: the chosen respondents' raw answers.
            var (chosen, parameters) = ChosenRespondents(surveyId, filter, table);
            respondents = await SumChosenAnswersAsync(connection, transaction, sums, chosen, parameters, cancellationToken);
        }

        var inputs = features
            .Select(feature =>
            {
                var matrix = new AnswerMatrix();
                WideCells.AddTo(matrix, sums[feature.Id]);
                return new FeatureInput(feature.Id, feature.Key, feature.Name, matrix) { Effort = feature.Effort };
            })
            .ToArray();
        return (inputs, respondents);
    }

    /// <summary>
    /// The chosen respondents' answers summed per (feature, functional, dysfunctional) cell. A SQL GROUP BY would sort
    /// every chosen answer in a temporary B-tree first (most of a filtered request's time at 100k respondents × 50
    /// features), so the answers are streamed in the table's own order and summed here instead.
    /// Each answer comes as one packed integer, because reading a row costs little next to reading each column
    /// (one column instead of five took markedly less time for the same answers): the columns are
    /// CHECK-constrained small ranges.
    /// Returns the number of chosen respondents, counted from the same statement (<see cref="AnswersOfChosenSql"/>),
    /// so the filters are read once per analysis.
    /// </summary>
    private static async Task<long> SumChosenAnswersAsync(
        DbConnection connection, DbTransaction transaction, Dictionary<long, long[]> features, string chosen, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"{chosen} {AnswersOfChosenSql(StorageProvider.Of(connection))}",
            parameters,
            transaction: transaction, cancellationToken: cancellationToken));
        var respondents = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            var packed = reader.GetInt64(0);
            if (packed == ChosenRespondentRow)
            {
                respondents++;
                continue;
            }

            var satisfaction = packed % 6;
            packed /= 6;
            var importance = packed % 10;
            packed /= 10;
            var cell = (int)(packed % 25);
            if (features.TryGetValue(packed / 25, out var sums))
            {
                WideCells.Add(sums, (Answer)(cell / 5 + 1), (Answer)(cell % 5 + 1), importance > 0 ? importance : null, satisfaction > 0 ? satisfaction : null);
            }
        }

        return respondents;
    }

    /// <summary>
    /// Adds the survey's wide aggregate rows of <paramref name="table"/> (<c>wave_cells</c> or <c>segment_cells</c>)
    /// that <paramref name="where"/> picks — one per feature — to each feature's sums.
    /// </summary>
    private static async Task ReadWideRowsAsync(
        DbConnection connection, DbTransaction transaction, Dictionary<long, long[]> features, string table, string where, object parameters, CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            SELECT c.feature_id, {string.Join(", ", WideCells.Columns.Select(column => "c." + column))}
            FROM {table} c JOIN features f ON f.id = c.feature_id
            WHERE f.survey_id = @surveyId AND {where} AND c.answers > 0
            """,
            parameters,
            transaction: transaction, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            if (features.TryGetValue(reader.GetInt64(0), out var sums))
            {
                WideCells.Read(reader, 1, sums);
            }
        }
    }

    /// <summary>The distinct values of one segment among the survey's respondents, most frequent first.</summary>
    /// <remarks>At most <paramref name="take"/> values, the most frequent first.</remarks>
    public static async Task<IReadOnlyList<string>> SegmentValuesAsync(DbConnection connection, DbTransaction transaction, long surveyId, string name, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT value FROM respondent_segments
            WHERE survey_id = @surveyId AND name = @name
            GROUP BY value ORDER BY count(*) DESC, value
            LIMIT @take
            """,
            new { surveyId, name, take },
            transaction: transaction, cancellationToken: cancellationToken))).ToArray();

    /// <summary>
    /// The survey's waves, ordered by their first response stored (then by name); at most <paramref name="take"/>.
    /// A skip-scan of <c>ix_respondents_wave</c>: each next wave, and each wave's first respondent id, is one index seek,
    /// so the cost grows with the number of waves, not of respondents (a GROUP BY over 100k respondents took longer
    /// than the comparison itself).
    /// </summary>
    public static async Task<IReadOnlyList<string>> WavesAsync(DbConnection connection, DbTransaction transaction, long surveyId, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            """
            WITH RECURSIVE waves (wave) AS (
                SELECT (SELECT min(wave) FROM respondents WHERE survey_id = @surveyId AND wave IS NOT NULL)
                UNION ALL
                SELECT (SELECT min(r.wave) FROM respondents r WHERE r.survey_id = @surveyId AND r.wave > waves.wave)
                FROM waves WHERE waves.wave IS NOT NULL
            )
            SELECT wave FROM waves
            WHERE wave IS NOT NULL
            ORDER BY (SELECT min(r.id) FROM respondents r WHERE r.survey_id = @surveyId AND r.wave = waves.wave), wave
            LIMIT @take
            """,
            new { surveyId, take },
            transaction: transaction, cancellationToken: cancellationToken))).ToArray();

    /// <summary>
    /// Who the filter keeps, for a report's headline: each wave with its number of respondents (respondents without a
    /// wave under null), and when the first and the last of them answered (ISO-8601 text, null when nobody).
    /// </summary>
    public static async Task<(IReadOnlyList<(string? Wave, long Respondents)> Waves, string? First, string? Last)> SpanAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, RespondentFilter filter, EvaluationTable table, CancellationToken cancellationToken)
    {
        var (chosen, parameters) = ChosenRespondents(surveyId, filter, table);
        var rows = (await connection.QueryAsync<(string? Wave, long Respondents, string? First, string? Last)>(new CommandDefinition(
            $"{chosen} {SpanOfChosenSql(StorageProvider.Of(connection))}",
            parameters,
            transaction: transaction, cancellationToken: cancellationToken))).ToArray();
        return (
            rows.Select(row => (row.Wave, row.Respondents)).ToArray(),
            rows.Select(row => row.First).Where(first => first is not null).Min(StringComparer.Ordinal),
            rows.Select(row => row.Last).Where(last => last is not null).Max(StringComparer.Ordinal));
    }

    /// <summary>The survey's segment names, each with its most frequent values (at most <paramref name="take"/> names and values each).</summary>
    public static async Task<IReadOnlyList<(string Name, IReadOnlyList<string> Values)>> SegmentsAsync(
        DbConnection connection, DbTransaction transaction, long surveyId, int take, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Name, string Value)>(new CommandDefinition(
            """
            SELECT name, value FROM (
                SELECT name, value, row_number() OVER (PARTITION BY name ORDER BY count(*) DESC, value) AS place
                FROM respondent_segments WHERE survey_id = @surveyId
                GROUP BY name, value) AS ranked
            WHERE place <= @take
            ORDER BY name, place
            """,
            new { surveyId, take },
            transaction: transaction, cancellationToken: cancellationToken));
        return rows.GroupBy(row => row.Name)
            .Take(take)
            .Select(group => (group.Key, (IReadOnlyList<string>)group.Select(row => row.Value).Take(take).ToArray()))
            .ToArray();
    }

    /// <summary>The row <see cref="AnswersOfChosenSql"/> gives once per chosen respondent; an answer's packed integer is never negative.</summary>
    private const long ChosenRespondentRow = -1;

    /// <summary>
    /// Each answer of the chosen respondents as one packed integer (<see cref="SumChosenAnswersAsync"/>), and a
    /// <see cref="ChosenRespondentRow"/> per chosen respondent: counting them in the same statement reads the filters
    /// once (a respondent whose only answers were to a deleted feature counts without any answer row).
    /// </summary>
    internal static string AnswersOfChosenSql(StorageProvider provider) => $"""
        SELECT {ChosenRespondentRow} FROM chosen
        UNION ALL
        SELECT ((a.feature_id * 25 + (a.functional - 1) * 5 + a.dysfunctional - 1) * 10 + coalesce(a.importance, 0)) * 6 + coalesce(a.satisfaction, 0)
        {provider.RowsKeyedByIdsIn("chosen", "answers a", "a.respondent_id")}
        """;

    /// <summary>The chosen respondents per wave, with the first and last time they answered (<see cref="SpanAsync"/>).</summary>
    internal static string SpanOfChosenSql(StorageProvider provider) => $"""
        SELECT r.wave, count(*), min(r.created_at), max(r.created_at)
        {provider.RowsKeyedByIdsIn("chosen", "respondents r", "r.id")}
        GROUP BY r.wave ORDER BY r.wave
        """;

    /// <summary>
    /// A WITH clause naming <c>chosen (id)</c>: the ids of the respondents a filter keeps, with its parameters. Each read
    /// of the chosen respondents is this clause followed by <see cref="AnswersOfChosenSql"/> or <see cref="SpanOfChosenSql"/>.
    /// </summary>
    /// <remarks>
    /// Each filter — the wave, each segment value — is one range of its own index, already in respondent id order
    /// (<c>ix_respondents_wave</c>, <c>ix_respondent_segments_value</c>), and the ranges are intersected
    /// (<c>INTERSECT … ORDER BY</c>: a merge on SQLite, a hashed or sorted set operation on PostgreSQL), so the cost is
    /// the sum of the ranges' lengths whatever the number of filters or the planner's statistics. Written as
    /// <c>id IN (…) AND id IN (…)</c> the filters were a join the planner ordered itself: SQLite drove lookups in the
    /// wave index from both segment lists, a probe for every pair of their entries (docs/decisions/0012).
    /// maxQuestionable is then judged on the intersection only, respondent by respondent through the answers' key.
    /// </remarks>
    internal static (string Sql, DynamicParameters Parameters) ChosenRespondents(long surveyId, RespondentFilter filter, EvaluationTable table)
    {
        var parameters = new DynamicParameters();
        parameters.Add("surveyId", surveyId);
        var ranges = new List<string>();
        if (filter.Wave is not null)
        {
            ranges.Add("SELECT r.id FROM respondents r WHERE r.survey_id = @surveyId AND r.wave = @wave");
            parameters.Add("wave", filter.Wave);
        }

        for (var s = 0; s < filter.Segments.Count; s++)
        {
            ranges.Add(string.Create(CultureInfo.InvariantCulture,
                $"SELECT s.respondent_id FROM respondent_segments s WHERE s.survey_id = @surveyId AND s.name = @segmentName{s} AND s.value = @segmentValue{s}"));
            parameters.Add($"segmentName{s}", filter.Segments[s].Key);
            parameters.Add($"segmentValue{s}", filter.Segments[s].Value);
        }

        if (ranges.Count == 0)
        {
            ranges.Add("SELECT r.id FROM respondents r WHERE r.survey_id = @surveyId");
        }

        // Gathered once (MATERIALIZED): no reader of `chosen` can fold the intersection into a join of its own, and
        // a statement reading `chosen` twice reads the filters once.
        var matching = ranges.Count == 1 ? ranges[0] : string.Join(" INTERSECT ", ranges) + " ORDER BY 1";
        if (filter.MaxQuestionable is not { } maxQuestionable)
        {
            return ($"WITH chosen (id) AS MATERIALIZED ({matching})", parameters);
        }

        // Which answer pairs are Q is the evaluation table's decision, asked of the engine, never restated here.
        var questionable = string.Join(", ",
            from functional in Enum.GetValues<Answer>()
            from dysfunctional in Enum.GetValues<Answer>()
            where table.Classify(functional, dysfunctional) == KanoCode.Q
            select ((int)functional * 10 + (int)dysfunctional).ToString(CultureInfo.InvariantCulture));
        parameters.Add("maxQuestionable", maxQuestionable);
        return (
            $"""
            WITH matching (id) AS MATERIALIZED ({matching}),
            chosen (id) AS MATERIALIZED (
                SELECT matching.id FROM matching
                WHERE (SELECT count(*) FROM answers q WHERE q.respondent_id = matching.id AND q.functional * 10 + q.dysfunctional IN ({questionable})) <= @maxQuestionable)
            """,
            parameters);
    }

    private sealed class CellRow
    {
        public long FeatureId { get; init; }
        public long Functional { get; init; }
        public long Dysfunctional { get; init; }
        public long Answers { get; init; }
        public long ImportanceCount { get; init; }
        public long ImportanceSum { get; init; }
        public long ImportanceSumSquares { get; init; }
        public long SatisfactionCount { get; init; }
        public long SatisfactionSum { get; init; }
        public long SatisfactionSumSquares { get; init; }
    }
}
