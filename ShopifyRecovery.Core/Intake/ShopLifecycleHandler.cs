using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Intake;

/// <summary>
/// <c>app/uninstalled</c>: the tokens are dead, so they are deleted and the shop stops sending (every send checks
/// <see cref="Shop.Installed"/>). Shopify may repeat it, also after the fact; it is harmless to run twice.
/// <c>app/scopes_update</c>: records what the merchant granted now.
/// </summary>
public sealed class ShopLifecycleHandler(RecoveryDbContext db, TimeProvider clock, ILogger<ShopLifecycleHandler> logger) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = [ShopifyTopics.AppUninstalled, ShopifyTopics.AppScopesUpdate];

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == webhook.ShopDomain, ct);
        if (shop is null)
        {
            IntakeLog.UnknownShop(logger, webhook.ShopDomain, webhook.Topic, webhook.WebhookId);
            return;
        }
        if (webhook.Topic == ShopifyTopics.AppUninstalled)
        {
            // A late uninstall from before the latest reinstall must not switch the shop off again.
            if (webhook.TriggeredAt is { } triggered && triggered < shop.InstalledAt)
                return;
            shop.Installed = false;
            shop.UninstalledAt ??= clock.GetUtcNow();
            ShopTokens.Forget(shop);
            AppSubscriptions.Forget(shop);
            IntakeLog.Uninstalled(logger, shop.Domain);
        }
        else if (webhook.Payload.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.Array)
        {
            shop.Scopes = string.Join(',', current.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()));
        }
    }
}
