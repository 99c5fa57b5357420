using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Email;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>checkouts/create|update start or update a journey; checkouts/delete closes it.</summary>
public sealed class CheckoutTopicHandler(RecoveryDbContext db, JourneyIntake intake, ShopSettingsStore settings) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.CheckoutsCreate, ShopifyTopics.CheckoutsUpdate, ShopifyTopics.CheckoutsDelete];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        if (await RecoveryShops.FindInstalledAsync(db, webhook.ShopDomain, ct) is not { } shop)
            return;
        if (webhook.Topic == ShopifyTopics.CheckoutsDelete)
        {
            await intake.CloseDeletedAsync(shop, ShopifyPayloads.Str(webhook.Payload, "token"), ShopifyPayloads.Str(webhook.Payload, "cart_token"), ct);
            return;
        }
        if (ShopifyPayloads.ReadCheckout(webhook.Payload) is not { } checkout)
            throw new Messaging.PoisonMessageException($"The {webhook.Topic} payload has no token or updated_at.");
        var flow = (await settings.LoadAsync(shop.Id, ct)).Flow;
        await intake.ApplyCheckoutAsync(shop, checkout, flow, ct);
    }
}

/// <summary>orders/create|paid: the order closes its journey as Recovered before any further step can send.</summary>
public sealed class OrderTopicHandler(RecoveryDbContext db, JourneyIntake intake, ShopSettingsStore settings) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.OrdersCreate, ShopifyTopics.OrdersPaid];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        if (await RecoveryShops.FindInstalledAsync(db, webhook.ShopDomain, ct) is not { } shop)
            return;
        if (ShopifyPayloads.ReadOrder(webhook.Payload) is not { } order)
            throw new Messaging.PoisonMessageException($"The {webhook.Topic} payload has no order id.");
        var flow = (await settings.LoadAsync(shop.Id, ct)).Flow;
        await intake.ApplyOrderAsync(shop, order, flow, ct);
    }
}

/// <summary>Consent changes reach active journeys at once; the send-time guard reads them.</summary>
public sealed class CustomerConsentTopicHandler(RecoveryDbContext db, TimeProvider clock) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.CustomersEmailMarketingConsentUpdate, ShopifyTopics.CustomersUpdate];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        if (await RecoveryShops.FindInstalledAsync(db, webhook.ShopDomain, ct) is not { } shop)
            return;
        var p = webhook.Payload;
        long? customerId;
        string? email;
        JsonElement consent;
        if (webhook.Topic == ShopifyTopics.CustomersEmailMarketingConsentUpdate)
        {
            customerId = ShopifyPayloads.Long(p, "customer_id");
            email = ShopifyPayloads.Str(p, "email_address");
            if (!p.TryGetProperty("email_marketing_consent", out consent))
                return;
        }
        else
        {
            // Since 2025-01 customers/update carries no consent; older payload versions still do.
            customerId = ExactCustomerId(p);
            email = ShopifyPayloads.Str(p, "email");
            if (!p.TryGetProperty("email_marketing_consent", out consent))
                return;
        }
        if (consent.ValueKind != JsonValueKind.Object || ShopifyPayloads.Str(consent, "state") is not { } state)
            return;
        await ApplyAsync(shop.Id, customerId, email, state.ToLowerInvariant(), ct);
    }

    async Task ApplyAsync(long shopId, long? customerId, string? email, string state, CancellationToken ct)
    {
        var lower = EmailAddresses.NormalizeOrNull(email);
        if (customerId is null && lower is null)
            return;
        var now = clock.GetUtcNow();
        var journeys = await SameCustomer.Journeys(
                db.Set<Journey>().Where(j => j.ShopId == shopId && j.Status == JourneyStatus.Active), customerId, lower)
            .ToListAsync(ct);
        foreach (var journey in journeys.Where(j => j.MarketingState != state))
        {
            journey.MarketingState = state;
            JourneyEvents.Add(db, journey, EventKinds.Consent, now, detail: state);
        }
        if (customerId is not null
            && await db.Set<CustomerProfile>().SingleOrDefaultAsync(c => c.ShopId == shopId && c.CustomerId == customerId, ct) is { } profile)
            profile.MarketingState = state;
    }

    /// <summary>The GraphQL id is exact; the numeric id may have lost precision on the way.</summary>
    static long? ExactCustomerId(JsonElement p) => ShopifyPayloads.Long(p, "admin_graphql_api_id") ?? ShopifyPayloads.Long(p, "id");
}

/// <summary>app/uninstalled: nothing more may be sent for the shop, so its active journeys are suppressed.</summary>
public sealed class RecoveryUninstallHandler(RecoveryDbContext db, TimeProvider clock, ILogger<RecoveryUninstallHandler> logger) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.AppUninstalled];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == webhook.ShopDomain, ct);
        // A late uninstall from before the latest reinstall changes nothing (as in ShopLifecycleHandler).
        if (shop is null || webhook.TriggeredAt is { } triggered && triggered < shop.InstalledAt)
            return;
        var now = clock.GetUtcNow();
        var closed = await db.Set<Journey>()
            .Where(j => j.ShopId == shop.Id && j.Status == JourneyStatus.Active)
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, JourneyStatus.Suppressed)
                .SetProperty(j => j.CloseReason, CloseReasons.AppUninstalled)
                .SetProperty(j => j.ClosedAt, now)
                .SetProperty(j => j.NextStepDueAt, (DateTimeOffset?)null), ct);
        RecoveryLog.JourneysClosed(logger, shop.Domain, closed, CloseReasons.AppUninstalled);
    }
}

static class RecoveryShops
{
    /// <summary>Webhooks for a shop that is not installed (late deliveries after uninstall) change nothing.</summary>
    public static Task<Shop?> FindInstalledAsync(RecoveryDbContext db, string domain, CancellationToken ct) =>
        db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == domain && s.Installed, ct);
}
