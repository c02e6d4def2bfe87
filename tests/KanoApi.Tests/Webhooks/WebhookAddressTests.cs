using System.Net;
using KanoApi.Webhooks;

namespace KanoApi.Tests.Webhooks;

/// <summary>The address rules, over addresses only: nothing here connects anywhere.</summary>
public sealed class WebhookAddressTests
{
    private static readonly WebhookAddresses Strict = new(allowLoopback: false, []);

    [Theory]
    [InlineData("169.254.169.254")] // the cloud metadata service
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")] // shared address space (CGNAT)
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")] // multicast
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")] // reserved
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.10")] // documentation
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("192.0.0.8")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fd00::1")] // unique local
    [InlineData("fc00::1")]
    [InlineData("fe80::1")] // link-local
    [InlineData("fec0::1")]
    [InlineData("ff02::1")] // multicast
    [InlineData("2001:db8::1")] // documentation
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped private
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")] // IPv4-compatible (deprecated)
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    public void ANonPublicAddressIsRefused(string address)
    {
        Assert.False(Strict.Allows(IPAddress.Parse(address)));
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("100.128.0.1")] // just past 100.64.0.0/10
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    public void APublicAddressIsAllowed(string address)
    {
        Assert.True(Strict.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void LoopbackIsAllowedOnlyWhenTheOperatorSaysSoAndOnlyLoopback()
    {
        var local = new WebhookAddresses(allowLoopback: true, []);
        Assert.True(local.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.True(local.Allows(IPAddress.Parse("::1")));
        Assert.True(local.Allows(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(local.Allows(IPAddress.Parse("10.0.0.1")));
        Assert.False(local.Allows(IPAddress.Parse("169.254.169.254")));
        Assert.False(local.Allows(IPAddress.Parse("0.0.0.0")));
    }

    [Fact]
    public void AnAllowedNetworkAdmitsItsAddressesAndNoOthers()
    {
        var rules = new WebhookAddresses(allowLoopback: false, ["10.20.0.0/16", "fd00:1::/32", "192.168.7.7"]);
        Assert.True(rules.Allows(IPAddress.Parse("10.20.3.4")));
        Assert.True(rules.Allows(IPAddress.Parse("::ffff:10.20.3.4")));
        Assert.True(rules.Allows(IPAddress.Parse("fd00:1::5")));
        Assert.True(rules.Allows(IPAddress.Parse("192.168.7.7")));
        Assert.False(rules.Allows(IPAddress.Parse("192.168.7.8")));
        Assert.False(rules.Allows(IPAddress.Parse("10.21.0.1")));
        Assert.False(rules.Allows(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void AnAllowedNetworkThatIsNotOneStopsTheServiceWithTheSettingsName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WebhookAddresses(false, ["intranet"]));
        Assert.Contains("Kano:Webhooks:AllowedNetworks", error.Message);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://2852039166/hook")] // 169.254.169.254 as one decimal number
    [InlineData("https://0xa9fea9fe/hook")] // and in hex
    public async Task AUrlWhoseAddressIsNotPublicIsRefusedBeforeAnyConnection(string url)
    {
        var (checkedUrl, error) = await Strict.CheckUrlAsync(url, allowHttp: true, CancellationToken.None);
        Assert.Null(checkedUrl);
        Assert.Contains("not a public address", error);
    }

    [Theory]
    [InlineData("ftp://203.0.113.1/x", "https")]
    [InlineData("hooks.example.com/x", "absolute")]
    [InlineData("https://user:pw@[2606:4700:4700::1111]/x", "user name")]
    [InlineData("http://[2606:4700:4700::1111]/x", "must use https")]
    public async Task AUrlThatIsNotAPlainHttpsUrlIsRefusedWithTheReason(string url, string reason)
    {
        var (checkedUrl, error) = await Strict.CheckUrlAsync(url, allowHttp: false, CancellationToken.None);
        Assert.Null(checkedUrl);
        Assert.Contains(reason, error);
    }
}
