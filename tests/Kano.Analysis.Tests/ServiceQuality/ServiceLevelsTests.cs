using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

/// <summary>The project's service-level rule (method §7b; README "Service levels"), case by case.</summary>
public sealed class ServiceLevelsTests
{
    /// <summary>A feature of the category <paramref name="code"/> whose gap has the interval low..high (centred).</summary>
    private static FeatureGap Gap(string name, KanoCode code, double low, double high)
    {
        var feature = Build.Analyze(Build.Feature(name, a: code == KanoCode.A ? 10 : 0, o: code == KanoCode.O ? 10 : 0, m: code == KanoCode.M ? 10 : 0, i: code == KanoCode.I ? 10 : 0), estimate: false)
            with { Name = name };
        var centre = (low + high) / 2;
        return new FeatureGap(feature, null, new ItemGap(10, 6, 6 + centre, centre, 1, new Interval(low, high)), null);
    }

    private static readonly FeatureGap BasicBelow = Gap("Check-in", KanoCode.M, -1.5, -0.5);
    private static readonly FeatureGap BasicUnsure = Gap("Billing", KanoCode.M, -0.8, 0.2);
    private static readonly FeatureGap BasicMeets = Gap("Safety", KanoCode.M, -0.3, 0.5);
    private static readonly FeatureGap BasicAbove = Gap("Safety", KanoCode.M, 0.1, 0.5);
    private static readonly FeatureGap ExpectedBelow = Gap("Speed", KanoCode.O, -1.0, -0.2);
    private static readonly FeatureGap ExpectedUnsure = Gap("Speed", KanoCode.O, -0.9, 0.3);
    private static readonly FeatureGap ExpectedMeets = Gap("Speed", KanoCode.O, -0.5, 0.5);
    private static readonly FeatureGap ExpectedAbove = Gap("Speed", KanoCode.O, 0.2, 0.8);
    private static readonly FeatureGap DelighterAbove = Gap("Welcome drink", KanoCode.A, 0.2, 1.0);
    private static readonly FeatureGap DelighterUnsure = Gap("Welcome drink", KanoCode.A, -0.2, 1.0);
    private static readonly FeatureGap IndifferentBelow = Gap("Brochure", KanoCode.I, -3, -2);

    [Fact]
    public void A_basic_feature_below_expectation_makes_the_service_basic_and_disappointing_and_says_so_with_the_numbers()
    {
        var verdict = ServiceLevels.Place([BasicBelow, ExpectedMeets, DelighterAbove]);
        Assert.Equal(ServiceLevel.Basic, verdict.Level);
        Assert.Equal(FineServiceLevel.Disappointing, verdict.FineLevel);
        Assert.Equal("Below expectation where it matters most: Check-in (Basic): gap -1.00, 95 % CI -1.50 to -0.50.", verdict.Rationale(Language.English));
        Assert.Equal(
            "Thấp hơn mong đợi ở những điểm quan trọng nhất: Check-in (Yếu tố cơ bản): khoảng cách -1.00, khoảng tin cậy 95 % từ -1.50 đến -0.50.",
            verdict.Rationale(Language.Vietnamese));
    }

    [Fact]
    public void An_expected_feature_below_expectation_with_basics_met_is_basic_only()
    {
        var verdict = ServiceLevels.Place([BasicMeets, ExpectedBelow]);
        Assert.Equal(ServiceLevel.Basic, verdict.Level);
        Assert.Equal(FineServiceLevel.BasicOnly, verdict.FineLevel);
    }

    [Fact]
    public void An_expected_feature_below_with_a_basic_one_unsure_is_basic_but_the_finer_level_is_not_said()
    {
        // Basic on three levels whichever way the unsure basic feature goes; disappointing or basic-only depends on it.
        var verdict = ServiceLevels.Place([BasicUnsure, ExpectedBelow]);
        Assert.Equal(ServiceLevel.Basic, verdict.Level);
        Assert.Null(verdict.FineLevel);
    }

    [Fact]
    public void An_interval_straddling_the_tolerance_is_not_enough_answers_to_say()
    {
        var verdict = ServiceLevels.Place([BasicUnsure, ExpectedMeets, DelighterAbove]);
        Assert.Null(verdict.Level);
        Assert.Null(verdict.FineLevel);
        Assert.Equal(
            "Not enough answers to say: the gaps of Billing (Basic): gap -0.30, 95 % CI -0.80 to 0.20 may lie more than 0.5 points below expectation or not.",
            verdict.Rationale(Language.English));
    }

    [Fact]
    public void Basics_and_expected_features_met_and_a_delighter_above_exceeds_expectations()
    {
        var verdict = ServiceLevels.Place([BasicMeets, ExpectedMeets, DelighterAbove]);
        Assert.Equal(ServiceLevel.ExceedsExpectations, verdict.Level);
        Assert.Equal(FineServiceLevel.Surprising, verdict.FineLevel);
        Assert.Contains("Welcome drink (Delighter): gap 0.60", verdict.Rationale(Language.English));
    }

    [Fact]
    public void Every_basic_and_expected_feature_above_with_a_delighter_above_is_astonishing()
    {
        var verdict = ServiceLevels.Place([BasicAbove, ExpectedAbove, DelighterAbove]);
        Assert.Equal(ServiceLevel.ExceedsExpectations, verdict.Level);
        Assert.Equal(FineServiceLevel.Astonishing, verdict.FineLevel);
    }

    [Fact]
    public void An_expected_feature_above_without_a_delighter_above_meets_expectations_and_is_desirable()
    {
        var verdict = ServiceLevels.Place([BasicMeets, ExpectedAbove, DelighterUnsure]);
        Assert.Equal(ServiceLevel.MeetsExpectations, verdict.Level);
        Assert.Equal(FineServiceLevel.Desirable, verdict.FineLevel);
    }

    [Fact]
    public void Nothing_below_and_nothing_clearly_above_is_as_expected()
    {
        // An interval whose low end is exactly −0.5 is within the tolerance.
        var verdict = ServiceLevels.Place([BasicMeets, ExpectedMeets, DelighterUnsure]);
        Assert.Equal(ServiceLevel.MeetsExpectations, verdict.Level);
        Assert.Equal(FineServiceLevel.AsExpected, verdict.FineLevel);
        Assert.Equal("Dịch vụ đáp ứng mong đợi", ServiceLevels.Label(verdict.Level!.Value, Language.Vietnamese));
        Assert.Equal("Đúng như mong đợi", ServiceLevels.Label(verdict.FineLevel!.Value, Language.Vietnamese));
    }

    [Fact]
    public void Indifferent_features_do_not_decide_the_level()
    {
        var verdict = ServiceLevels.Place([BasicMeets, IndifferentBelow]);
        Assert.Equal(ServiceLevel.MeetsExpectations, verdict.Level);
    }

    [Fact]
    public void Without_a_basic_or_expected_feature_that_has_an_interval_there_is_not_enough_to_say()
    {
        var oneAnswer = BasicBelow with { Gap = new ItemGap(1, 7, 4, -3, null, null) };
        var verdict = ServiceLevels.Place([oneAnswer, DelighterAbove]);
        Assert.Null(verdict.Level);
        Assert.StartsWith("Not enough answers to say", verdict.Rationale(Language.English));
    }

    [Fact]
    public void The_levels_have_the_source_articles_names_in_both_languages()
    {
        Assert.Equal(
            ["Dịch vụ cơ bản", "Dịch vụ đáp ứng mong đợi", "Dịch vụ vượt mong đợi"],
            Enum.GetValues<ServiceLevel>().Select(level => ServiceLevels.Label(level, Language.Vietnamese)));
        Assert.Equal(
            ["Dịch vụ đáng thất vọng", "Chỉ dừng ở mức cơ bản", "Đúng như mong đợi", "Đáng mong ước", "Mang đến sự ngạc nhiên", "Tốt một cách đáng kinh ngạc"],
            Enum.GetValues<FineServiceLevel>().Select(level => ServiceLevels.Label(level, Language.Vietnamese)));
        Assert.Equal(
            ["basic", "meets-expectations", "exceeds-expectations"],
            Enum.GetValues<ServiceLevel>().Select(ServiceLevels.Name));
    }
}
