namespace ShopifyRecovery.Shopify.Admin;

public sealed record ShopInfo(string Name, string Email, string CurrencyCode, string? IanaTimeZone, string? CountryCode, string? Address);

/// <summary>
/// What the Admin API tells about a customer, for segments and consent. Amounts in the shop currency;
/// <see cref="EmailMarketingState"/> in the webhook's lowercase words (<c>subscribed</c>, <c>not_subscribed</c>, …).
/// </summary>
public sealed record CustomerFacts(
    long CustomerId,
    string? Email,
    long OrdersCount,
    decimal AmountSpent,
    DateTimeOffset? LastOrderAt,
    IReadOnlyList<string> Tags,
    string? EmailMarketingState,
    int RecentOrders,
    int RecentOrdersWithDiscount);

public sealed record AbandonedCheckoutLine(string Title, string? VariantTitle, int Quantity, decimal Price, string? ImageUrl, string? ProductType, long? ProductId, long? VariantId);

/// <summary>
/// An abandoned checkout from the Admin API, in the terms the checkout webhook uses so reconciliation can replay it.
/// <see cref="Currency"/>, <see cref="Subtotal"/>, <see cref="Total"/> and line prices are what the buyer saw (presentment);
/// <see cref="ShopCurrency"/> and <see cref="ShopTotal"/> are the shop-currency total that incentive tiers and reports use.
/// <see cref="EmailMarketingState"/> uses the webhook's lowercase words (<c>subscribed</c>, <c>unsubscribed</c>, …).
/// </summary>
public sealed record AbandonedCheckoutRecord(
    string Token,
    string? Email,
    long? CustomerId,
    string? FirstName,
    string? LastName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string RecoveryUrl,
    string Currency,
    decimal Subtotal,
    decimal Total,
    IReadOnlyList<AbandonedCheckoutLine> Lines,
    string? ShopCurrency = null,
    decimal? ShopTotal = null,
    string? EmailMarketingState = null);

/// <summary>An order as the Admin API lists it; money in the shop currency. <see cref="CheckoutToken"/> is null from GraphQL (see ShopifyAdminClient).</summary>
public sealed record OrderRecord(long OrderId, string? CheckoutToken, long? CustomerId, string? Email, decimal Total, decimal DiscountTotal,
    IReadOnlyList<string> DiscountCodes, DateTimeOffset CreatedAt, string Currency);

/// <summary>One of the app's subscriptions on a shop; <see cref="Status"/> in Shopify's words (<c>ACTIVE</c>, <c>FROZEN</c>, …).</summary>
public sealed record AppSubscriptionRecord(string Id, string Name, string Status, bool Test);

public enum DiscountKind { Percentage, FreeShipping }

/// <summary>A single-use, customer-bound, expiring code. <see cref="Code"/> is deterministic per journey and step.</summary>
public sealed record DiscountCodeRequest(
    string Code,
    string Title,
    DiscountKind Kind,
    decimal? Percentage,
    long? CustomerId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal? MinimumSubtotal);

public enum DiscountOutcome { Created, AlreadyExists, Rejected }

public sealed record DiscountUserError(string? Field, string Message, string? Code);

public sealed record DiscountCodeResult(DiscountOutcome Outcome, string? DiscountNodeId, IReadOnlyList<DiscountUserError> Errors);

/// <summary>The Admin GraphQL operations the app uses; ShopifyAdminClient talks to Shopify, the playground simulates it.</summary>
public interface IShopifyAdmin
{
    Task<ShopInfo> GetShopAsync(string shopDomain, CancellationToken ct);
    Task<CustomerFacts?> GetCustomerAsync(string shopDomain, long customerId, CancellationToken ct);
    Task<IReadOnlyList<AbandonedCheckoutRecord>> ListAbandonedCheckoutsAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct);
    Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct);
    Task<DiscountCodeResult> CreateDiscountCodeAsync(string shopDomain, DiscountCodeRequest request, CancellationToken ct);
    Task<bool> DeleteDiscountCodeAsync(string shopDomain, string discountNodeId, CancellationToken ct);
    Task<IReadOnlyList<AppSubscriptionRecord>> GetActiveSubscriptionsAsync(string shopDomain, CancellationToken ct);
}
