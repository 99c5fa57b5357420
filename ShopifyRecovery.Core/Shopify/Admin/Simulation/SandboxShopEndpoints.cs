using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ShopifyRecovery.Shopify.Admin.Simulation;

/// <summary>
/// What a real shop would serve for the sandbox: product images (drawn as SVG, no binary assets in the repository)
/// and the page a recovery link opens. Public and harmless outside the playground: they only show catalogue data.
/// </summary>
public static class SandboxShopEndpoints
{
    public static IEndpointRouteBuilder MapSandboxShop(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/playground");
        sandbox.MapGet("/img/{handle}.svg", (string handle, SimulatedShopifyAdmin shop) =>
            shop.Catalogue.Products.FirstOrDefault(p => p.Handle == handle) is { } product
                ? Results.Text(ProductImage(product), "image/svg+xml")
                : Results.NotFound());
        sandbox.MapGet("/checkouts/{token}/recover", (string token) =>
            Results.Content($"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox checkout</title></head>
                <body style="font-family:system-ui;margin:3rem">
                <h1>Sandbox checkout {WebUtility.HtmlEncode(token)}</h1>
                <p>On a real store this link reopens the shopper's checkout with its items (and the discount code, if one was sent).</p>
                </body></html>
                """, "text/html"));
        return app;
    }

    static string ProductImage(SimulatedProduct product) => $"""
        <svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
          <rect width="400" height="400" fill="{product.Color}"/>
          <circle cx="200" cy="170" r="90" fill="#ffffff" fill-opacity="0.25"/>
          <text x="200" y="330" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#ffffff" text-anchor="middle">{WebUtility.HtmlEncode(product.Title)}</text>
        </svg>
        """;
}
