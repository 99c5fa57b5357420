namespace ShopifyRecovery.Recovery;

/// <summary>One cart line as the email shows it: titles and prices in the presentment currency.</summary>
public sealed record CartLine(
    string Title,
    string? VariantTitle,
    int Quantity,
    decimal Price,
    decimal LinePrice,
    string? ImageUrl,
    string? ProductType,
    long? ProductId,
    long? VariantId);

/// <summary>
/// A checkout as the journey needs it, from a webhook or from reconciliation (so both take the same path).
/// Null means "not in this source": it never overwrites what the journey already knows.
/// </summary>
public sealed record CheckoutSnapshot
{
    public required string Token { get; init; }
    public string? CartToken { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The payload's <c>updated_at</c>, in UTC: only a newer one changes the journey.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public long? CustomerId { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Locale { get; init; }
    public string? CountryCode { get; init; }
    public string? ProvinceCode { get; init; }
    public bool? BuyerAcceptsMarketing { get; init; }
    /// <summary>The shop's currency when the checkout was made; null = the shop's current one.</summary>
    public string? ShopCurrency { get; init; }
    public required string PresentmentCurrency { get; init; }
    public decimal Subtotal { get; init; }
    public decimal Total { get; init; }
    /// <summary>Total in the shop currency; null when the payload does not say and the currencies differ.</summary>
    public decimal? ShopTotal { get; init; }
    public required IReadOnlyList<CartLine> Lines { get; init; }
    public string? RecoveryUrl { get; init; }
    /// <summary>Shopify's <c>source_name</c>: web, a sales channel app id, pos, shopify_draft_order, …</summary>
    public string? SourceName { get; init; }

    public int ItemCount => Lines.Sum(l => l.Quantity);

    /// <summary>Checkouts that no shopper abandoned: drafts sent by staff, point of sale, subscription renewals.</summary>
    static readonly HashSet<string> NonStorefrontSources = new(StringComparer.OrdinalIgnoreCase)
    {
        "shopify_draft_order", "draft_order", "pos", "subscription_contract", "subscription_contract_checkout_one",
    };

    /// <summary>Only real storefront checkouts enter the flow (headless storefronts included: they carry an app id).</summary>
    public bool IsFromStorefront => SourceName is null || !NonStorefrontSources.Contains(SourceName);
}

public sealed record OrderDiscountCode(string Code, decimal Amount, string? Type);

/// <summary>An order as attribution needs it; amounts in the shop currency.</summary>
public sealed record OrderSnapshot
{
    public required long OrderId { get; init; }
    public string? CheckoutToken { get; init; }
    public long? CustomerId { get; init; }
    public string? Email { get; init; }
    public required decimal Total { get; init; }
    public required string Currency { get; init; }
    public IReadOnlyList<OrderDiscountCode> DiscountCodes { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
}
