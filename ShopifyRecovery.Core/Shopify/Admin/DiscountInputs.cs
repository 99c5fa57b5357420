using System.Globalization;

namespace ShopifyRecovery.Shopify.Admin;

// DiscountCodeBasicInput / DiscountCodeFreeShippingInput as the 2026-04 schema names them. Null members are left out
// of the JSON. Eligibility goes through `context`, which replaced the deprecated `customerSelection` in 2025-10.

sealed record DiscountCodeBasicInput(
    string Title,
    string Code,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int UsageLimit,
    bool AppliesOncePerCustomer,
    DiscountContextInput Context,
    DiscountCustomerGetsInput CustomerGets,
    DiscountMinimumRequirementInput? MinimumRequirement,
    DiscountCombinesWithInput CombinesWith);

sealed record DiscountCodeFreeShippingInput(
    string Title,
    string Code,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int UsageLimit,
    bool AppliesOncePerCustomer,
    DiscountContextInput Context,
    DiscountShippingDestinationSelectionInput Destination,
    DiscountMinimumRequirementInput? MinimumRequirement,
    DiscountCombinesWithInput CombinesWith);

sealed record DiscountContextInput(string? All = null, DiscountCustomersInput? Customers = null)
{
    public static DiscountContextInput For(long? customerId) =>
        customerId is { } id
            ? new(Customers: new DiscountCustomersInput([ShopifyGid.For("Customer", id)]))
            // A guest checkout has no customer to bind to: usageLimit 1 is then the only protection.
            : new(All: "ALL");
}

sealed record DiscountCustomersInput(IReadOnlyList<string> Add);

sealed record DiscountCustomerGetsInput(DiscountCustomerGetsValueInput Value, DiscountItemsInput Items);

/// <summary>Shopify's <c>percentage</c> is a Float between 0 and 1.</summary>
sealed record DiscountCustomerGetsValueInput(double Percentage);

sealed record DiscountItemsInput(bool All);

sealed record DiscountMinimumRequirementInput(DiscountMinimumSubtotalInput Subtotal)
{
    public static DiscountMinimumRequirementInput? For(decimal? minimumSubtotal) =>
        minimumSubtotal is > 0m
            // Decimal scalars travel as strings so no precision is lost on the way.
            ? new(new DiscountMinimumSubtotalInput(minimumSubtotal.Value.ToString(CultureInfo.InvariantCulture)))
            : null;
}

sealed record DiscountMinimumSubtotalInput(string GreaterThanOrEqualToSubtotal);

sealed record DiscountCombinesWithInput(bool? OrderDiscounts = null, bool? ProductDiscounts = null, bool? ShippingDiscounts = null);

sealed record DiscountShippingDestinationSelectionInput(bool All);
