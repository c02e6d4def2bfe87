using KanoApi.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KanoApi.Tests.Webhooks;

/// <summary>
/// The retry schedule with the defaults an operator gets: 30 s doubling up to 4 h, each delay ±20 % at random, for
/// 28 hours — at least a day, as issue 20 asks. The delivery tests run it with delays of milliseconds.
/// </summary>
public sealed class WebhookBackoffTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private WebhookDispatcher Dispatcher => factory.Services.GetServices<IHostedService>().OfType<WebhookDispatcher>().Single();

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(8, 3840)]
    [InlineData(9, 7680)]
    [InlineData(10, 4 * 3600)] // 15,360 s, capped at 4 h
    [InlineData(40, 4 * 3600)]
    public void EachFailedAttemptDoublesTheDelayUpToFourHoursWithinTwentyPercent(int failed, int seconds)
    {
        for (var sample = 0; sample < 20; sample++)
        {
            var delay = Dispatcher.Backoff(failed);
            Assert.InRange(delay.TotalSeconds, seconds * 0.8, seconds * 1.2);
        }
    }

    [Fact]
    public void TheDelaysAreJitteredSoReceiversThatFailedTogetherAreNotRetriedTogether()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => Dispatcher.Backoff(3)).Distinct().Count();

        Assert.True(delays > 1, "fifty delays after the third failure were all the same");
    }

    [Fact]
    public void ADeliveryIsRetriedForAtLeastADay()
    {
        var options = factory.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.True(options.RetryFor >= TimeSpan.FromDays(1), $"RetryFor is {options.RetryFor}");
    }
}
