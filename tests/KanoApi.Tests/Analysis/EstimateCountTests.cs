using System.Net;
using Kano.Analysis;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// A heavy read computes only what it answers (issue 18, item 2): the Monte Carlo estimate of category probabilities
/// (<see cref="Uncertainty.Estimates"/>) is run only for analyses whose probabilities are returned.
/// </summary>
[Collection(nameof(ProcessWideCounters))]
public sealed class EstimateCountTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private static readonly string[] Keys = ["wifi", "grip", "case", "strap"];

    /// <summary>
    /// Respondents in two waves and two plans with answers drawn from a seed no other test uses, so their counts are
    /// new to the process: an estimate for them cannot be remembered from another test, it is run (and counted).
    /// </summary>
    private async Task<(HttpClient Client, long SurveyId)> SurveyAsync(int seed)
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, $"estimates {seed}");
        foreach (var key in Keys)
        {
            await Given.AFeature(client, surveyId, key);
        }

        await Given.Responses(client, surveyId, Given.RandomRespondents(seed, 97, Keys));
        return (client, surveyId);
    }

    [Fact]
    public async Task TheWaveComparisonRunsNoEstimateOfTheCategoryProbabilitiesItDoesNotReturn()
    {
        var (client, surveyId) = await SurveyAsync(18_201);
        using var estimates = MeasurementCounter.Estimates();

        var waves = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves");
        var chart = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves/chart.svg");

        Assert.Equal(HttpStatusCode.OK, waves.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.DoesNotContain("categoryProbabilities", await waves.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, estimates.Count);

        // The probe works: one wave's analysis, which returns the probabilities, runs an estimate per feature.
        var analysis = await client.GetAsync($"/v1/surveys/{surveyId}/analysis?wave=w1");
        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        Assert.InRange(estimates.Count, 1, Keys.Length);
    }

    [Fact]
    public async Task TheBacklogAndTheChartRunNoEstimateOfTheCategoryProbabilitiesTheyDoNotShow()
    {
        var (client, surveyId) = await SurveyAsync(18_203);
        using var estimates = MeasurementCounter.Estimates();

        foreach (var path in new[] { "backlog", "analysis/chart.svg", "backlog?segment.plan=pro", "analysis/chart.svg?wave=w2" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{surveyId}/{path}")).StatusCode);
        }

        Assert.Equal(0, estimates.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{surveyId}/analysis?segment.plan=pro")).StatusCode);
        Assert.InRange(estimates.Count, 1, Keys.Length);
    }

    [Fact]
    public async Task TheReportEstimatesTheProbabilitiesItShowsAndNotThoseOfItsSegmentComparison()
    {
        // The page shows a certainty per feature of its analysis; the comparison by plan shows codes and n only.
        var (client, surveyId) = await SurveyAsync(18_202);
        using var estimates = MeasurementCounter.Estimates();

        var report = await client.GetAsync($"/v1/surveys/{surveyId}/report?by=plan");

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("data-field=\"segment-values\"", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(estimates.Count, 1, Keys.Length);
    }
}
