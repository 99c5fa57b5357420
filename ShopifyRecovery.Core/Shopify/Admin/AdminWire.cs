using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopifyRecovery.Shopify.Admin;

// The JSON Shopify sends and receives, shaped exactly like the documents in AdminOperations.
// Decimal and UnsignedInt64 arrive as strings; the serializer options accept numbers in strings.

sealed record GraphQLRequest(string Query, string OperationName, object? Variables);

sealed record GraphQLResponse<TData>(TData? Data, IReadOnlyList<GraphQLErrorWire>? Errors, GraphQLExtensions? Extensions);

sealed record GraphQLErrorWire(string? Message, GraphQLErrorExtensions? Extensions, IReadOnlyList<JsonElement>? Path);

sealed record GraphQLErrorExtensions(string? Code);

sealed record GraphQLExtensions(QueryCost? Cost);

/// <summary>Shopify's <c>extensions.cost</c>: what the query asked for and what the shop's bucket holds now.</summary>
public sealed record QueryCost(double RequestedQueryCost, double? ActualQueryCost, ThrottleStatus? ThrottleStatus);

public sealed record ThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

sealed record Money(decimal Amount, string CurrencyCode);

sealed record MoneyBag(Money ShopMoney, Money? PresentmentMoney);

sealed record PageInfo(bool HasNextPage, string? EndCursor);

sealed record Connection<TNode>(IReadOnlyList<TNode> Nodes, PageInfo? PageInfo);

sealed record EmailAddressWire(string? EmailAddress, string? MarketingState);

sealed record IdOnly(string Id);

// Shop
sealed record ShopData(ShopWire Shop);

sealed record ShopWire(string Name, string? Email, string? ContactEmail, string CurrencyCode, string? IanaTimezone, ShopAddressWire? ShopAddress);

sealed record ShopAddressWire(IReadOnlyList<string>? Formatted, string? CountryCodeV2);

// Current app installation
sealed record ActiveSubscriptionsData(AppInstallationWire CurrentAppInstallation);

sealed record AppInstallationWire(IReadOnlyList<AppSubscriptionWire> ActiveSubscriptions);

sealed record AppSubscriptionWire(string Id, string Name, string Status, bool Test);

// Customer
sealed record CustomerData(CustomerWire? Customer);

sealed record CustomerWire(string Id, long NumberOfOrders, Money AmountSpent, LastOrderWire? LastOrder, IReadOnlyList<string>? Tags,
    EmailAddressWire? DefaultEmailAddress, Connection<RecentOrderWire>? Orders);

sealed record LastOrderWire(DateTimeOffset ProcessedAt);

sealed record RecentOrderWire(IReadOnlyList<string>? DiscountCodes);

// Abandoned checkouts
sealed record AbandonedCheckoutsData(Connection<AbandonedCheckoutWire> AbandonedCheckouts);

sealed record AbandonedCheckoutWire(
    string Id,
    string AbandonedCheckoutUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    CheckoutCustomerWire? Customer,
    MoneyBag SubtotalPriceSet,
    MoneyBag TotalPriceSet,
    Connection<CheckoutLineWire>? LineItems);

sealed record CheckoutCustomerWire(string Id, string? FirstName, string? LastName, EmailAddressWire? DefaultEmailAddress);

sealed record CheckoutLineWire(string? Title, string? VariantTitle, int Quantity, MoneyBag OriginalUnitPriceSet, ImageWire? Image,
    ProductWire? Product, IdOnly? Variant);

sealed record ImageWire(string? Url);

sealed record ProductWire(string Id, string? ProductType);

// Orders
sealed record OrdersData(Connection<OrderWire> Orders);

sealed record OrderWire(string Id, string? Email, DateTimeOffset CreatedAt, IReadOnlyList<string>? DiscountCodes, IdOnly? Customer,
    MoneyBag TotalPriceSet, MoneyBag? TotalDiscountsSet);

// Discounts
sealed record DiscountUserErrorWire(IReadOnlyList<string>? Field, string Message, string? Code, string? ExtraInfo);

sealed record DiscountCreatePayload(IdOnly? CodeDiscountNode, IReadOnlyList<DiscountUserErrorWire> UserErrors);

sealed record DiscountCodeBasicCreateData(DiscountCreatePayload? DiscountCodeBasicCreate);

sealed record DiscountCodeFreeShippingCreateData(DiscountCreatePayload? DiscountCodeFreeShippingCreate);

sealed record CodeDiscountNodeByCodeData(IdOnly? CodeDiscountNodeByCode);

sealed record DiscountCodeDeleteData(DiscountDeletePayload? DiscountCodeDelete);

sealed record DiscountDeletePayload(string? DeletedCodeDiscountId, IReadOnlyList<DiscountUserErrorWire> UserErrors);

static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
