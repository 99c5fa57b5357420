using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Auth;

/// <summary>The shop the session token speaks for; every /api query filters by its <see cref="Id"/>.</summary>
public sealed record CurrentShop(long Id, string Domain, string Currency)
{
    const string ItemKey = nameof(CurrentShop);

    public static ValueTask<CurrentShop?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Items.TryGetValue(ItemKey, out var shop) ? shop as CurrentShop : null);

    internal static void Set(HttpContext context, CurrentShop shop) => context.Items[ItemKey] = shop;
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
            var http = context.HttpContext;
            var shop = await http.RequestServices.GetRequiredService<CurrentShopResolver>().ResolveAsync(http, http.RequestAborted);
            if (shop is null)
                return Results.Problem(statusCode: 403, title: "Shop not installed",
                    detail: "The app could not obtain access to this shop; reinstall it from the Shopify admin.");
            CurrentShop.Set(http, shop);
            return await next(context);
        });
        return api;
    }
}
