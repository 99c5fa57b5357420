using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Auth;

/// <summary>The shop the session token speaks for; every /api query filters by its <see cref="Id"/>.</summary>
public sealed record CurrentShop(long Id, string Domain, string Currency)
{
    const string ItemKey = nameof(CurrentShop);

    // Minimal APIs bind parameters before endpoint filters run, so binding resolves the shop itself; the /api filter
    // and the binder share one resolution per request.
    public static ValueTask<CurrentShop?> BindAsync(HttpContext context) => ResolveOnceAsync(context);

    internal static async ValueTask<CurrentShop?> ResolveOnceAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var known))
            return known as CurrentShop;
        var shop = await context.RequestServices.GetRequiredService<CurrentShopResolver>().ResolveAsync(context, context.RequestAborted);
        context.Items[ItemKey] = shop;
        return shop;
    }
}

/// <summary>
/// Turns the verified session token into a shop. The first admin load after a managed install finds no offline
/// token yet: it is obtained right here by token exchange, as Shopify intends for embedded apps.
/// </summary>
public sealed class CurrentShopResolver(RecoveryDbContext db, ShopifyAuthClient auth, ShopTokens tokens,
    IOptions<ShopifyOptions> options, ILogger<CurrentShopResolver> logger)
{
    public async Task<CurrentShop?> ResolveAsync(HttpContext context, CancellationToken ct)
    {
        var domain = context.User.FindFirst(EmbeddedAdmin.ShopClaim)?.Value;
        if (domain is null)
            return null;
        var shop = await db.Set<Shop>().AsNoTracking().SingleOrDefaultAsync(s => s.Domain == domain, ct);
        if (shop is not { Installed: true, AccessTokenCipher: not null } && !options.Value.IsPlayground)
        {
            var sessionToken = context.User.FindFirst("session_token")!.Value;
            try
            {
                var token = await auth.ExchangeSessionTokenAsync(domain, sessionToken, ct);
                shop = await tokens.SaveInstallAsync(domain, token, ct);
                ShopifyLog.TokenExchanged(logger, domain);
            }
            catch (Exception e) when (e is ShopifyAuthException or HttpRequestException)
            {
                ShopifyLog.TokenExchangeFailed(logger, domain, e);
                return null;
            }
        }
        return shop is null ? null : new CurrentShop(shop.Id, shop.Domain, shop.Currency);
    }
}

public static class ApiGroup
{
    /// <summary>/api: session token required, and the shop resolved (or installed by token exchange) before any handler runs.</summary>
    public static RouteGroupBuilder MapAdminApiGroup(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(EmbeddedAdmin.Policy);
        api.AddEndpointFilter(async (context, next) =>
        {
            if (await CurrentShop.ResolveOnceAsync(context.HttpContext) is null)
                return Results.Problem(statusCode: 403, title: "Shop not installed",
                    detail: "The app could not obtain access to this shop; reinstall it from the Shopify admin.");
            return await next(context);
        });
        return api;
    }
}
