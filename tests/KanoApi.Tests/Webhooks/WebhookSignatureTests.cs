using KanoApi.Webhooks;
using StandardWebhooks;

namespace KanoApi.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void TheSignatureOfTheSpecificationsExampleIsThePublishedOne()
    {
        // The example vector of the Standard Webhooks reference libraries (libraries/*/tests in standard-webhooks/standard-webhooks).
        var signature = WebhookSignature.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void ANewSecretIsAWhsecSecretOf32RandomBytesThatTheLibrarySignsWithAsWeDo()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());

        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(
            new StandardWebhook(secret).Sign("msg_1", now, "{\"a\":1}"),
            WebhookSignature.Sign(secret, "msg_1", now.ToUnixTimeSeconds(), "{\"a\":1}"));
    }

    [Fact]
    public void TheHeaderCarriesOneSignaturePerSecretSpaceSeparated()
    {
        var first = WebhookSignature.NewSecret();
        var second = WebhookSignature.NewSecret();

        var header = WebhookSignature.Header([first, second], "msg_1", 1614265330, "{}");

        Assert.Equal([WebhookSignature.Sign(first, "msg_1", 1614265330, "{}"), WebhookSignature.Sign(second, "msg_1", 1614265330, "{}")], header.Split(' '));
    }
}
