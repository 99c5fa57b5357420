using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Billing;

/// <summary>
/// How the app is paid for. Plans live in Shopify App Pricing (the Partner Dashboard), so the app never creates a
/// charge: it reads the shop's subscription and, while <see cref="Required"/> is set, sends nothing for a shop
/// without an active one.
/// </summary>
public sealed partial class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>Only shops with an active app subscription get emails. Off for the playground and development stores.</summary>
    public bool Required { get; set; }

    /// <summary>The app's handle (shopify.app.toml <c>handle</c>), which names its plan selection page in the Shopify admin.</summary>
    public string AppHandle { get; set; } = "shopify-recovery";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex HandlePattern();
}

sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options) =>
        BillingOptions.HandlePattern().IsMatch(options.AppHandle ?? "")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Billing:AppHandle must be the app's handle from shopify.app.toml (lowercase letters, digits and dashes); it is '{options.AppHandle}'.");
}
