using System.Text.Json;

namespace ShopifyRecovery.Intake;

/// <summary>The headers Shopify sends with every webhook (names are matched case-insensitively).</summary>
public static class WebhookHeaders
{
    public const string Hmac = "X-Shopify-Hmac-Sha256";
    public const string Topic = "X-Shopify-Topic";
    public const string ShopDomain = "X-Shopify-Shop-Domain";
    public const string ApiVersion = "X-Shopify-API-Version";
    public const string WebhookId = "X-Shopify-Webhook-Id";
    public const string EventId = "X-Shopify-Event-Id";
    public const string TriggeredAt = "X-Shopify-Triggered-At";
}

/// <summary>
/// The bus message for a received webhook: the raw body as the message body, the headers as properties,
/// so the request path neither parses nor copies the payload.
/// </summary>
public static class ShopifyWebhookReceived
{
    public const string Type = nameof(ShopifyWebhookReceived);
    public const string Topic = "topic";
    public const string Shop = "shop";
    public const string WebhookId = "webhook-id";
    public const string EventId = "event-id";
    public const string ApiVersion = "api-version";
    public const string TriggeredAt = "triggered-at";
    public const string ReceivedAt = "received-at";

    public static string MessageIdFor(string webhookId) => "shopify-webhook:" + webhookId;
}

/// <summary>A verified webhook as topic handlers see it, its payload parsed once.</summary>
public sealed record ShopifyWebhook(
    string Topic,
    string ShopDomain,
    string WebhookId,
    string? EventId,
    string? ApiVersion,
    DateTimeOffset? TriggeredAt,
    DateTimeOffset ReceivedAt,
    JsonElement Payload);

/// <summary>One capability's reaction to a topic. Several may handle the same topic; they share one transaction.</summary>
public interface IShopifyTopicHandler
{
    IReadOnlyCollection<string> Topics { get; }

    Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct);
}
