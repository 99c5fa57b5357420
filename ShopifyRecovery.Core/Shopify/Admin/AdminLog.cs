using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Shopify.Admin;

/// <summary>Admin API events: 1101–1199 inside the Shopify range.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(1101, LogLevel.Information, "Waiting {WaitMs} ms before {Operation} for {ShopDomain}: {Reason}")]
    public static partial void ThrottleWait(ILogger logger, string shopDomain, string operation, long waitMs, string reason);

    [LoggerMessage(1102, LogLevel.Warning, "Shopify Admin {Operation} for {ShopDomain} failed: {Failure} (HTTP {StatusCode})")]
    public static partial void CallFailed(ILogger logger, string shopDomain, string operation, AdminFailure failure, int statusCode);

    [LoggerMessage(1103, LogLevel.Information, "Discount code for {ShopDomain} already existed; reusing {DiscountNodeId}")]
    public static partial void DiscountAlreadyExists(ILogger logger, string shopDomain, string discountNodeId);

    [LoggerMessage(1104, LogLevel.Warning, "Shopify rejected a discount code for {ShopDomain}: {ErrorCodes}")]
    public static partial void DiscountRejected(ILogger logger, string shopDomain, string errorCodes);

    [LoggerMessage(1105, LogLevel.Warning, "Skipped abandoned checkout {CheckoutId} of {ShopDomain}: its recovery URL carries no checkout token")]
    public static partial void CheckoutWithoutToken(ILogger logger, string shopDomain, string checkoutId);

    [LoggerMessage(1106, LogLevel.Information, "Shopify Admin calls go to the simulated sandbox shop (playground mode)")]
    public static partial void Simulated(ILogger logger);
}
