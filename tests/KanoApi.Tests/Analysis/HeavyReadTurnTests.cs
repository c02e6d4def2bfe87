using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// Heavy reads compute in turns (issue 18, item 2; decision 0013): with every turn taken, a heavy read that is not
/// cached answers a 503 problem (a page for a shared report) at once, while light reads and cached heavy reads are
/// served as usual.
/// </summary>
public sealed class HeavyReadTurnTests(HeavyReadTurnTests.OneTurnFactory factory) : IClassFixture<HeavyReadTurnTests.OneTurnFactory>
{
    /// <summary>One turn and nobody waiting for it, so a taken turn means an immediate answer.</summary>
    public sealed class OneTurnFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kano:HeavyReads:Concurrency"] = "1",
            ["Kano:HeavyReads:Queue"] = "0",
            ["Kano:HeavyReads:WaitSeconds"] = "3",
        };
    }

    private readonly HttpClient client = factory.CreateAdminClient();

    private async Task<long> SurveyAsync(string name)
    {
        var surveyId = await Given.ASurvey(client, name);
        string[] keys = ["wifi", "grip", "case"];
        foreach (var key in keys)
        {
            await Given.AFeature(client, surveyId, key);
        }

        await Given.Responses(client, surveyId, Given.RandomRespondents(11, 40, keys));
        return surveyId;
    }

    [Theory]
    [InlineData("analysis/waves")]
    [InlineData("analysis/waves/chart.svg")]
    [InlineData("analysis/segments?by=plan")]
    [InlineData("respondent-quality")]
    [InlineData("report")]
    public async Task AHeavyReadWithEveryTurnTakenIsA503ProblemToRetryWhileLightReadsAreServed(string path)
    {
        var surveyId = await SurveyAsync("busy " + path);
        var turns = factory.Services.GetRequiredService<HeavyReads>();

        using (var taken = await turns.TakeTurnAsync(CancellationToken.None))
        {
            Assert.True(taken.IsAcquired);

            var busy = await client.GetAsync($"/v1/surveys/{surveyId}/{path}");

            var problem = await ProblemAssert.IsProblem(busy, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("at most 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(3), busy.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{surveyId}/analysis")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/surveys/{surveyId}/{path}")).StatusCode);
    }

    [Fact]
    public async Task AHeavyReadAlreadyComputedIsServedFromTheCacheWithoutATurn()
    {
        var surveyId = await SurveyAsync("cached");
        var first = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var taken = await factory.Services.GetRequiredService<HeavyReads>().TakeTurnAsync(CancellationToken.None);
        var again = await client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASharedReportWithEveryTurnTakenIsAPageSayingToComeBack()
    {
        var surveyId = await SurveyAsync("shared");
        var link = await (await client.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", new { kind = "report" })).Json();
        var path = new Uri(link.GetProperty("url").GetString()!).AbsolutePath;

        using var taken = await factory.Services.GetRequiredService<HeavyReads>().TakeTurnAsync(CancellationToken.None);
        var busy = await factory.CreateClient().GetAsync(path + "?lang=vi");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("text/html", busy.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Texts.Of<ReportTexts>(Language.Vietnamese)["BusyTitle"], await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(busy.Headers.RetryAfter);
    }
}
