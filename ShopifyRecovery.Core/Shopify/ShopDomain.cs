using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ShopifyRecovery.Shopify;

/// <summary>A shop's permanent <c>*.myshopify.com</c> domain, the only form trusted as an identity.</summary>
public static partial class ShopDomain
{
    public const string Suffix = ".myshopify.com";

    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? shopDomain)
    {
        shopDomain = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > 255)
            return false;
        var candidate = value.Trim().ToLowerInvariant();
        if (!Pattern().IsMatch(candidate))
            return false;
        shopDomain = candidate;
        return true;
    }

    public static bool IsValid(string? value) => TryNormalize(value, out var normalized) && normalized == value;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*\.myshopify\.com$")]
    private static partial Regex Pattern();
}
