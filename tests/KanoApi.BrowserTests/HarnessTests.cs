namespace KanoApi.BrowserTests;

/// <summary>That the harness itself works: chromium reaches the running service and gets the page headers.</summary>
public sealed class HarnessTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ChromiumLoadsThePagesStylesheetFromTheRunningService()
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
