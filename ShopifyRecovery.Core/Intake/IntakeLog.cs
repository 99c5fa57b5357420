using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Intake;

internal static partial class IntakeLog
{
    [LoggerMessage(4001, LogLevel.Debug, "Accepted {Topic} webhook {WebhookId} from {ShopDomain}")]
    public static partial void Accepted(ILogger logger, string shopDomain, string topic, string webhookId);

    [LoggerMessage(4002, LogLevel.Warning, "Rejected a webhook: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(4003, LogLevel.Information, "Webhook {WebhookId} ({Topic}) from {ShopDomain} was already handled")]
    public static partial void AlreadyHandled(ILogger logger, string shopDomain, string topic, string webhookId);

    [LoggerMessage(4004, LogLevel.Information, "No handler for topic {Topic} (webhook {WebhookId} from {ShopDomain}); acknowledged")]
    public static partial void UnknownTopic(ILogger logger, string shopDomain, string topic, string webhookId);

    [LoggerMessage(4005, LogLevel.Information, "Handled {Topic} webhook {WebhookId} from {ShopDomain}")]
    public static partial void Handled(ILogger logger, string shopDomain, string topic, string webhookId);

    [LoggerMessage(4006, LogLevel.Information, "{ShopDomain} uninstalled the app; tokens deleted and sends stopped")]
    public static partial void Uninstalled(ILogger logger, string shopDomain);

    [LoggerMessage(4007, LogLevel.Information, "Compliance request {Topic} for {ShopDomain} carried out")]
    public static partial void ComplianceDone(ILogger logger, string shopDomain, string topic);

    [LoggerMessage(4008, LogLevel.Information, "Webhook {WebhookId} ({Topic}) names {ShopDomain}, which is not installed; acknowledged")]
    public static partial void UnknownShop(ILogger logger, string shopDomain, string topic, string webhookId);
}
