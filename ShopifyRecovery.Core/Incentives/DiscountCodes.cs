using System.Security.Cryptography;
using System.Text;

namespace ShopifyRecovery.Incentives;

/// <summary>
/// Code strings are derived from (journey, step, kind) with a keyed hash: a retry produces the same code (and
/// Shopify's "already taken" then counts as success), while nobody can guess another shopper's code.
/// </summary>
public static class DiscountCodes
{
    public const string PercentagePrefix = "BACK-";
    public const string FreeShippingPrefix = "SHIP-";
    const string Base32Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no I/O/0/1: codes get typed

    /// <summary>The key codes are derived with: the app's own, so a retry after a client secret rotation names the same code.</summary>
    public static byte[] Key(Security.AppSecrets secrets) => secrets.Key("DiscountCodes.v1");

    public static string For(byte[] key, Guid journeyId, int step, Shopify.Admin.DiscountKind kind)
    {
        var input = Encoding.UTF8.GetBytes($"{journeyId:N}|{step}|{kind}");
        var hash = HMACSHA256.HashData(key, input);
        var prefix = kind == Shopify.Admin.DiscountKind.FreeShipping ? FreeShippingPrefix : PercentagePrefix;
        return prefix + Base32(hash, 10);
    }

    static string Base32(byte[] bytes, int length)
    {
        var builder = new StringBuilder(length);
        ulong buffer = 0;
        var bits = 0;
        var index = 0;
        while (builder.Length < length)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | bytes[index++];
                bits += 8;
            }
            builder.Append(Base32Alphabet[(int)((buffer >> (bits - 5)) & 31)]);
            bits -= 5;
        }
        return builder.ToString();
    }
}
