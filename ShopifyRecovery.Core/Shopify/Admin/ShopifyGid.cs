using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ShopifyRecovery.Shopify.Admin;

/// <summary>Shopify's global ids (<c>gid://shopify/Customer/123</c>); the app stores the numeric part as <c>long</c>.</summary>
public static class ShopifyGid
{
    const string Prefix = "gid://shopify/";

    public static string For(string type, long id) => $"{Prefix}{type}/{id.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? gid, [NotNullWhen(true)] out long? id)
    {
        id = null;
        if (gid is null || !gid.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var tail = gid.AsSpan(gid.LastIndexOf('/') + 1);
        // Some ids carry a query suffix (e.g. ?key=… on checkouts); the number ends before it.
        var query = tail.IndexOf('?');
        if (query >= 0)
            tail = tail[..query];
        if (!long.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return false;
        id = value;
        return true;
    }

    public static long? ToId(string? gid) => TryParse(gid, out var id) ? id : null;
}
