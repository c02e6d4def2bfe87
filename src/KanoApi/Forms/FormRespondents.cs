using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace KanoApi.Forms;

/// <summary>
/// The respondent a rendered form stores, issued by the server with the page: a random id (<c>form-</c> and 32 hex
/// digits, also the order's seed) sealed with ASP.NET Core Data Protection into a ticket bound to the link and to an
/// expiry. The client carries the ticket and cannot choose, change or move the id, so one rendered form stores at most
/// one respondent: the survey's unique respondent key makes every further post of the same ticket store nothing.
/// </summary>
/// <remarks>
/// The protector comes from the registered <see cref="IDataProtectionProvider"/>, the key ring the antiforgery tokens
/// use: wherever that ring is shared, a form rendered by one instance is accepted by another.
/// </remarks>
public sealed class FormRespondents(IDataProtectionProvider provider)
{
    public const string Purpose = "KanoApi.Form.Respondent";

    /// <summary>How long a rendered form may stay open before sending it asks for a new render (its answers shown again).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>A new respondent for a render of the form of link <paramref name="linkId"/>, valid for <see cref="Lifetime"/>.</summary>
    public FormRespondent Issue(long linkId) => Issue(linkId, DateTimeOffset.UtcNow + Lifetime);

    public FormRespondent Issue(long linkId, DateTimeOffset expiresAt)
    {
        var respondent = $"form-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        return new FormRespondent(respondent, protector.Protect($"{linkId.ToString(CultureInfo.InvariantCulture)} {respondent}", expiresAt));
    }

    /// <summary>
    /// The respondent a ticket carries when it was issued by this service for link <paramref name="linkId"/> and has not
    /// expired; null for anything else (made up, altered, expired, another link's, another key ring's).
    /// </summary>
    public FormRespondent? Read(string? ticket, long linkId)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(ticket, out _);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split(' ');
        return parts is [var link, var respondent] && link == linkId.ToString(CultureInfo.InvariantCulture)
            ? new FormRespondent(respondent, ticket)
            : null;
    }
}

/// <summary>A rendered form's respondent id and the sealed ticket its page carries.</summary>
public sealed record FormRespondent(string Id, string Ticket);
