using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShopifyRecovery.Shopify;

/// <summary>
/// The <c>hmac</c> on OAuth redirects: hex HMAC-SHA256 over the other parameters sorted by key and joined as
/// <c>k=v&amp;k=v</c>, plus a timestamp no further than 90 s from now (as Shopify's own library allows).
/// </summary>
public static class QuerySignature
{
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromSeconds(90);

    public static string Compute(IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var message = string.Join('&', parameters
            .Where(p => p.Key is not ("hmac" or "signature"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Escape(p.Key)}={Escape(p.Value)}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Valid under any of <paramref name="secrets"/>: during a rotation Shopify may sign with the old or the new one.</summary>
    public static bool IsValid(IReadOnlyDictionary<string, string> parameters, IReadOnlyList<string> secrets, DateTimeOffset now) =>
        secrets.Any(secret => IsValid(parameters, secret, now));

    public static bool IsValid(IReadOnlyDictionary<string, string> parameters, string secret, DateTimeOffset now)
    {
        if (!parameters.TryGetValue("hmac", out var given) || given.Length != 64)
            return false;
        if (!parameters.TryGetValue("timestamp", out var timestamp)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimestampTolerance)
            return false;
        var expected = Compute(parameters, secret);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
    }

    // Form encoding exactly as URLSearchParams does it, which is what Shopify's own library signs and checks.
    static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
                builder.Append(c);
            else if (c == ' ')
                builder.Append('+');
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
