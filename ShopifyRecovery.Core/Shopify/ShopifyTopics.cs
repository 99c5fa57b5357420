namespace ShopifyRecovery.Shopify;

/// <summary>Every webhook topic the app subscribes to; shopify.app.toml must list exactly these (a test holds them together).</summary>
public static class ShopifyTopics
{
    public const string CheckoutsCreate = "checkouts/create";
    public const string CheckoutsUpdate = "checkouts/update";
    public const string CheckoutsDelete = "checkouts/delete";
    public const string OrdersCreate = "orders/create";
    public const string OrdersPaid = "orders/paid";
    public const string CustomersUpdate = "customers/update";
    public const string CustomersEmailMarketingConsentUpdate = "customers_email_marketing_consent/update";
    public const string AppUninstalled = "app/uninstalled";
    public const string AppScopesUpdate = "app/scopes_update";
    public const string AppSubscriptionsUpdate = "app_subscriptions/update";
    public const string CustomersDataRequest = "customers/data_request";
    public const string CustomersRedact = "customers/redact";
    public const string ShopRedact = "shop/redact";

    public static readonly IReadOnlyList<string> Subscribed =
    [
        CheckoutsCreate, CheckoutsUpdate, CheckoutsDelete, OrdersCreate, OrdersPaid,
        CustomersUpdate, CustomersEmailMarketingConsentUpdate, AppUninstalled, AppScopesUpdate, AppSubscriptionsUpdate,
    ];

    public static readonly IReadOnlyList<string> Compliance = [CustomersDataRequest, CustomersRedact, ShopRedact];
}
