using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Billing;

/// <summary>What Shopify says about one of the app's subscriptions on a shop, from a webhook or the Admin API.</summary>
public sealed record SubscriptionUpdate(string Id, string? Name, string Status, DateTimeOffset? UpdatedAt);

/// <summary>
/// The shop's plan as the app knows it, kept on <see cref="Shop"/>. Pure: the webhook handler and the admin refresh
/// decide with it, so the rules are tested without a host.
/// </summary>
public static class AppSubscriptions
{
    public const string Active = "ACTIVE";

    /// <summary>Shopify's AppSubscriptionStatus values (2026-04 schema).</summary>
    public static readonly IReadOnlySet<string> Statuses =
        new HashSet<string>(["PENDING", "ACCEPTED", Active, "DECLINED", "EXPIRED", "FROZEN", "CANCELLED"], StringComparer.Ordinal);

    public static bool IsActive(Shop shop) => shop.SubscriptionStatus == Active;

    /// <summary>Sends are allowed when billing is off, for the sandbox shop, and for a shop with an active subscription.</summary>
    public static bool AllowsSending(Shop shop, BillingOptions options) => !options.Required || shop.IsSandbox || IsActive(shop);

    /// <summary>
    /// Applies an <c>app_subscriptions/update</c> webhook. Webhooks arrive late and out of order, and a plan change
    /// produces two of them (the new subscription becomes active, the old one is cancelled) in either order, so:
    /// an update older than what is known about the same subscription is ignored, and another subscription that is
    /// not active never replaces an active one. Returns whether the shop changed.
    /// </summary>
    public static bool Apply(Shop shop, SubscriptionUpdate update)
    {
        var status = update.Status.Trim().ToUpperInvariant();
        var same = shop.SubscriptionId == update.Id;
        if (same && update.UpdatedAt is { } at && shop.SubscriptionUpdatedAt is { } known && at <= known)
            return false;
        if (!same && status != Active && IsActive(shop))
            return false;
        shop.SubscriptionId = update.Id;
        shop.SubscriptionName = update.Name ?? (same ? shop.SubscriptionName : null);
        shop.SubscriptionStatus = status;
        shop.SubscriptionUpdatedAt = update.UpdatedAt ?? shop.SubscriptionUpdatedAt;
        return true;
    }

    /// <summary>
    /// Takes the Admin API's list of the app's active subscriptions as the truth at <paramref name="observedAt"/>:
    /// it heals a missed or misordered webhook. No subscription in the list means none is active now.
    /// </summary>
    public static void Replace(Shop shop, IReadOnlyList<AppSubscriptionRecord> subscriptions, DateTimeOffset observedAt)
    {
        var current = subscriptions.FirstOrDefault(s => string.Equals(s.Status, Active, StringComparison.OrdinalIgnoreCase))
            ?? subscriptions.FirstOrDefault();
        shop.SubscriptionId = current?.Id;
        shop.SubscriptionName = current?.Name;
        shop.SubscriptionStatus = current?.Status.ToUpperInvariant();
        shop.SubscriptionUpdatedAt = observedAt;
    }

    /// <summary>
    /// An uninstall ends the app's charges, so the plan is forgotten with the tokens: after a reinstall the shop is
    /// billable again only once Shopify reports a subscription (the admin reads it as soon as it opens).
    /// </summary>
    public static void Forget(Shop shop)
    {
        shop.SubscriptionId = null;
        shop.SubscriptionName = null;
        shop.SubscriptionStatus = null;
    }

    /// <summary>Shopify's plan selection page for this app in the shop's admin (Shopify App Pricing hosts it).</summary>
    public static string PlanSelectionUrl(string shopDomain, string appHandle)
    {
        var store = shopDomain.EndsWith(ShopDomain.Suffix, StringComparison.Ordinal) ? shopDomain[..^ShopDomain.Suffix.Length] : shopDomain;
        return $"https://admin.shopify.com/store/{Uri.EscapeDataString(store)}/charges/{Uri.EscapeDataString(appHandle)}/pricing_plans";
    }
}
