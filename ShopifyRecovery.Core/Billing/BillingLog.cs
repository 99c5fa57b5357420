using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Billing;

internal static partial class BillingLog
{
    [LoggerMessage(7001, LogLevel.Information, "Subscription {SubscriptionId} of {ShopDomain} is {Status} (applied: {Applied})")]
    public static partial void SubscriptionUpdated(ILogger logger, string shopDomain, string subscriptionId, string status, bool applied);

    [LoggerMessage(7002, LogLevel.Information, "{ShopDomain}'s plan read from Shopify: {Status}")]
    public static partial void Refreshed(ILogger logger, string shopDomain, string status);

    [LoggerMessage(7003, LogLevel.Warning, "Could not read {ShopDomain}'s plan from Shopify; keeping what is known")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string shopDomain);
}
