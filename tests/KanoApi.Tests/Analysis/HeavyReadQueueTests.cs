using System.Net;
using KanoApi.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Analysis;

/// <summary>
/// Requests waiting for a heavy read's turn look in the cache again once they have it: a report link opened by many
/// people at once is computed once, not once per person (issue 18, item 2).
/// </summary>
[Collection(nameof(ProcessWideCounters))]
public sealed class HeavyReadQueueTests(HeavyReadQueueTests.OneTurnFactory factory) : IClassFixture<HeavyReadQueueTests.OneTurnFactory>
{
    /// <summary>One turn, room to wait for it.</summary>
    public sealed class OneTurnFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kano:HeavyReads:Concurrency"] = "1",
            ["Kano:HeavyReads:Queue"] = "8",
            ["Kano:HeavyReads:WaitSeconds"] = "600",
        };
    }

    [Fact]
    public async Task RequestsWaitingForTheSameHeavyAnswerComputeItOnce()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client, "queued");
        string[] keys = ["wifi", "grip", "case"];
        foreach (var key in keys)
        {
            await Given.AFeature(client, surveyId, key);
        }

        await Given.Responses(client, surveyId, Given.RandomRespondents(18_204, 60, keys));
        var turns = factory.Services.GetRequiredService<HeavyReads>();
        using var computed = MeasurementCounter.Analyses();

        Task<HttpResponseMessage>[] waiting;
        using (var taken = await turns.TakeTurnAsync(CancellationToken.None))
        {
            waiting = [client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves"), client.GetAsync($"/v1/surveys/{surveyId}/analysis/waves")];
            // Both are queued behind the taken turn before it is given back (no time limit: the loop ends when they are).
            while (turns.Waiting < 2 && !waiting.Any(request => request.IsCompleted))
            {
                await Task.Delay(10);
            }
        }

        var answers = await Task.WhenAll(waiting);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(await answers[0].Content.ReadAsStringAsync(), await answers[1].Content.ReadAsStringAsync());
        // Two waves (w1, w2), one analysis each, once.
        Assert.Equal(2, computed.Count);
    }
}
