using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Billing;

/// <summary>What the admin shows about the shop's plan, and where the merchant picks one.</summary>
public sealed record PlanView(bool Required, bool AllowsSending, string? Status, string? PlanName, bool Test, string SelectionUrl);

/// <summary>
/// Reads the shop's subscription from the Admin API (the truth; webhooks only keep it current between reads) and
/// stores it. The admin calls it whenever the merchant opens the app, which is also where Shopify sends them back
/// after choosing a plan.
/// </summary>
public sealed class ShopPlans(RecoveryDbContext db, IShopifyAdmin admin, IOptions<BillingOptions> options, TimeProvider clock, ILogger<ShopPlans> logger)
{
    public async Task<PlanView> RefreshAsync(long shopId, CancellationToken ct)
    {
        var shop = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Id == shopId, ct);
        // Without billing the plan decides nothing, and a development store need not answer for it.
        if (!options.Value.Required)
            return View(shop, test: false);
        IReadOnlyList<AppSubscriptionRecord>? subscriptions = null;
        try
        {
            subscriptions = await admin.GetActiveSubscriptionsAsync(shop.Domain, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Shopify unreachable, an error answer, a token that no longer works: this read only confirms what the
            // webhooks keep current, so the stored plan stands and the next open of the admin tries again.
            BillingLog.RefreshFailed(logger, e, shop.Domain);
        }
        if (subscriptions is not null)
        {
            AppSubscriptions.Replace(shop, subscriptions, clock.GetUtcNow());
            // Only the plan's columns: a token refreshed meanwhile (the row's concurrency token) is no conflict here.
            await db.Set<Shop>().Where(s => s.Id == shopId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SubscriptionId, shop.SubscriptionId)
                .SetProperty(s => s.SubscriptionName, shop.SubscriptionName)
                .SetProperty(s => s.SubscriptionStatus, shop.SubscriptionStatus)
                .SetProperty(s => s.SubscriptionUpdatedAt, shop.SubscriptionUpdatedAt), ct);
            BillingLog.Refreshed(logger, shop.Domain, shop.SubscriptionStatus ?? "none");
        }
        return View(shop, subscriptions?.FirstOrDefault(s => s.Id == shop.SubscriptionId)?.Test ?? false);
    }

    PlanView View(Shop shop, bool test) => new(
        options.Value.Required,
        AppSubscriptions.AllowsSending(shop, options.Value),
        shop.SubscriptionStatus,
        shop.SubscriptionName,
        test,
        AppSubscriptions.PlanSelectionUrl(shop.Domain, options.Value.AppHandle));
}
