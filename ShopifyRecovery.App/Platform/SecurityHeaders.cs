using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Platform;

/// <summary>
/// Headers every response carries, and the one exception: the embedded admin shell, which Shopify's admin must be
/// allowed to frame for the shop it belongs to.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Only our own pages may frame a response unless the admin shell says otherwise (clickjacking).</summary>
    public const string DefaultFramePolicy = "frame-ancestors 'self'";

    /// <summary>The policy Shopify requires for an embedded app: its admin and the shop's own domain may frame it.</summary>
    public static string EmbeddedFramePolicy(string shopDomain) =>
        ShopDomain.TryNormalize(shopDomain, out var shop)
            ? $"frame-ancestors https://{shop} https://admin.shopify.com"
            : throw new ArgumentException($"'{shopDomain}' is not a *.myshopify.com domain.", nameof(shopDomain));

    /// <summary>
    /// For the admin shell: lets Shopify's admin frame this response for <paramref name="shopDomain"/>. A value that is not
    /// a shop domain leaves the default policy in place (it would otherwise be written into a header) and returns false.
    /// </summary>
    public static bool AllowShopifyAdminFraming(this HttpResponse response, string? shopDomain)
    {
        if (!ShopDomain.TryNormalize(shopDomain, out var shop))
            return false;
        response.Headers.ContentSecurityPolicy = EmbeddedFramePolicy(shop);
        return true;
    }

    internal static void Apply(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // Token links (/r, /u) must not leak their path to the sites they lead to.
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                headers.ContentSecurityPolicy = DefaultFramePolicy;
            return Task.CompletedTask;
        }, context);
    }
}
