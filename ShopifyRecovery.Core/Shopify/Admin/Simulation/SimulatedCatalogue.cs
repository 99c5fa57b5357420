namespace ShopifyRecovery.Shopify.Admin.Simulation;

/// <summary>A product of the sandbox shop. <see cref="ImageUrl"/> is served by the App at /playground/img/{handle}.svg.</summary>
public sealed record SimulatedProduct(long ProductId, long VariantId, string Handle, string Title, string? VariantTitle,
    string ProductType, decimal Price, string ImageUrl, string Color);

/// <summary>A past order of a sample customer, placed <see cref="DaysAgo"/> days before today (UTC).</summary>
public sealed record SimulatedPastOrder(long OrderId, int DaysAgo, decimal Total, string? DiscountCode);

/// <summary>
/// A sample customer. <see cref="Persona"/> names the segment the customer is meant to land in, so a newcomer can
/// see each flow variant: first-timer, returning, vip, discount-seeker, unsubscribed.
/// </summary>
public sealed record SimulatedCustomer(long CustomerId, string Persona, string FirstName, string LastName, string Email,
    string MarketingState, IReadOnlyList<string> Tags, long OrdersCount, decimal AmountSpent, IReadOnlyList<SimulatedPastOrder> Orders);

/// <summary>The sandbox shop's fixed sample data; only image URLs depend on where the App runs.</summary>
public sealed class SimulatedCatalogue
{
    public const string Currency = "USD";

    public SimulatedCatalogue(string appUrl)
    {
        var root = appUrl.TrimEnd('/');
        SimulatedProduct P(int n, string handle, string title, string? variant, string type, decimal price, string color) =>
            new(9_100_000_000 + n, 9_200_000_000 + n, handle, title, variant, type, price, $"{root}/playground/img/{handle}.svg", color);
        Products =
        [
            P(1, "merino-crew-sweater", "Merino Crew Sweater", "Oatmeal / M", "Knitwear", 89.00m, "#c8b597"),
            P(2, "canvas-weekender-bag", "Canvas Weekender Bag", "Olive", "Bags", 145.00m, "#6b7a4b"),
            P(3, "ceramic-pour-over-set", "Ceramic Pour-Over Set", null, "Kitchen", 48.00m, "#b9a89a"),
            P(4, "trail-running-shoes", "Trail Running Shoes", "Slate / 42", "Footwear", 129.00m, "#4a5568"),
            P(5, "organic-cotton-tee", "Organic Cotton Tee", "White / L", "Apparel", 24.00m, "#8fa3b8"),
            P(6, "leather-card-holder", "Leather Card Holder", "Tan", "Accessories", 35.00m, "#a86b3c"),
            P(7, "wool-throw-blanket", "Wool Throw Blanket", "Charcoal", "Home", 210.00m, "#3c3f44"),
        ];
    }

    public IReadOnlyList<SimulatedProduct> Products { get; }

    public IReadOnlyList<SimulatedCustomer> Customers { get; } =
    [
        new(8_100_000_001, "first-timer", "Ava", "Martin", "ava.martin@example.com", "subscribed", [], 0, 0m, []),
        new(8_100_000_002, "returning", "Ben", "Okafor", "ben.okafor@example.com", "subscribed", [], 3, 214.00m,
        [
            new(5_500_000_201, 45, 74.00m, null),
            new(5_500_000_202, 160, 52.00m, null),
            new(5_500_000_203, 300, 88.00m, null),
        ]),
        new(8_100_000_003, "vip", "Chloé", "Dubois", "chloe.dubois@example.com", "subscribed", ["VIP", "newsletter"], 14, 2_460.00m,
        [
            new(5_500_000_301, 9, 210.00m, null),
            new(5_500_000_302, 31, 178.00m, null),
            new(5_500_000_303, 58, 345.00m, null),
            new(5_500_000_304, 90, 129.00m, "VIPTHANKS"),
            new(5_500_000_305, 122, 233.00m, null),
            new(5_500_000_306, 170, 189.00m, null),
        ]),
        new(8_100_000_004, "discount-seeker", "Dan", "Kowalski", "dan.kowalski@example.com", "subscribed", [], 4, 198.00m,
        [
            new(5_500_000_401, 20, 43.20m, "COMEBACK10"),
            new(5_500_000_402, 75, 61.20m, "SPRING15"),
            new(5_500_000_403, 130, 35.00m, null),
            new(5_500_000_404, 200, 58.60m, "WELCOME10"),
        ]),
        new(8_100_000_005, "unsubscribed", "Eve", "Lindqvist", "eve.lindqvist@example.com", "unsubscribed", [], 1, 48.00m,
        [
            new(5_500_000_501, 60, 48.00m, null),
        ]),
    ];

    public SimulatedProduct? ProductByVariant(long variantId) => Products.FirstOrDefault(p => p.VariantId == variantId);

    public SimulatedCustomer? Customer(long customerId) => Customers.FirstOrDefault(c => c.CustomerId == customerId);
}
