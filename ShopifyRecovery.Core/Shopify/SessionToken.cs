using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ShopifyRecovery.Shopify;

/// <summary>The claims of a verified App Bridge ID (session) token.</summary>
public sealed record SessionToken(string ShopDomain, string? UserId, string? SessionId, DateTimeOffset ExpiresAt);

public enum SessionTokenError { Missing, Malformed, BadSignature, WrongAudience, Expired, NotYetValid, BadShop }

/// <summary>
/// Verifies App Bridge session tokens: HS256 signed with the client secret (or, during a rotation, the previous one),
/// <c>aud</c> = client id, <c>exp</c>/<c>nbf</c> with 10 s of clock leeway, shop taken from <c>dest</c> and matched
/// against <c>iss</c>.
/// </summary>
public sealed class SessionTokenValidator(string clientId, IReadOnlyList<string> secrets, TimeProvider clock)
{
    public SessionTokenValidator(string clientId, string clientSecret, TimeProvider clock) : this(clientId, [clientSecret], clock)
    {
    }

    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(10);

    public bool TryValidate(string? token, out SessionToken? session, out SessionTokenError error)
    {
        session = null;
        error = SessionTokenError.Missing;
        if (string.IsNullOrWhiteSpace(token))
            return false;
        error = SessionTokenError.Malformed;
        var parts = token.Split('.');
        if (parts.Length != 3)
            return false;
        byte[] header, payload, signature;
        try
        {
            header = Base64UrlDecode(parts[0]);
            payload = Base64UrlDecode(parts[1]);
            signature = Base64UrlDecode(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        try
        {
            using var headerJson = JsonDocument.Parse(header);
            if (!headerJson.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
                return false;
        }
        catch (JsonException)
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!secrets.Any(secret => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed), signature)))
        {
            error = SessionTokenError.BadSignature;
            return false;
        }

        JsonElement claims;
        try
        {
            using var payloadJson = JsonDocument.Parse(payload);
            claims = payloadJson.RootElement.Clone();
        }
        catch (JsonException)
        {
            return false;
        }
        if (claims.ValueKind != JsonValueKind.Object)
            return false;
        if (!AudienceMatches(claims))
        {
            error = SessionTokenError.WrongAudience;
            return false;
        }
        var now = clock.GetUtcNow();
        if (!TryGetTime(claims, "exp", out var exp) || now > exp + Leeway)
        {
            error = SessionTokenError.Expired;
            return false;
        }
        if (TryGetTime(claims, "nbf", out var nbf) && now < nbf - Leeway)
        {
            error = SessionTokenError.NotYetValid;
            return false;
        }
        if (!TryGetShop(claims, "dest", out var shop) || (claims.TryGetProperty("iss", out _) && (!TryGetShop(claims, "iss", out var issuer) || issuer != shop)))
        {
            error = SessionTokenError.BadShop;
            return false;
        }
        session = new SessionToken(shop, GetString(claims, "sub"), GetString(claims, "sid"), exp);
        return true;
    }

    bool AudienceMatches(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
            return false;
        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == clientId,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == clientId),
            _ => false,
        };
    }

    static bool TryGetTime(JsonElement claims, string name, out DateTimeOffset value)
    {
        value = default;
        if (!claims.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var seconds))
            return false;
        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    static bool TryGetShop(JsonElement claims, string name, out string shop)
    {
        shop = "";
        if (GetString(claims, name) is not { } value || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
            return false;
        if (!ShopDomain.TryNormalize(uri.Host, out var normalized))
            return false;
        shop = normalized;
        return true;
    }

    static string? GetString(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }

    /// <summary>Signs a token the way App Bridge's issuer does; the playground's simulated App Bridge and the tests use it.</summary>
    public static string Issue(string shopDomain, string clientId, string clientSecret, DateTimeOffset now, TimeSpan lifetime, string userId = "1")
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = $"https://{shopDomain}/admin",
            ["dest"] = $"https://{shopDomain}",
            ["aud"] = clientId,
            ["sub"] = userId,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-1).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["sid"] = Guid.NewGuid().ToString("N"),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }
}
