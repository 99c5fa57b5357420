using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Shopify;

internal static partial class ShopifyLog
{
    [LoggerMessage(1001, LogLevel.Information, "Installed on {ShopDomain}")]
    public static partial void Installed(ILogger logger, string shopDomain);

    [LoggerMessage(1002, LogLevel.Information, "Refreshed the offline token of {ShopDomain}")]
    public static partial void TokenRefreshed(ILogger logger, string shopDomain);

    [LoggerMessage(1003, LogLevel.Warning, "OAuth callback rejected for {ShopDomain}: {Reason}")]
    public static partial void CallbackRejected(ILogger logger, string shopDomain, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Session token rejected: {Reason}")]
    public static partial void SessionTokenRejected(ILogger logger, SessionTokenError reason);

    [LoggerMessage(1005, LogLevel.Information, "Exchanged a session token for an offline token for {ShopDomain}")]
    public static partial void TokenExchanged(ILogger logger, string shopDomain);

    [LoggerMessage(1006, LogLevel.Error, "Token exchange failed for {ShopDomain}")]
    public static partial void TokenExchangeFailed(ILogger logger, string shopDomain, Exception exception);
}
