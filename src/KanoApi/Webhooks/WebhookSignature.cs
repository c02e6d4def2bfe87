using System.Security.Cryptography;
using System.Text;

namespace KanoApi.Webhooks;

/// <summary>
/// Signing secrets and signatures as the Standard Webhooks specification defines them: a secret is <c>whsec_</c>
/// followed by the base64 of 24 to 64 random bytes (here 32), and a signature is <c>v1,</c> followed by the base64 of
/// HMAC-SHA256, keyed with those bytes, over <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Several signatures are
/// sent space-separated (a receiver accepts the message if any verifies): during a rotation's grace period the old
/// secret signs beside the new one.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The signature of one message with one secret: <c>v1,&lt;base64&gt;</c>.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per secret that still signs, space-separated.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, messageId, timestamp, body)));
}
