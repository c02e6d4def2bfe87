using System.Security.Cryptography;
using System.Text;

namespace KanoApi.Infrastructure;

/// <summary>
/// API key secrets: <c>kano_</c> + 8 characters of public prefix + 32 characters of secret, all base62.
/// The whole key is stored only as its SHA-256 hash (keys carry ~238 bits of entropy, so a fast hash is
/// the right tool, as for GitHub's and Stripe's tokens); the prefix is stored in clear to find the row
/// and to let people recognise a key in a list.
/// </summary>
public static class ApiKeys
{
    public const string HeaderName = "X-Api-Key";
    public const string Marker = "kano_";
    private const int PrefixRandomLength = 8;
    private const int SecretLength = 32;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Length of the visible prefix, marker included (e.g. <c>kano_Ab3dE9xQ</c>).</summary>
    public const int PrefixLength = 5 + PrefixRandomLength;

    public static string Generate() =>
        Marker + RandomNumberGenerator.GetString(Alphabet, PrefixRandomLength + SecretLength);

    /// <summary>Shortest key accepted, so that a configured bootstrap key keeps a secret part beyond its prefix.</summary>
    public const int MinimumLength = 16;

    /// <summary>
    /// The visible part of a key (at most half of it, so an operator-chosen bootstrap key keeps at least
    /// half its characters secret), or null when the text is too short to be a key.
    /// </summary>
    public static string? PrefixOf(string key) =>
        key.Length >= MinimumLength ? key[..Math.Min(PrefixLength, key.Length / 2)] : null;

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a stored hash in time that does not depend on where they differ.</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}

/// <summary>What a key may do (api-contract: key scopes).</summary>
public static class Scopes
{
    public const string Admin = "admin";
    public const string Read = "read";
    public const string Collect = "collect";

    public static readonly string[] All = [Admin, Read, Collect];
}
