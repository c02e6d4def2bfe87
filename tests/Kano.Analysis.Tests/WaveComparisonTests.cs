using Kano.Analysis;

namespace Kano.Analysis.Tests;

/// <summary>Method §7a: comparing waves, movements along the life cycle of quality, Holm across features.</summary>
public class WaveComparisonTests
{
    private static SurveyAnalysis Wave(params FeatureInput[] features) => KanoAnalyzer.Analyze(features, AnalysisOptions.Default);

    [Fact]
    public void TwoWavesMakeOnePairAndFourMakeThreeConsecutivePairsAndFirstToLast()
    {
        Assert.Equal([(0, 1)], WaveComparison.Pairs(2));
        Assert.Equal([(0, 1), (1, 2), (2, 3), (0, 3)], WaveComparison.Pairs(4));
        Assert.Empty(WaveComparison.Pairs(1));
    }

    [Fact]
    public void ADelighterBecomingExpectedMovesAlongTheLifeCycle()
    {
        var change = Assert.Single(Assert.Single(WaveComparison.Compare(["2025", "2026"],
        [
            Wave(Build.Feature("wifi", a: 60, o: 20, m: 10, i: 10)),
            Wave(Build.Feature("wifi", a: 20, o: 60, m: 10, i: 10)),
        ])).Changes);
        Assert.Equal("A→O", change.Movement);
        Assert.True(change.LifeCycle);
        Assert.Equal(0, change.BetterChange!.Value, 12); // 0.80 both times
        Assert.Equal(-0.4, change.WorseChange!.Value, 12); // −0.30 → −0.70
        Assert.Equal(1, change.BetterP!.Value, 12);
        // 30/100 against 70/100: pooled 0.5, z = 0.4 / sqrt(0.25 · 0.02) = 5.657, p = erfc(4) = 1.54e−8.
        Assert.Equal(1.541725790028e-8, change.WorseP!.Value, 15);
        Assert.True(change.ChiSquare!.P < 1e-6);
    }

    [Fact]
    public void ABasicFeatureBecomingADelighterMovesAgainstTheLifeCycle()
    {
        var change = WaveComparison.Change("1", "2", Build.Analyze(m: 60, i: 40), Build.Analyze(a: 60, i: 40));
        Assert.Equal("M→A", change.Movement);
        Assert.False(change.LifeCycle);
    }

    [Fact]
    public void AnUnchangedCodeHasNoMovement()
    {
        var change = WaveComparison.Change("1", "2", Build.Analyze(m: 60, i: 40), Build.Analyze(m: 55, i: 45));
        Assert.Null(change.Movement);
        Assert.False(change.LifeCycle);
    }

    [Fact]
    public void SmallExpectedCountsWarnThatTheChiSquareIsApproximate()
    {
        var change = WaveComparison.Change("1", "2", Build.Analyze(a: 3, m: 2), Build.Analyze(a: 1, m: 4));
        Assert.Equal(KanoWarnings.ApproximateChiSquareCode, Assert.Single(change.Warnings).Code);
    }

    [Fact]
    public void HolmIsAppliedAcrossTheFeaturesOfAPair()
    {
        var result = WaveComparison.Compare(["1", "2"],
        [
            Wave(Build.Feature("x", a: 50, i: 50, id: 1), Build.Feature("y", a: 50, i: 50, id: 2), Build.Feature("z", a: 50, i: 50, id: 3)),
            Wave(Build.Feature("x", a: 70, i: 30, id: 1), Build.Feature("y", a: 52, i: 48, id: 2), Build.Feature("z", a: 30, i: 70, id: 3)),
        ]);
        var raw = result.Select(feature => feature.Changes[0].ChiSquare!.P).ToArray();
        var expected = Uncertainty.Holm(raw.Select(p => (double?)p).ToArray());
        Assert.Equal(expected, result.Select(feature => feature.Changes[0].PHolm));
        // The smallest p-value is multiplied by the number of features compared.
        Assert.Equal(Math.Min(1, 3 * raw.Min()), result.Min(feature => feature.Changes[0].PHolm!.Value), 15);
    }

    [Fact]
    public void AFeatureInAWaveWithoutAnswersHasNoCodeThere()
    {
        var result = WaveComparison.Compare(["1", "2", "3"],
        [
            Wave(Build.Feature("x", a: 5, id: 1)),
            Wave(Build.Feature("x", id: 1)),
            Wave(Build.Feature("x", o: 5, id: 1)),
        ]);

        var x = Assert.Single(result);
        Assert.Equal([KanoCode.A, null, KanoCode.O], x.Waves.Select(wave => wave.Code));
        Assert.Equal([KanoWarnings.NoAnswersCode], x.Waves[1].Warnings.Select(warning => warning.Code));
        // No movement into or out of the empty wave; first → last still compares the two answered waves.
        Assert.Equal([null, null, "A→O"], x.Changes.Select(change => change.Movement));
    }

    [Fact]
    public void AWaveWithoutAnswersHasNoTestAndNoMovement()
    {
        var change = WaveComparison.Change("1", "2", Build.Analyze(), Build.Analyze(a: 3));
        Assert.Null(change.ChiSquare);
        Assert.Null(change.BetterP);
        Assert.Null(change.Movement);
    }
}
