using System.Globalization;
using System.Text;
using CsCheck;
using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Properties that hold for any set of respondents (CsCheck).</summary>
public class PropertyTests
{
    private static readonly Gen<FeatureAnswer> GenAnswer =
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[0, 9], Gen.Int[0, 5], (f, d, importance, satisfaction) =>
            new FeatureAnswer((Answer)f, (Answer)d, importance == 0 ? null : importance, satisfaction == 0 ? null : satisfaction));

    private static readonly Gen<FeatureAnswer[]> GenRespondents = GenAnswer.Array[0, 120];

    private static readonly Gen<AnalysisOptions> GenOptions =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Double[0, 20], (table, rule, threshold) =>
            new AnalysisOptions { Table = EvaluationTable.All[table], Rule = (ClassificationRule)rule, HierarchyThreshold = threshold });

    /// <summary>
    /// One feature's analysis; <paramref name="estimate"/> false leaves out the Monte Carlo estimate of the category
    /// probabilities, the costly step, where a property reads nothing it decides
    /// (<see cref="LeavingOutTheEstimateChangesNothingButTheProbabilitiesAndTheirWarning"/> shows what that leaves alone).
    /// </summary>
    private static FeatureAnalysis Analyze(IEnumerable<FeatureAnswer> answers, AnalysisOptions options, bool estimate = true) =>
        KanoAnalyzer.Analyze([FeatureInput.FromAnswers(1, "f", "F", answers)], options, estimate).Features[0];

    private static FeatureAnalysis Analyze(AnswerMatrix matrix, AnalysisOptions options) =>
        KanoAnalyzer.Analyze([new FeatureInput(1, "f", "F", matrix)], options).Features[0];

    /// <summary>Every reported value, exactly (round-trip formatting), so two analyses can be compared bit for bit.</summary>
    private static string Fingerprint(FeatureAnalysis r)
    {
        var text = new StringBuilder();
        void Add(object? value) => text.Append(value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            null => "null",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }).Append('|');

        Add(r.N);
        foreach (var (code, count) in r.Counts) { Add(code); Add(count); Add(r.Percentages[code]); }
        Add(r.Code); Add(r.SecondaryCode); Add(r.Dual); Add(r.Better); Add(r.Worse); Add(r.CategoryStrength); Add(r.TotalStrength);
        Add(r.Fong);
        Add(r.Continuous.FunctionalMean); Add(r.Continuous.FunctionalSd); Add(r.Continuous.DysfunctionalMean); Add(r.Continuous.DysfunctionalSd);
        Add(r.Analytical?.X); Add(r.Analytical?.Y); Add(r.Analytical?.R); Add(r.Analytical?.AngleRadians); Add(r.Analytical?.N);
        Add(r.Importance.Mean); Add(r.Importance.Sd); Add(r.Importance.N);
        Add(r.Satisfaction.Mean); Add(r.Satisfaction.Sd); Add(r.Satisfaction.N);
        Add(r.Refined);
        foreach (var warning in r.Warnings) { Add(warning); }
        return text.ToString();
    }

    [Fact]
    public void PercentagesSumTo100WheneverAnyoneAnswered() =>
        Gen.Select(GenRespondents, GenOptions).Sample((answers, options) =>
        {
            var result = Analyze(answers, options, estimate: false);
            var sum = result.Percentages.Values.Sum();
            return answers.Length == 0 ? sum == 0 : Math.Abs(sum - 100) < 1e-9;
        });

    [Fact]
    public void BetterIsBetweenZeroAndOneAndWorseBetweenMinusOneAndZero() =>
        Gen.Select(GenRespondents, GenOptions).Sample((answers, options) =>
        {
            var result = Analyze(answers, options, estimate: false);
            return result.Better is null == result.Worse is null
                && (result.Better is null || result.Better is >= 0 and <= 1 && result.Worse is >= -1 and <= 0);
        });

    [Fact]
    public void ResultsDoNotDependOnTheOrderOfRespondents() =>
        Gen.Select(GenRespondents, GenOptions, Gen.Int).Sample((answers, options, seed) =>
        {
            var shuffled = answers.ToArray();
            new Random(seed).Shuffle(shuffled);
            return Fingerprint(Analyze(answers, options)) == Fingerprint(Analyze(shuffled, options));
        });

    [Fact]
    public void StoredAggregatesAndRawAnswersGiveIdenticalResults() =>
        Gen.Select(GenRespondents, GenOptions).Sample((answers, options) =>
        {
            // What a host's SQL would return: one row per answer pair with COUNT and SUMs.
            var aggregated = new AnswerMatrix();
            foreach (var cell in answers.GroupBy(a => (a.Functional, a.Dysfunctional)))
            {
                aggregated.AddCell(cell.Key.Functional, cell.Key.Dysfunctional, new CellStatistics(
                    cell.Count(),
                    cell.Count(a => a.Importance is not null), cell.Sum(a => a.Importance ?? 0), cell.Sum(a => (double)(a.Importance ?? 0) * (a.Importance ?? 0)),
                    cell.Count(a => a.Satisfaction is not null), cell.Sum(a => a.Satisfaction ?? 0), cell.Sum(a => (double)(a.Satisfaction ?? 0) * (a.Satisfaction ?? 0))));
            }

            return Fingerprint(Analyze(answers, options)) == Fingerprint(Analyze(aggregated, options));
        });

    [Fact]
    public void AddingARespondentChangesTheCountsByExactlyOne() =>
        Gen.Select(GenRespondents, GenAnswer, GenOptions).Sample((answers, extra, options) =>
        {
            var before = Analyze(answers, options, estimate: false);
            var after = Analyze(answers.Append(extra), options, estimate: false);
            var added = options.Table.Classify(extra.Functional, extra.Dysfunctional);
            return after.N == before.N + 1
                && after.Counts.All(c => c.Value - before.Counts[c.Key] == (c.Key == added ? 1 : 0));
        });

    [Fact]
    public void RemovingARespondentUndoesAddingThem() =>
        Gen.Select(GenRespondents, GenAnswer, GenOptions).Sample((answers, extra, options) =>
        {
            var matrix = AnswerMatrix.From(answers);
            matrix.Add(extra.Functional, extra.Dysfunctional, extra.Importance, extra.Satisfaction);
            matrix.Remove(extra.Functional, extra.Dysfunctional, extra.Importance, extra.Satisfaction);
            return Fingerprint(Analyze(matrix, options)) == Fingerprint(Analyze(answers, options));
        });

    [Fact]
    public void LeavingOutTheEstimateChangesNothingButTheProbabilitiesAndTheirWarning() =>
        Gen.Select(GenRespondents, GenOptions).Sample((answers, options) =>
        {
            var full = Analyze(answers, options);
            var without = Analyze(answers, options, estimate: false);
            var fullWithoutItsWarning = full with
            {
                Warnings = full.Warnings.Where(warning => warning.Code != KanoWarnings.UncertainCategoryCode).ToArray(),
            };
            return without.CategoryProbabilities is null
                && (full.CategoryProbabilities is null) == (answers.Length == 0)
                && Fingerprint(without) == Fingerprint(fullWithoutItsWarning)
                && Equals(without.BetterInterval, full.BetterInterval) && Equals(without.WorseInterval, full.WorseInterval)
                && Equals(without.Settle, full.Settle);
        });

    [Fact]
    public void TheDecidedCodeIsAlwaysOneSomebodyGave() =>
        Gen.Select(GenRespondents, GenOptions).Sample((answers, options) =>
        {
            var result = Analyze(answers, options, estimate: false);
            return result.Code is { } code ? result.Counts[code] > 0 : result.N == 0;
        });

    /// <summary>A cell with any count up to 2^40 answers, each rating importance and satisfaction with one value (or not at all).</summary>
    private static readonly Gen<(int Functional, int Dysfunctional, CellStatistics Cell)> GenHugeCell =
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Long[0, 1L << 40], Gen.Int[0, 9], Gen.Int[0, 5], (f, d, count, importance, satisfaction) =>
            (f, d, new CellStatistics(
                count,
                importance == 0 ? 0 : count, (double)count * importance, (double)count * importance * importance,
                satisfaction == 0 ? 0 : count, (double)count * satisfaction, (double)count * satisfaction * satisfaction)));

    private static readonly Gen<double?> GenEffort = Gen.Frequency(
        (3, Gen.OneOf<double?>(null, FeatureInput.MinimumEffort, FeatureInput.MaximumEffort)),
        (2, Gen.Double[FeatureInput.MinimumEffort, FeatureInput.MaximumEffort].Select(effort => (double?)effort)));

    [Fact]
    public void EveryReportedNumberIsFiniteForExtremeButAcceptedInputs() =>
        Gen.Select(Gen.Select(GenHugeCell.Array[0, 25], GenEffort, (cells, effort) => (cells, effort)).Array[1, 6], GenOptions).Sample((features, options) =>
        {
            var inputs = features.Select((feature, k) =>
            {
                var matrix = new AnswerMatrix();
                foreach (var (f, d, cell) in feature.cells)
                {
                    matrix.AddCell((Answer)f, (Answer)d, cell);
                }

                return new FeatureInput(k + 1, $"f{k}", "F", matrix) { Effort = feature.effort };
            }).ToArray();
            var analysis = KanoAnalyzer.Analyze(inputs, options);
            var plan = Backlog.Build(analysis);

            static bool Finite(double? value) => value is not double d || double.IsFinite(d);
            return Finite(analysis.SurveyMeanImportance) && Finite(analysis.SurveyMeanSatisfaction) && Finite(analysis.MeanEffort)
                && analysis.Features.All(r =>
                    r.Percentages.Values.All(p => double.IsFinite(p)) && Finite(r.Better) && Finite(r.Worse)
                    && double.IsFinite(r.CategoryStrength) && double.IsFinite(r.TotalStrength) && double.IsFinite(r.Fong.Critical)
                    && Finite(r.Continuous.FunctionalMean) && Finite(r.Continuous.FunctionalSd)
                    && Finite(r.Continuous.DysfunctionalMean) && Finite(r.Continuous.DysfunctionalSd)
                    && Finite(r.Analytical?.X) && Finite(r.Analytical?.Y) && Finite(r.Analytical?.R) && Finite(r.Analytical?.AngleRadians)
                    && Finite(r.Importance.Mean) && Finite(r.Importance.Sd) && Finite(r.Satisfaction.Mean) && Finite(r.Satisfaction.Sd))
                && plan.Items.All(item => double.IsFinite(item.Score) && double.IsFinite(item.Value) && double.IsFinite(item.ImportanceFactor)
                    && double.IsFinite(item.SatisfactionFactor) && double.IsFinite(item.EffortFactor)
                    && !item.Rationale(Language.English).Contains("NaN", StringComparison.Ordinal) && !item.Rationale(Language.English).Contains('∞'));
        });
}
