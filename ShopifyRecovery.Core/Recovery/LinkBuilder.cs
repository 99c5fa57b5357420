using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// The tracked links in a recovery email. The click link (<c>/r/{token}</c>) records the click and redirects to the
/// checkout; the unsubscribe link (<c>/u/{token}</c>) serves the page and the RFC 8058 one-click POST. Both tokens
/// are signed, so nobody can unsubscribe someone else or forge clicks.
/// </summary>
public interface ILinkBuilder
{
    Uri ClickUrl(Guid emailSendId);
    Uri UnsubscribeUrl(long shopId, string email);
    bool TryReadClick(string token, out Guid emailSendId);
    bool TryReadUnsubscribe(string token, out long shopId, out string email);
}

/// <summary>
/// HMAC-SHA256 signed tokens, keyed from the app's client secret: <c>base64url(payload).base64url(mac)</c>. They do
/// not expire: an unsubscribe link must keep working in an old email.
/// </summary>
public sealed class HmacLinkBuilder : ILinkBuilder
{
    const string ClickKind = "c";
    const string UnsubscribeKind = "u";
    readonly byte[] _key;
    readonly string _baseUrl;

    public HmacLinkBuilder(IOptions<ShopifyOptions> options)
    {
        // A key of its own, derived so that a leaked link key says nothing about the client secret.
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.ClientSecret), 32,
            info: Encoding.UTF8.GetBytes("shopify-recovery/email-links/v1"));
        _baseUrl = options.Value.AppUrl.TrimEnd('/');
    }

    public Uri ClickUrl(Guid emailSendId) => new($"{_baseUrl}/r/{Sign($"{ClickKind}|{emailSendId:N}")}");

    public Uri UnsubscribeUrl(long shopId, string email) =>
        new($"{_baseUrl}/u/{Sign($"{UnsubscribeKind}|{shopId}|{email.Trim().ToLowerInvariant()}")}");

    public bool TryReadClick(string token, out Guid emailSendId)
    {
        emailSendId = Guid.Empty;
        return Verify(token) is { } payload && payload.Split('|') is [ClickKind, var id] && Guid.TryParseExact(id, "N", out emailSendId);
    }

    public bool TryReadUnsubscribe(string token, out long shopId, out string email)
    {
        shopId = 0;
        email = "";
        if (Verify(token) is not { } payload)
            return false;
        var parts = payload.Split('|', 3);
        if (parts is not [UnsubscribeKind, var shop, var address] || !long.TryParse(shop, out shopId))
            return false;
        email = address;
        return true;
    }

    string Sign(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return $"{WebEncoders.Base64UrlEncode(bytes)}.{WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, bytes))}";
    }

    string? Verify(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1)
            return null;
        try
        {
            var payload = WebEncoders.Base64UrlDecode(token[..dot]);
            var mac = WebEncoders.Base64UrlDecode(token[(dot + 1)..]);
            return CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)) ? Encoding.UTF8.GetString(payload) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
