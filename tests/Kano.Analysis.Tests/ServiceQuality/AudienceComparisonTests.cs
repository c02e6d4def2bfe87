using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

/// <summary>
/// Issue 21, gap 1: customers against staff answering as they believe customers would. Expected p-values were worked
/// by hand from the pooled two-proportion z-test and Pearson's chi-square and evaluated independently
/// (Python's math.erfc and the chi-square survival function), not by this library.
/// </summary>
public class AudienceComparisonTests
{
    private static SurveyAnalysis Audience(params FeatureInput[] features) => KanoAnalyzer.Analyze(features, AnalysisOptions.Default);

    // spare: customers M 60 I 40 (basic), staff A 30 I 70 (indifferent) — the costly blind spot.
    // lounge: customers A 30 I 70 (indifferent), staff A 60 I 40 (delighter) — money spent for nothing.
    // same: both O 50 I 50.
    private static readonly IReadOnlyList<FeatureAudiences> Compared = AudienceComparison.Compare(
        Audience(Build.Feature("spare", m: 60, i: 40, id: 1), Build.Feature("lounge", a: 30, i: 70, id: 2), Build.Feature("same", o: 50, i: 50, id: 3)),
        Audience(Build.Feature("spare", a: 30, i: 70, id: 1), Build.Feature("lounge", a: 60, i: 40, id: 2), Build.Feature("same", o: 50, i: 50, id: 3)),
        new Dictionary<long, (ExpectationSums, ExpectationSums)> { [1] = (new ExpectationSums(4, 26), new ExpectationSums(2, 9)) });

    [Fact]
    public void BetterAndWorseDifferencesAreStaffMinusCustomersWithThePooledZTest()
    {
        var spare = Compared[0];
        Assert.Equal(0.3, spare.Difference.BetterChange!.Value, 12); // 0/100 → 30/100
        Assert.Equal(0.6, spare.Difference.WorseChange!.Value, 12); // −60/100 → 0
        // Better: pooled 30/200, z = 0.3 / sqrt(0.15 · 0.85 · 0.02) = 5.941, p = erfc(z/√2).
        Assert.Equal(2.8348699304881607e-09, spare.Difference.BetterP!.Value, 1e-20);
        // Worse: pooled 60/200, z = 0.6 / sqrt(0.3 · 0.7 · 0.02) = 9.258.
        Assert.Equal(2.0790548718607348e-20, spare.Difference.WorseP!.Value, 1e-30);
        // lounge's Better: 30/100 → 60/100, pooled 0.45, z = 0.3 / sqrt(0.45 · 0.55 · 0.02) = 4.264.
        Assert.Equal(2.007865612426492e-05, Compared[1].Difference.BetterP!.Value, 1e-15);
        Assert.Equal(1, Compared[1].Difference.WorseP!.Value, 12); // nobody dissatisfied in either audience
    }

    [Fact]
    public void HolmCorrectsEachTestAcrossTheFeatures()
    {
        // Better p: 2.83e−9, 2.01e−5, 1 → ×3, ×2 (running maximum), ×1.
        Assert.Equal(3 * 2.8348699304881607e-09, Compared[0].BetterPHolm!.Value, 1e-19);
        Assert.Equal(2 * 2.007865612426492e-05, Compared[1].BetterPHolm!.Value, 1e-14);
        Assert.Equal(1, Compared[2].BetterPHolm!.Value, 12);
        // Worse p: 2.08e−20, 1, 1.
        Assert.Equal(3 * 2.0790548718607348e-20, Compared[0].WorsePHolm!.Value, 1e-30);
        Assert.Equal(1, Compared[1].WorsePHolm!.Value, 12);
        // Chi-square: spare 98.18 on 2 df (A, M, I; expected 15, 30, 55 per audience), p = e^(−49.09);
        // lounge 18.18 on 1 df (the square of Better's z: with two codes the tests agree), p = erfc(sqrt(18.18/2)) = 2.008e−5; same: 0, p = 1.
        Assert.Equal(3 * 4.78728265460317e-22, Compared[0].Difference.PHolm!.Value, 1e-31);
        Assert.Equal(2 * 2.0078656124264867e-05, Compared[1].Difference.PHolm!.Value, 1e-14);
        Assert.Equal(1, Compared[2].Difference.PHolm!.Value, 12);
    }

    [Fact]
    public void ABasicNeedStaffThinkOptionalIsTheCostlyBlindSpot()
    {
        var spare = Compared[0];
        Assert.Equal(KanoCode.M, spare.Customers.Code);
        Assert.Equal(KanoCode.I, spare.Staff.Code);
        Assert.Equal(BlindSpotKind.BasicThoughtOptional, spare.BlindSpot!.Kind);
        Assert.Equal("basic-thought-optional", spare.BlindSpot.Name);
        Assert.True(spare.BlindSpot.Settled);
        Assert.Equal(
            "Customers hold spare as a basic need, but staff think it optional (Indifferent): the costliest misjudgement, because customers will be dissatisfied without it.",
            spare.BlindSpot.Sentence.In(Language.English));
        Assert.StartsWith("Khách hàng coi spare là nhu cầu cơ bản, nhưng nhân viên cho rằng nó không bắt buộc (Yếu tố không khác biệt)", spare.BlindSpot.Sentence.In(Language.Vietnamese));
    }

    [Fact]
    public void DelightStaffExpectWhereCustomersAreIndifferentIsNamed()
    {
        var lounge = Compared[1];
        Assert.Equal(BlindSpotKind.DelightCustomersIgnore, lounge.BlindSpot!.Kind);
        Assert.Equal("delight-customers-ignore", lounge.BlindSpot.Name);
        Assert.Equal("Staff expect lounge to delight customers, but customers are indifferent to it: money spent on it may buy nothing.", lounge.BlindSpot.Sentence.In(Language.English));
        Assert.Null(Compared[2].BlindSpot);
    }

    [Fact]
    public void BlindSpotsListTheCostlyKindFirst()
    {
        Assert.Equal(["spare", "lounge"], AudienceComparison.BlindSpots(Compared.Reverse()).Select(feature => feature.Key));
    }

    [Fact]
    public void ABlindSpotNotBorneOutByTheTestIsUnsettled()
    {
        var few = AudienceComparison.Compare(Audience(Build.Feature("spare", m: 3, i: 2)), Audience(Build.Feature("spare", a: 1, i: 3, m: 1)));
        Assert.Equal(BlindSpotKind.BasicThoughtOptional, few[0].BlindSpot!.Kind);
        Assert.False(few[0].BlindSpot!.Settled);
    }

    [Fact]
    public void ExpectationMeansArePerAudienceWithStaffMinusCustomers()
    {
        var expectation = Compared[0].Expectation!;
        Assert.Equal(6.5, expectation.Customers!.Value, 12); // 26 / 4
        Assert.Equal(4.5, expectation.Staff!.Value, 12); // 9 / 2
        Assert.Equal(-2, expectation.Difference!.Value, 12);
        Assert.Equal((4, 2), (expectation.CustomersN, expectation.StaffN));
        Assert.Null(Compared[1].Expectation); // nobody answered the scale
    }

    [Fact]
    public void StaffQuestionsAskAboutACustomerInBothLanguages()
    {
        Assert.Equal("How would a customer feel if offline mode were available?", AudienceWording.StaffFunctionalQuestion(" offline mode ", Language.English));
        Assert.Equal("How would a customer feel if offline mode were not available?", AudienceWording.StaffDysfunctionalQuestion("offline mode", Language.English));
        Assert.Equal("Khách hàng sẽ cảm thấy thế nào nếu sản phẩm có chế độ ngoại tuyến?", AudienceWording.StaffFunctionalQuestion("chế độ ngoại tuyến", Language.Vietnamese));
        Assert.Equal("Khách hàng sẽ cảm thấy thế nào nếu sản phẩm không có chế độ ngoại tuyến?", AudienceWording.StaffDysfunctionalQuestion("chế độ ngoại tuyến", Language.Vietnamese));
    }
}
