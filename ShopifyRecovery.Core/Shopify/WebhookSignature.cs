using System.Security.Cryptography;
using System.Text;

namespace ShopifyRecovery.Shopify;

/// <summary>Shopify signs each webhook with base64(HMAC-SHA256(raw body, client secret)).</summary>
public static class WebhookSignature
{
    public static string Compute(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Valid under any of <paramref name="secrets"/>: during a rotation Shopify may sign with the old or the new one.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? headerValue, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
            if (IsValid(body, headerValue, secret))
                return true;
        return false;
    }

    /// <summary>Constant-time check of the header value against the body; a malformed header is simply not valid.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? headerValue, string secret)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
            return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(headerValue.Trim(), given, out var written) || written != 32)
            return false;
        return CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }
}
