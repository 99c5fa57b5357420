namespace ShopifyRecovery.App.Admin;

/// <summary>Embedded admin events: 8000–8099. Shop domains and ids only; never tokens, emails or template bodies.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(8001, LogLevel.Information, "Saved {Part} settings for {ShopDomain}")]
    public static partial void SettingsSaved(ILogger logger, string part, string shopDomain);

    [LoggerMessage(8002, LogLevel.Information, "Saved template step {Step} variant {Variant} version {Version} for {ShopDomain}")]
    public static partial void TemplateSaved(ILogger logger, int step, string variant, int version, string shopDomain);

    [LoggerMessage(8003, LogLevel.Information, "Test email for step {Step} variant {Variant} of {ShopDomain}: {Status}")]
    public static partial void TestSent(ILogger logger, int step, string variant, string shopDomain, string status);

    [LoggerMessage(8004, LogLevel.Information, "Playground checkout {CheckoutToken} posted for {ShopDomain} as webhook {WebhookId}")]
    public static partial void PlaygroundCheckout(ILogger logger, string checkoutToken, string shopDomain, string webhookId);

    [LoggerMessage(8005, LogLevel.Information, "Suppression {Change} for {ShopDomain}")]
    public static partial void SuppressionChanged(ILogger logger, string change, string shopDomain);

    [LoggerMessage(8006, LogLevel.Debug, "Issued a playground session token for {ShopDomain}")]
    public static partial void PlaygroundTokenIssued(ILogger logger, string shopDomain);
}
