namespace ShopifyRecovery.App.Platform;

internal static partial class PlatformLog
{
    [LoggerMessage(9101, LogLevel.Warning, "Rate limit hit on {PathGroup} for {Partition}; answered 429")]
    public static partial void RateLimited(ILogger logger, string pathGroup, string partition);
}
