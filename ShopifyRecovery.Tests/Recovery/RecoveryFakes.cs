using ShopifyRecovery.Email;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>The Admin API as recovery uses it: customers, reconciliation lists, and discount codes with scripted failures.</summary>
public sealed class FakeShopifyAdmin : IShopifyAdmin
{
    public Dictionary<long, CustomerFacts> Customers { get; } = [];
    public List<AbandonedCheckoutRecord> AbandonedCheckouts { get; } = [];
    public List<OrderRecord> Orders { get; } = [];
    public List<DiscountCodeRequest> CreateCalls { get; } = [];
    public Dictionary<string, DiscountCodeRequest> Codes { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Deleted { get; } = [];
    public List<AppSubscriptionRecord> Subscriptions { get; } = [];

    /// <summary>Runs inside each subscriptions call, e.g. a token refresh by another process meanwhile.</summary>
    public Func<Task>? DuringSubscriptionsCall { get; set; }

    public async Task<IReadOnlyList<AppSubscriptionRecord>> GetActiveSubscriptionsAsync(string shopDomain, CancellationToken ct)
    {
        if (DuringSubscriptionsCall is not null)
            await DuringSubscriptionsCall();
        return Subscriptions.ToList();
    }
    /// <summary>The next N creations fail the way a THROTTLED response surfaces.</summary>
    public int ThrottleNextCreates { get; set; }
    public bool RejectCreates { get; set; }
    public int CustomerCalls { get; private set; }

    public Task<ShopInfo> GetShopAsync(string shopDomain, CancellationToken ct) =>
        Task.FromResult(new ShopInfo("Harness Store", "owner@harness.example", "USD", "America/New_York", "US", "1 Main St"));

    /// <summary>Runs inside each customer call, as if Shopify took its time answering.</summary>
    public Func<Task>? DuringCustomerCall { get; set; }

    public async Task<CustomerFacts?> GetCustomerAsync(string shopDomain, long customerId, CancellationToken ct)
    {
        CustomerCalls++;
        if (DuringCustomerCall is not null)
            await DuringCustomerCall();
        return Customers.GetValueOrDefault(customerId);
    }

    public Task<IReadOnlyList<AbandonedCheckoutRecord>> ListAbandonedCheckoutsAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AbandonedCheckoutRecord>>(AbandonedCheckouts.Where(c => c.UpdatedAt >= updatedSince).ToList());

    public Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(string shopDomain, DateTimeOffset updatedSince, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OrderRecord>>(Orders.Where(o => o.CreatedAt >= updatedSince).ToList());

    public Task<DiscountCodeResult> CreateDiscountCodeAsync(string shopDomain, DiscountCodeRequest request, CancellationToken ct)
    {
        CreateCalls.Add(request);
        if (ThrottleNextCreates > 0)
        {
            ThrottleNextCreates--;
            throw new HttpRequestException("Throttled (THROTTLED)");
        }
        if (RejectCreates)
            return Task.FromResult(new DiscountCodeResult(DiscountOutcome.Rejected, null, [new DiscountUserError("code", "Code is invalid", "INVALID")]));
        if (Codes.ContainsKey(request.Code))
            return Task.FromResult(new DiscountCodeResult(DiscountOutcome.AlreadyExists, $"gid://shopify/DiscountCodeNode/{request.Code}", []));
        Codes[request.Code] = request;
        return Task.FromResult(new DiscountCodeResult(DiscountOutcome.Created, $"gid://shopify/DiscountCodeNode/{request.Code}", []));
    }

    public Task<bool> DeleteDiscountCodeAsync(string shopDomain, string discountNodeId, CancellationToken ct)
    {
        Deleted.Add(discountNodeId);
        return Task.FromResult(true);
    }
}

/// <summary>Renders a recognisable email from the model; can fail the next renders to stand in for a crash.</summary>
public sealed class FakeEmailTemplates : IEmailTemplates
{
    public int FailNextRenders { get; set; }
    public List<EmailModel> Models { get; } = [];

    public IReadOnlyList<TemplateError> Validate(TemplateSource source) => [];

    public RenderedEmail Render(TemplateSource source, EmailModel model)
    {
        if (FailNextRenders > 0)
        {
            FailNextRenders--;
            throw new InvalidOperationException("Simulated crash after the ledger commit");
        }
        Models.Add(model);
        var discount = model.Discount is { } d ? $" code {d.Code} {d.Percentage}% free-shipping:{d.FreeShipping} codes:{string.Join(",", d.Codes)}" : "";
        return new RenderedEmail($"{source.Subject} for {model.Customer.Email}", "", $"<a href=\"{model.RecoveryUrl}\">back</a>{discount}",
            $"{model.Cart.Total} {model.Cart.Currency}{discount}");
    }

    public TemplateSource Default(int stepNumber, string variant) => new($"Step {stepNumber} ({variant})", "", "", "");
}
