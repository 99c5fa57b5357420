using Microsoft.Extensions.Options;

namespace ShopifyRecovery.App.Platform;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Off only for benchmarks that measure intake itself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute per client IP on the public pages: /r/*, /u/* and /auth/*.</summary>
    public int PermitsPerMinute { get; set; } = 120;

    /// <summary>
    /// Webhook posts per minute per (shop domain header, client IP). Generous: a sale can burst a big shop's
    /// checkout updates, and a 429 only makes Shopify retry later.
    /// </summary>
    public int WebhookPermitsPerMinute { get; set; } = 1200;
}

public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>
    /// Kestrel's limit for every request body. The Shopify webhook endpoint sets its own (Shopify:WebhookMaxBodyBytes),
    /// so this only needs to fit admin API payloads such as an email template.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 512 * 1024;
}

sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var errors = new List<string>();
        if (options.PermitsPerMinute is < 1 or > 100_000)
            errors.Add($"RateLimiting:PermitsPerMinute must be between 1 and 100000; it is {options.PermitsPerMinute}.");
        if (options.WebhookPermitsPerMinute is < 1 or > 1_000_000)
            errors.Add($"RateLimiting:WebhookPermitsPerMinute must be between 1 and 1000000; it is {options.WebhookPermitsPerMinute}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

sealed class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options) =>
        options.MaxRequestBodyBytes is < 1024 or > 64L * 1024 * 1024
            ? ValidateOptionsResult.Fail($"RequestLimits:MaxRequestBodyBytes must be between 1024 and 67108864; it is {options.MaxRequestBodyBytes}.")
            : ValidateOptionsResult.Success;
}
