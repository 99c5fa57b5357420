using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Intake;

/// <summary>
/// Worker side of intake: parses the webhook once and runs every capability's handler for its topic in one
/// transaction together with the inbox record, so a redelivered webhook changes nothing.
/// </summary>
public sealed class ShopifyWebhookHandler(
    RecoveryDbContext db,
    IEnumerable<IShopifyTopicHandler> handlers,
    OutboxRelay relay,
    TimeProvider clock,
    ILogger<ShopifyWebhookHandler> logger) : IRawMessageHandler
{
    public const string Consumer = "shopify-webhooks";

    public async Task HandleAsync(IncomingMessage message, CancellationToken ct)
    {
        var webhook = Read(message);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["ShopDomain"] = webhook.ShopDomain,
            ["WebhookId"] = webhook.WebhookId,
            ["Topic"] = webhook.Topic,
        });
        var matching = handlers.Where(h => h.Topics.Contains(webhook.Topic)).ToList();
        if (matching.Count == 0)
        {
            IntakeLog.UnknownTopic(logger, webhook.ShopDomain, webhook.Topic, webhook.WebhookId);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TryRecordInboxAsync(Consumer, message.MessageId, clock.GetUtcNow(), ct))
        {
            IntakeLog.AlreadyHandled(logger, webhook.ShopDomain, webhook.Topic, webhook.WebhookId);
            return;
        }
        foreach (var handler in matching)
            await handler.HandleAsync(webhook, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        relay.Notify();
        IntakeLog.Handled(logger, webhook.ShopDomain, webhook.Topic, webhook.WebhookId);
    }

    static ShopifyWebhook Read(IncomingMessage message)
    {
        string Required(string key) => message.Properties.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new PoisonMessageException($"The webhook message has no '{key}' property.");
        string? Optional(string key) => message.Properties.TryGetValue(key, out var value) ? value : null;

        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(message.Body);
            payload = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PoisonMessageException($"The {Optional(ShopifyWebhookReceived.Topic)} webhook body is not valid JSON: {e.Message}", e);
        }
        if (payload.ValueKind != JsonValueKind.Object)
            throw new PoisonMessageException($"The {Optional(ShopifyWebhookReceived.Topic)} webhook body is not a JSON object.");

        return new ShopifyWebhook(
            Topic: Required(ShopifyWebhookReceived.Topic),
            ShopDomain: Required(ShopifyWebhookReceived.Shop),
            WebhookId: Required(ShopifyWebhookReceived.WebhookId),
            EventId: Optional(ShopifyWebhookReceived.EventId),
            ApiVersion: Optional(ShopifyWebhookReceived.ApiVersion),
            TriggeredAt: ParseTime(Optional(ShopifyWebhookReceived.TriggeredAt)),
            ReceivedAt: ParseTime(Optional(ShopifyWebhookReceived.ReceivedAt)) ?? message.EnqueuedAt,
            Payload: payload);
    }

    static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime() : null;
}
