using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Shopify;

public sealed class ShopifyOptions
{
    public const string Section = "Shopify";

    /// <summary>Used as client id and secret when none are configured: the playground signs its own sandbox traffic with them.</summary>
    public const string PlaygroundApiKey = "playground-api-key";
    public const string PlaygroundApiSecret = "playground-secret-not-for-production";

    public string? ApiKey { get; set; }
    public string? ApiSecret { get; set; }

    /// <summary>
    /// The client secret being rotated out. Until it is revoked in the Dev Dashboard Shopify may still sign webhooks,
    /// OAuth redirects and session tokens with it, and Shopify asks apps to accept both meanwhile; remove it once revoked.
    /// </summary>
    public string? PreviousApiSecret { get; set; }
    public string AppUrl { get; set; } = "http://localhost:5000";

    /// <summary>Admin API and webhook payload version; must equal <c>[webhooks] api_version</c> in shopify.app.toml.</summary>
    public string ApiVersion { get; set; } = "2026-04";

    public string Scopes { get; set; } = "read_orders,read_customers,write_discounts";

    /// <summary>Sends every Shopify call (OAuth token endpoint, Admin GraphQL) here instead of https://{shop}; for tests and local mocks.</summary>
    public string? ApiBaseUrlOverride { get; set; }

    /// <summary>Largest webhook body accepted. Shopify's biggest order payloads stay well below this.</summary>
    public int WebhookMaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>No client id configured: run against the sandbox shop.</summary>
    public bool IsPlayground => string.IsNullOrWhiteSpace(ApiKey);

    public string ClientId => IsPlayground ? PlaygroundApiKey : ApiKey!;
    public string ClientSecret => IsPlayground ? PlaygroundApiSecret : ApiSecret!;

    /// <summary>Every secret an incoming Shopify signature may be made with, the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets =>
        IsPlayground || string.IsNullOrWhiteSpace(PreviousApiSecret) ? [ClientSecret] : [ClientSecret, PreviousApiSecret];

    public Uri ShopBaseUri(string shopDomain) =>
        new(string.IsNullOrEmpty(ApiBaseUrlOverride) ? $"https://{shopDomain}/" : ApiBaseUrlOverride.TrimEnd('/') + "/");
}

sealed partial class ShopifyOptionsValidator : IValidateOptions<ShopifyOptions>
{
    public ValidateOptionsResult Validate(string? name, ShopifyOptions options)
    {
        var errors = new List<string>();
        if (!options.IsPlayground && string.IsNullOrWhiteSpace(options.ApiSecret))
            errors.Add("Shopify:ApiSecret is required when Shopify:ApiKey is set (it signs webhooks, OAuth and session tokens).");
        if (!string.IsNullOrWhiteSpace(options.PreviousApiSecret) && options.IsPlayground)
            errors.Add("Shopify:PreviousApiSecret is only used with Shopify:ApiKey and Shopify:ApiSecret (during a client secret rotation).");
        else if (!string.IsNullOrWhiteSpace(options.PreviousApiSecret) && options.PreviousApiSecret == options.ApiSecret)
            errors.Add("Shopify:PreviousApiSecret equals Shopify:ApiSecret; set ApiSecret to the new secret and PreviousApiSecret to the old one.");
        if (!Uri.TryCreate(options.AppUrl, UriKind.Absolute, out var appUrl) || appUrl.Scheme is not ("http" or "https"))
            errors.Add($"Shopify:AppUrl must be an absolute http(s) URL; it is '{options.AppUrl}'.");
        if (!ApiVersionPattern().IsMatch(options.ApiVersion))
            errors.Add($"Shopify:ApiVersion must look like 2026-04 (a quarterly YYYY-MM release); it is '{options.ApiVersion}'.");
        if (string.IsNullOrWhiteSpace(options.Scopes))
            errors.Add("Shopify:Scopes must list at least one access scope.");
        if (!string.IsNullOrEmpty(options.ApiBaseUrlOverride) && !Uri.TryCreate(options.ApiBaseUrlOverride, UriKind.Absolute, out _))
            errors.Add($"Shopify:ApiBaseUrlOverride must be an absolute URL; it is '{options.ApiBaseUrlOverride}'.");
        if (options.WebhookMaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
            errors.Add($"Shopify:WebhookMaxBodyBytes must be between 1024 and 16777216; it is {options.WebhookMaxBodyBytes}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\d{4}-(01|04|07|10)$")]
    private static partial Regex ApiVersionPattern();
}
