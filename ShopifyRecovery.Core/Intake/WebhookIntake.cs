using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Intake;

public enum IntakeOutcome { Accepted, Unauthorized, BadRequest }

public sealed record IntakeResult(IntakeOutcome Outcome, string? Problem = null);

/// <summary>
/// The request path of a Shopify webhook: signature first, then headers, then onto the bus. Nothing is parsed and
/// nothing is sent from here; the answer is 200 only once the bus holds the event, so a crash before that
/// makes Shopify retry and the MessageId (the webhook id) makes the retry a no-op.
/// </summary>
public sealed class WebhookIntake(IMessageBus bus, IOptions<ShopifyOptions> options, TimeProvider clock, ILogger<WebhookIntake> logger)
{
    public async Task<IntakeResult> AcceptAsync(ReadOnlyMemory<byte> body, Func<string, string?> header, CancellationToken ct)
    {
        var signature = header(WebhookHeaders.Hmac);
        if (string.IsNullOrWhiteSpace(signature))
        {
            IntakeLog.Rejected(logger, "missing signature");
            RecoveryMetrics.WebhookRejected("missing_signature");
            return new(IntakeOutcome.Unauthorized, "The X-Shopify-Hmac-Sha256 header is missing.");
        }
        if (!WebhookSignature.IsValid(body.Span, signature, options.Value.SigningSecrets))
        {
            IntakeLog.Rejected(logger, "signature mismatch");
            RecoveryMetrics.WebhookRejected("invalid_signature");
            return new(IntakeOutcome.Unauthorized, "The X-Shopify-Hmac-Sha256 signature does not match the body.");
        }

        var topic = header(WebhookHeaders.Topic);
        var shop = header(WebhookHeaders.ShopDomain);
        var webhookId = header(WebhookHeaders.WebhookId);
        if (string.IsNullOrWhiteSpace(topic) || string.IsNullOrWhiteSpace(shop) || string.IsNullOrWhiteSpace(webhookId))
        {
            RecoveryMetrics.WebhookRejected("missing_headers");
            return new(IntakeOutcome.BadRequest, "X-Shopify-Topic, X-Shopify-Shop-Domain and X-Shopify-Webhook-Id are required.");
        }
        if (!ShopDomain.TryNormalize(shop, out var shopDomain))
        {
            RecoveryMetrics.WebhookRejected("invalid_shop");
            return new(IntakeOutcome.BadRequest, $"X-Shopify-Shop-Domain '{shop}' is not a *.myshopify.com domain.");
        }

        var properties = new Dictionary<string, string>(8)
        {
            [ShopifyWebhookReceived.Topic] = topic.Trim(),
            [ShopifyWebhookReceived.Shop] = shopDomain,
            [ShopifyWebhookReceived.WebhookId] = webhookId.Trim(),
            [ShopifyWebhookReceived.ReceivedAt] = clock.GetUtcNow().ToString("O"),
        };
        AddIfPresent(properties, ShopifyWebhookReceived.EventId, header(WebhookHeaders.EventId));
        AddIfPresent(properties, ShopifyWebhookReceived.ApiVersion, header(WebhookHeaders.ApiVersion));
        AddIfPresent(properties, ShopifyWebhookReceived.TriggeredAt, header(WebhookHeaders.TriggeredAt));
        RecoveryTelemetry.AddTraceContext(properties);

        var message = new OutgoingMessage(ShopifyWebhookReceived.MessageIdFor(webhookId.Trim()), ShopifyWebhookReceived.Type, body)
        {
            PartitionKey = shopDomain,
            Properties = properties,
        };
        await bus.PublishAsync(Queues.ShopifyEvents, message, ct);
        IntakeLog.Accepted(logger, shopDomain, topic, webhookId);
        RecoveryMetrics.WebhookReceived(topic.Trim());
        return new(IntakeOutcome.Accepted);
    }

    static void AddIfPresent(Dictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            properties[key] = value.Trim();
    }
}
