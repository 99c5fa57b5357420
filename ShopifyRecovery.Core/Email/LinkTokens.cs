using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Email;

/// <summary>Builds the tracked links an email carries. The recovery worker codes against this.</summary>
public interface ILinkBuilder
{
    /// <summary>The recovery button: /r/{token} records the click, then redirects to the checkout with the code applied.</summary>
    string ClickUrl(Guid emailSendId);

    /// <summary>/u/{token}: the unsubscribe page and the RFC 8058 one-click target.</summary>
    string UnsubscribeUrl(long shopId, string email);
}

/// <summary>
/// Compact URL-safe link tokens. Click tokens carry the ledger id under an HMAC; unsubscribe tokens carry the
/// address, so they are encrypted (AES-GCM) to keep addresses out of URLs, logs and proxies. Both keys come from
/// <see cref="AppSecrets"/>, not from the Shopify client secret (rotated in the Dev Dashboard) nor from a Data
/// Protection key (rotated every 90 days): links in emails already sent, unsubscribe above all, must keep working for
/// months. Version 1 tokens were keyed by the client secret and are no longer accepted.
/// </summary>
public sealed class LinkTokens : ILinkBuilder
{
    const byte Version = 2;
    const byte ClickKind = 1;
    const byte UnsubscribeKind = 2;
    const int MacBytes = 16;
    const int NonceBytes = 12;
    const int TagBytes = 16;

    readonly AppSecrets _secrets;
    readonly string _baseUrl;

    public LinkTokens(AppSecrets secrets, IOptions<ShopifyOptions> options)
    {
        _secrets = secrets;
        _baseUrl = options.Value.AppUrl.TrimEnd('/');
    }

    byte[] MacKey => _secrets.Key("LinkTokens.Click.v2");

    byte[] EncryptionKey => _secrets.Key("LinkTokens.Unsubscribe.v2");

    public string ClickUrl(Guid emailSendId) => $"{_baseUrl}/r/{ClickToken(emailSendId)}";

    public string UnsubscribeUrl(long shopId, string email) => $"{_baseUrl}/u/{UnsubscribeToken(shopId, email)}";

    public string ClickToken(Guid emailSendId)
    {
        Span<byte> token = stackalloc byte[2 + 16 + MacBytes];
        token[0] = Version;
        token[1] = ClickKind;
        emailSendId.TryWriteBytes(token[2..18]);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(MacKey, token[..18], mac);
        mac[..MacBytes].CopyTo(token[18..]);
        return Base64Url.EncodeToString(token);
    }

    public bool TryReadClick(string? token, out Guid emailSendId)
    {
        emailSendId = Guid.Empty;
        if (!TryDecode(token, out var bytes) || bytes.Length != 2 + 16 + MacBytes || bytes[0] != Version || bytes[1] != ClickKind)
            return false;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(MacKey, bytes.AsSpan(0, 18), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacBytes], bytes.AsSpan(18)))
            return false;
        emailSendId = new Guid(bytes.AsSpan(2, 16));
        return true;
    }

    public string UnsubscribeToken(long shopId, string email)
    {
        var address = Encoding.UTF8.GetBytes(EmailAddresses.Normalize(email));
        var plain = new byte[8 + address.Length];
        BinaryPrimitives.WriteInt64BigEndian(plain, shopId);
        address.CopyTo(plain, 8);

        var token = new byte[2 + NonceBytes + plain.Length + TagBytes];
        token[0] = Version;
        token[1] = UnsubscribeKind;
        var nonce = token.AsSpan(2, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(EncryptionKey, TagBytes);
        aes.Encrypt(nonce, plain, token.AsSpan(2 + NonceBytes, plain.Length), token.AsSpan(2 + NonceBytes + plain.Length), token.AsSpan(0, 2));
        return Base64Url.EncodeToString(token);
    }

    public bool TryReadUnsubscribe(string? token, out long shopId, out string email)
    {
        shopId = 0;
        email = "";
        if (!TryDecode(token, out var bytes) || bytes.Length < 2 + NonceBytes + 8 + TagBytes || bytes[0] != Version || bytes[1] != UnsubscribeKind)
            return false;
        var length = bytes.Length - 2 - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(EncryptionKey, TagBytes);
            aes.Decrypt(bytes.AsSpan(2, NonceBytes), bytes.AsSpan(2 + NonceBytes, length), bytes.AsSpan(bytes.Length - TagBytes), plain, bytes.AsSpan(0, 2));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        shopId = BinaryPrimitives.ReadInt64BigEndian(plain);
        email = Encoding.UTF8.GetString(plain, 8, length - 8);
        return true;
    }

    static bool TryDecode(string? token, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(token) || token.Length > 1024 || !Base64Url.IsValid(token))
            return false;
        bytes = Base64Url.DecodeFromChars(token);
        return true;
    }
}

public static class EmailAddresses
{
    /// <summary>
    /// The one form addresses are stored, compared and suppressed in: trimmed, lower case. Stored that way, a lookup
    /// by address is an equality the (shop, email) indexes can answer, not a LOWER() over every row.
    /// </summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <returns>The normalized address, or null when there is none.</returns>
    public static string? NormalizeOrNull(string? email) => string.IsNullOrWhiteSpace(email) ? null : Normalize(email);

    public const string RedactedPrefix = "redacted:";

    /// <summary>
    /// The form a suppressed address is kept in once its owner is erased: a keyed hash, so the opt-out can still be
    /// honoured when the same address checks out again, while the address itself is gone. The key is
    /// <see cref="RedactionKey"/>, which no credential rotation changes: a rotation must not forget an opt-out.
    /// </summary>
    public static string Redacted(string email, byte[] key) =>
        RedactedPrefix + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Normalize(email))));

    public static byte[] RedactionKey(AppSecrets secrets) => secrets.Key("Suppressions.Redacted.v1");
}
