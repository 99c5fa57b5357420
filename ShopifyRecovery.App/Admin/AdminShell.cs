using System.Net;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Admin;

/// <summary>
/// The page Shopify's admin frames: App Bridge first (it must load synchronously, before any other script), Polaris
/// web components, the navigation, and the ES modules under /admin. In the playground the two CDN scripts are
/// replaced by local stand-ins so the same app code runs offline, outside Shopify.
/// </summary>
public static class AdminShell
{
    public const string AppBridgeUrl = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
    public const string PolarisUrl = "https://cdn.shopify.com/shopifycloud/polaris.js";
    public const string SimulatedAppBridgeUrl = "/admin/sim/app-bridge.js";
    public const string SimulatedPolarisUrl = "/admin/sim/polaris.js";

    /// <summary>Client-side routes; each serves the shell so a reload or a deep link lands on the right page.</summary>
    public static readonly string[] Pages =
        ["/", "/flow", "/templates", "/segments", "/activity", "/activity/{id:guid}", "/experiments", "/experiments/{id:long}", "/suppressions", "/settings"];

    public static IEndpointRouteBuilder MapAdminShell(this IEndpointRouteBuilder app)
    {
        foreach (var page in Pages)
            app.MapGet(page, Shell).ExcludeFromDescription();
        app.MapGet("/admin/{**file}", Asset).ExcludeFromDescription();
        return app;
    }

    static IResult Shell(HttpContext context, string? shop, IOptions<ShopifyOptions> options)
    {
        // Only Shopify's admin (and the shop's own domain) may frame the app; no shop, or a bad one, leaves only the admin.
        if (!context.Response.AllowShopifyAdminFraming(shop))
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors https://admin.shopify.com";
        // The policy names the shop, so no cache may hand this page to another shop's admin.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(Html(options.Value), "text/html; charset=utf-8");
    }

    public static string Html(ShopifyOptions options)
    {
        var playground = options.IsPlayground;
        var appBridge = playground ? SimulatedAppBridgeUrl : AppBridgeUrl;
        var polaris = playground ? SimulatedPolarisUrl : PolarisUrl;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="shopify-api-key" content="{{WebUtility.HtmlEncode(options.ClientId)}}">
              <meta name="app-mode" content="{{(playground ? "playground" : "shopify")}}">
              <title>Cart Recovery</title>
              <script src="{{appBridge}}"></script>
              <script src="{{polaris}}"></script>
              <link rel="stylesheet" href="/admin/admin.css">
              <script type="module" src="/admin/app.js"></script>
            </head>
            <body>
              <s-app-nav>
                <s-link href="/" rel="home">Dashboard</s-link>
                <s-link href="/flow">Flow</s-link>
                <s-link href="/templates">Templates</s-link>
                <s-link href="/segments">Segments &amp; incentives</s-link>
                <s-link href="/activity">Activity</s-link>
                <s-link href="/experiments">A/B tests</s-link>
                <s-link href="/settings">Settings</s-link>
              </s-app-nav>
              <main id="app" aria-live="polite"><p class="loading">Loading…</p></main>
              <noscript>Cart Recovery needs JavaScript, as every page of the Shopify admin does.</noscript>
            </body>
            </html>
            """;
    }

    static IResult Asset(string file, HttpContext context)
    {
        if (AdminAssets.Find(file) is not { } asset)
            return Results.NotFound();
        // Revalidated on every load, so a deploy never leaves a merchant on stale modules.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
