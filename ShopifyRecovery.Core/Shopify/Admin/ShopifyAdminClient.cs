using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Shopify.Admin;

/// <summary>The real Admin GraphQL API: the operations of <see cref="AdminOperations"/> mapped to the app's records.</summary>
public sealed partial class ShopifyAdminClient(AdminGraphQL graphQL, ILogger<ShopifyAdminClient> logger) : IShopifyAdmin
{
    const string TakenCode = "TAKEN";

    public async Task<ShopInfo> GetShopAsync(string shopDomain, CancellationToken ct)
    {
        var shop = (await graphQL.SendAsync<ShopData>(shopDomain, AdminOperations.Shop, null, ct)).Shop;
        var address = shop.ShopAddress?.Formatted is { Count: > 0 } lines ? string.Join(", ", lines) : null;
        // contactEmail is the customer-facing address; email is where Shopify writes to the owner.
        var email = string.IsNullOrWhiteSpace(shop.ContactEmail) ? shop.Email ?? "" : shop.ContactEmail;
        return new ShopInfo(shop.Name, email, shop.CurrencyCode, shop.IanaTimezone, shop.ShopAddress?.CountryCodeV2, address);
    }

    public async Task<IReadOnlyList<AppSubscriptionRecord>> GetActiveSubscriptionsAsync(string shopDomain, CancellationToken ct)
    {
        var data = await graphQL.SendAsync<ActiveSubscriptionsData>(shopDomain, AdminOperations.ActiveSubscriptions, null, ct);
        return data.CurrentAppInstallation.ActiveSubscriptions.Select(s => new AppSubscriptionRecord(s.Id, s.Name, s.Status, s.Test)).ToList();
    }

    public async Task<CustomerFacts?> GetCustomerAsync(string shopDomain, long customerId, CancellationToken ct)
    {
        var data = await graphQL.SendAsync<CustomerData>(shopDomain, AdminOperations.Customer,
            new { id = ShopifyGid.For("Customer", customerId) }, ct);
        if (data.Customer is not { } customer)
            return null;
        var recent = customer.Orders?.Nodes ?? [];
        return new CustomerFacts(
            customerId,
            customer.DefaultEmailAddress?.EmailAddress,
            customer.NumberOfOrders,
            customer.AmountSpent.Amount,
            customer.LastOrder?.ProcessedAt,
            customer.Tags ?? [],
            MarketingState(customer.DefaultEmailAddress),
            recent.Count,
            recent.Count(o => o.DiscountCodes is { Count: > 0 }));
    }

    public async Task<IReadOnlyList<AbandonedCheckoutRecord>> ListAbandonedCheckoutsAsync(string shopDomain, DateTimeOffset updatedSince,
        CancellationToken ct)
    {
        var records = new List<AbandonedCheckoutRecord>();
        string? after = null;
        do
        {
            var page = (await graphQL.SendAsync<AbandonedCheckoutsData>(shopDomain, AdminOperations.AbandonedCheckouts,
                new { query = UpdatedSince(updatedSince), after }, ct)).AbandonedCheckouts;
            foreach (var checkout in page.Nodes)
            {
                if (ToRecord(checkout) is { } record)
                    records.Add(record);
                else
                    AdminLog.CheckoutWithoutToken(logger, shopDomain, checkout.Id);
            }
            after = page.PageInfo is { HasNextPage: true, EndCursor: { } cursor } ? cursor : null;
        }
        while (after is not null);
        return records;
    }

    public async Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct)
    {
        var records = new List<OrderRecord>();
        string? after = null;
        do
        {
            var page = (await graphQL.SendAsync<OrdersData>(shopDomain, AdminOperations.Orders,
                new { query = UpdatedSince(updatedSince), after }, ct)).Orders;
            records.AddRange(page.Nodes.Select(ToRecord));
            after = page.PageInfo is { HasNextPage: true, EndCursor: { } cursor } ? cursor : null;
        }
        while (after is not null);
        return records;
    }

    public async Task<DiscountCodeResult> CreateDiscountCodeAsync(string shopDomain, DiscountCodeRequest request, CancellationToken ct)
    {
        if (DiscountRequestRules.Validate(request) is { } invalid)
            return new DiscountCodeResult(DiscountOutcome.Rejected, null, [invalid]);

        var payload = request.Kind == DiscountKind.FreeShipping
            ? (await graphQL.SendAsync<DiscountCodeFreeShippingCreateData>(shopDomain, AdminOperations.DiscountCodeFreeShippingCreate,
                new { input = FreeShippingInput(request) }, ct)).DiscountCodeFreeShippingCreate
            : (await graphQL.SendAsync<DiscountCodeBasicCreateData>(shopDomain, AdminOperations.DiscountCodeBasicCreate,
                new { input = BasicInput(request) }, ct)).DiscountCodeBasicCreate;
        var errors = payload?.UserErrors ?? [];

        if (errors.Count == 0 && payload?.CodeDiscountNode is { } created)
            return new DiscountCodeResult(DiscountOutcome.Created, created.Id, []);

        var typed = errors.Select(e => new DiscountUserError(e.Field is null ? null : string.Join('.', e.Field), e.Message, e.Code)).ToList();
        // Codes are deterministic per journey step, so TAKEN almost always means an earlier attempt of ours got through.
        if (errors.Any(e => e.Code == TakenCode))
        {
            var existing = await graphQL.SendAsync<CodeDiscountNodeByCodeData>(shopDomain, AdminOperations.CodeDiscountNodeByCode,
                new { code = request.Code }, ct);
            if (existing.CodeDiscountNodeByCode is { } node)
            {
                AdminLog.DiscountAlreadyExists(logger, shopDomain, node.Id);
                return new DiscountCodeResult(DiscountOutcome.AlreadyExists, node.Id, typed);
            }
        }
        AdminLog.DiscountRejected(logger, shopDomain, string.Join(',', typed.Select(e => e.Code ?? "?")));
        return new DiscountCodeResult(DiscountOutcome.Rejected, null, typed);
    }

    public async Task<bool> DeleteDiscountCodeAsync(string shopDomain, string discountNodeId, CancellationToken ct)
    {
        var payload = (await graphQL.SendAsync<DiscountCodeDeleteData>(shopDomain, AdminOperations.DiscountCodeDelete,
            new { id = discountNodeId }, ct)).DiscountCodeDelete;
        return payload is { DeletedCodeDiscountId: not null, UserErrors.Count: 0 };
    }

    static DiscountCodeBasicInput BasicInput(DiscountCodeRequest request) => new(
        request.Title,
        request.Code,
        request.StartsAt.ToUniversalTime(),
        request.EndsAt.ToUniversalTime(),
        UsageLimit: 1,
        AppliesOncePerCustomer: true,
        DiscountContextInput.For(request.CustomerId),
        new DiscountCustomerGetsInput(new DiscountCustomerGetsValueInput((double)(request.Percentage!.Value / 100m)), new DiscountItemsInput(All: true)),
        DiscountMinimumRequirementInput.For(request.MinimumSubtotal),
        new DiscountCombinesWithInput(ShippingDiscounts: true));

    static DiscountCodeFreeShippingInput FreeShippingInput(DiscountCodeRequest request) => new(
        request.Title,
        request.Code,
        request.StartsAt.ToUniversalTime(),
        request.EndsAt.ToUniversalTime(),
        UsageLimit: 1,
        AppliesOncePerCustomer: true,
        DiscountContextInput.For(request.CustomerId),
        new DiscountShippingDestinationSelectionInput(All: true),
        DiscountMinimumRequirementInput.For(request.MinimumSubtotal),
        new DiscountCombinesWithInput(OrderDiscounts: true, ProductDiscounts: true));

    /// <summary>Shopify search syntax; the value is quoted because the timestamp contains colons.</summary>
    internal static string UpdatedSince(DateTimeOffset since) =>
        $"updated_at:>'{since.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}'";

    // The webhook speaks lowercase (`subscribed`), GraphQL uppercase (`SUBSCRIBED`); the app keeps the webhook's words.
    static string? MarketingState(EmailAddressWire? email) => email?.MarketingState?.ToLowerInvariant();

    static AbandonedCheckoutRecord? ToRecord(AbandonedCheckoutWire checkout)
    {
        if (CheckoutToken(checkout.AbandonedCheckoutUrl) is not { } token)
            return null;
        var customer = checkout.Customer;
        var total = checkout.TotalPriceSet.PresentmentMoney ?? checkout.TotalPriceSet.ShopMoney;
        var subtotal = checkout.SubtotalPriceSet.PresentmentMoney ?? checkout.SubtotalPriceSet.ShopMoney;
        var lines = (checkout.LineItems?.Nodes ?? []).Select(line => new AbandonedCheckoutLine(
            line.Title ?? "",
            line.VariantTitle,
            line.Quantity,
            (line.OriginalUnitPriceSet.PresentmentMoney ?? line.OriginalUnitPriceSet.ShopMoney).Amount,
            line.Image?.Url,
            line.Product?.ProductType,
            ShopifyGid.ToId(line.Product?.Id),
            ShopifyGid.ToId(line.Variant?.Id))).ToList();
        return new AbandonedCheckoutRecord(
            token,
            customer?.DefaultEmailAddress?.EmailAddress,
            ShopifyGid.ToId(customer?.Id),
            customer?.FirstName,
            customer?.LastName,
            checkout.CreatedAt,
            checkout.UpdatedAt,
            checkout.CompletedAt,
            checkout.AbandonedCheckoutUrl,
            total.CurrencyCode,
            subtotal.Amount,
            total.Amount,
            lines,
            checkout.TotalPriceSet.ShopMoney.CurrencyCode,
            checkout.TotalPriceSet.ShopMoney.Amount,
            MarketingState(customer?.DefaultEmailAddress));
    }

    static OrderRecord ToRecord(OrderWire order) => new(
        ShopifyGid.ToId(order.Id) ?? 0,
        // The Admin GraphQL Order has no checkout token (only the `checkout_token:` search filter); the orders webhook has it.
        CheckoutToken: null,
        ShopifyGid.ToId(order.Customer?.Id),
        order.Email,
        order.TotalPriceSet.ShopMoney.Amount,
        order.TotalDiscountsSet?.ShopMoney.Amount ?? 0m,
        order.DiscountCodes ?? [],
        order.CreatedAt,
        order.TotalPriceSet.ShopMoney.CurrencyCode);

    /// <summary>
    /// The GraphQL AbandonedCheckout has no <c>token</c> field, but its recovery URL embeds the token the checkout
    /// webhooks carry (<c>…/checkouts/{token}/recover?key=…</c>, newer checkouts <c>…/checkouts/ac/{token}/recover</c>).
    /// </summary>
    internal static string? CheckoutToken(string recoveryUrl) =>
        RecoveryUrlToken().Match(recoveryUrl) is { Success: true } match ? match.Groups["token"].Value : null;

    [GeneratedRegex(@"/checkouts/(?:ac/)?(?<token>[A-Za-z0-9_\-]+)/recover(?:[?#]|$)")]
    private static partial Regex RecoveryUrlToken();
}
