using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Billing;

/// <summary><c>app_subscriptions/update</c>: the merchant chose, changed or lost a plan (see <see cref="AppSubscriptions.Apply"/>).</summary>
public sealed class AppSubscriptionHandler(RecoveryDbContext db, ILogger<AppSubscriptionHandler> logger) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.AppSubscriptionsUpdate];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        var update = Read(webhook.Payload);
        var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == webhook.ShopDomain, ct);
        if (shop is null)
        {
            IntakeLog.UnknownShop(logger, webhook.ShopDomain, webhook.Topic, webhook.WebhookId);
            return;
        }
        var applied = AppSubscriptions.Apply(shop, update);
        BillingLog.SubscriptionUpdated(logger, shop.Domain, update.Id, update.Status, applied);
    }

    static SubscriptionUpdate Read(JsonElement payload)
    {
        if (!payload.TryGetProperty("app_subscription", out var subscription) || subscription.ValueKind != JsonValueKind.Object)
            throw new PoisonMessageException("The app_subscriptions/update webhook has no app_subscription object.");
        var id = Text(subscription, "admin_graphql_api_id")
            ?? throw new PoisonMessageException("The app_subscriptions/update webhook has no admin_graphql_api_id.");
        var status = Text(subscription, "status")?.ToUpperInvariant()
            ?? throw new PoisonMessageException("The app_subscriptions/update webhook has no status.");
        if (!AppSubscriptions.Statuses.Contains(status))
            throw new PoisonMessageException($"The app_subscriptions/update webhook has an unknown status '{status[..Math.Min(status.Length, 40)]}'.");
        DateTimeOffset? updatedAt = DateTimeOffset.TryParse(Text(subscription, "updated_at"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime() : null;
        var name = Text(subscription, "name");
        return new SubscriptionUpdate(id, name?[..Math.Min(name.Length, 255)], status, updatedAt);
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
