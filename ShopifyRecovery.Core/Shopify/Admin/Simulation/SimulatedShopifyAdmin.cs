using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Shopify.Admin.Simulation;

public sealed record SandboxCheckoutLine(long VariantId, int Quantity);

/// <summary>What the playground UI asks for: a sample customer (or a guest email) and some catalogue variants.</summary>
public sealed record SandboxCheckoutRequest(long? CustomerId, string? GuestEmail, IReadOnlyList<SandboxCheckoutLine> Lines, string? Token = null);

/// <summary>
/// The playground's Admin API: the sandbox shop, its sample customers with order histories, and discount codes kept in
/// memory (a repeated code is AlreadyExists, as on Shopify). Dates are relative to today so recency segments stay meaningful.
/// </summary>
public sealed class SimulatedShopifyAdmin(IOptions<ShopifyOptions> options, TimeProvider clock) : IShopifyAdmin
{
    readonly ConcurrentDictionary<(string Shop, string Code), string> _discounts = new();
    readonly ConcurrentDictionary<(string Shop, string Token), AbandonedCheckoutRecord> _checkouts = new();

    public SimulatedCatalogue Catalogue { get; } = new(options.Value.AppUrl);

    public IReadOnlyList<SimulatedProduct> ListProducts() => Catalogue.Products;

    public IReadOnlyList<SimulatedCustomer> ListCustomers() => Catalogue.Customers;

    public Task<ShopInfo> GetShopAsync(string shopDomain, CancellationToken ct) =>
        Task.FromResult(new ShopInfo("Sandbox Store", "owner@sandbox-store.example", SimulatedCatalogue.Currency, "America/Toronto", "CA",
            "Sandbox Store, 150 Elgin Street, Ottawa ON K2P 1L4, Canada"));

    /// <summary>The sandbox shop is on a free test plan, so a billed deployment's playground still sends.</summary>
    public Task<IReadOnlyList<AppSubscriptionRecord>> GetActiveSubscriptionsAsync(string shopDomain, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AppSubscriptionRecord>>([new("gid://shopify/AppSubscription/1", "Sandbox", "ACTIVE", Test: true)]);

    public Task<CustomerFacts?> GetCustomerAsync(string shopDomain, long customerId, CancellationToken ct)
    {
        if (Catalogue.Customer(customerId) is not { } customer)
            return Task.FromResult<CustomerFacts?>(null);
        var recent = customer.Orders.OrderBy(o => o.DaysAgo).Take(AdminOperations.RecentOrderWindow).ToList();
        return Task.FromResult<CustomerFacts?>(new CustomerFacts(
            customer.CustomerId,
            customer.Email,
            customer.OrdersCount,
            customer.AmountSpent,
            recent.Count > 0 ? DaysAgo(recent[0].DaysAgo) : null,
            customer.Tags,
            customer.MarketingState,
            recent.Count,
            recent.Count(o => o.DiscountCode is not null)));
    }

    public Task<IReadOnlyList<AbandonedCheckoutRecord>> ListAbandonedCheckoutsAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AbandonedCheckoutRecord>>(_checkouts
            .Where(c => c.Key.Shop == shopDomain && c.Value.UpdatedAt > updatedSince)
            .Select(c => c.Value)
            .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Token, StringComparer.Ordinal)
            .ToList());

    public Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OrderRecord>>(Catalogue.Customers
            .SelectMany(c => c.Orders.Select(o => new OrderRecord(o.OrderId, null, c.CustomerId, c.Email, o.Total,
                0m, o.DiscountCode is null ? [] : [o.DiscountCode], DaysAgo(o.DaysAgo), SimulatedCatalogue.Currency)))
            .Where(o => o.CreatedAt > updatedSince)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId)
            .ToList());

    public Task<DiscountCodeResult> CreateDiscountCodeAsync(string shopDomain, DiscountCodeRequest request, CancellationToken ct)
    {
        if (DiscountRequestRules.Validate(request) is { } invalid)
            return Task.FromResult(new DiscountCodeResult(DiscountOutcome.Rejected, null, [invalid]));
        // Shopify compares codes case-insensitively.
        var key = (shopDomain, request.Code.ToUpperInvariant());
        var id = DiscountNodeId(key.shopDomain, key.Item2);
        var added = _discounts.TryAdd(key, id);
        return Task.FromResult(added
            ? new DiscountCodeResult(DiscountOutcome.Created, id, [])
            : new DiscountCodeResult(DiscountOutcome.AlreadyExists, _discounts[key],
                [new DiscountUserError("basicCodeDiscount.code", "Code must be unique. Please try a different code.", "TAKEN")]));
    }

    public Task<bool> DeleteDiscountCodeAsync(string shopDomain, string discountNodeId, CancellationToken ct)
    {
        var entry = _discounts.FirstOrDefault(d => d.Key.Shop == shopDomain && d.Value == discountNodeId);
        return Task.FromResult(entry.Value is not null && _discounts.TryRemove(entry.Key, out _));
    }

    /// <summary>
    /// Builds an abandoned checkout from catalogue items and keeps it, so reconciliation in the playground sees it too.
    /// The recovery URL points at the App's sandbox checkout page.
    /// </summary>
    public AbandonedCheckoutRecord CreateSandboxCheckout(string shopDomain, SandboxCheckoutRequest request)
    {
        var customer = request.CustomerId is { } id
            ? Catalogue.Customer(id) ?? throw new ArgumentException($"No sample customer {id}.", nameof(request))
            : null;
        var email = customer?.Email ?? request.GuestEmail;
        var lines = request.Lines.Select(line =>
        {
            var product = Catalogue.ProductByVariant(line.VariantId)
                ?? throw new ArgumentException($"No sample product variant {line.VariantId}.", nameof(request));
            if (line.Quantity < 1)
                throw new ArgumentException("Quantities start at 1.", nameof(request));
            return new AbandonedCheckoutLine(product.Title, product.VariantTitle, line.Quantity, product.Price, product.ImageUrl,
                product.ProductType, product.ProductId, product.VariantId);
        }).ToList();
        if (lines.Count == 0)
            throw new ArgumentException("A checkout needs at least one line.", nameof(request));

        var token = request.Token ?? Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        var total = lines.Sum(l => l.Price * l.Quantity);
        var record = new AbandonedCheckoutRecord(
            token, email, customer?.CustomerId, customer?.FirstName, customer?.LastName, now, now, null,
            $"{options.Value.AppUrl.TrimEnd('/')}/playground/checkouts/{token}/recover?key=sandbox",
            SimulatedCatalogue.Currency, total, total, lines, SimulatedCatalogue.Currency, total, customer?.MarketingState);
        _checkouts[(shopDomain, token)] = record;
        return record;
    }

    DateTimeOffset DaysAgo(int days) => new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddHours(15).AddDays(-days);

    // Derived from the code, so the same code has the same id after a restart of the playground.
    static string DiscountNodeId(string shopDomain, string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{shopDomain}|{code}"));
        var id = BinaryPrimitives.ReadInt64BigEndian(hash) & 0x0FFF_FFFF_FFFF_FFFF;
        return ShopifyGid.For("DiscountCodeNode", id);
    }
}
