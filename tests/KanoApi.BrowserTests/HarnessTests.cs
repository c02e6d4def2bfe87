namespace KanoApi.BrowserTests;

/// <summary>That the harness itself works: chromium reaches the running service and sees its headers.</summary>
public sealed class HarnessTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ChromiumReachesTheRunningServiceWithItsSecurityHeaders()
    {
        var page = await fixture.NewPageAsync();
        var api = await fixture.Api.GetAsync("health/ready");
        Assert.True(api.IsSuccessStatusCode);

        var response = await page.GotoAsync("/health/live");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
        await page.Context.CloseAsync();
    }
}

/// <summary>That the accessibility check can fail: axe finds the faults of a page built to have them.</summary>
public sealed class AxeTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AxeReportsAnImageWithoutTextAndAnUnlabelledInput()
    {
        var page = await fixture.NewPageAsync();
        await page.SetContentAsync("""<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><img src="x.png"><input type="text"></main></body></html>""");
        var violations = await Axe.ViolationsAsync(page);
        Assert.Contains(violations, v => v.StartsWith("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("label", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
