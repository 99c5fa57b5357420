using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Segments;

/// <summary>
/// Gathers the facts segment rules look at: the customer's history from the Admin API (cached for a day in
/// <see cref="CustomerProfile"/>), the cart, and our own records (earlier journeys and codes).
/// </summary>
public sealed class CustomerFactsProvider(RecoveryDbContext db, IShopifyAdmin admin, TimeProvider clock, ILogger<CustomerFactsProvider> logger)
{
    public static readonly TimeSpan ProfileLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan RepeatAbandonerWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan DiscountSeekerWindow = TimeSpan.FromDays(90);

    public async Task<(SegmentFacts Facts, CustomerProfile? Profile)> GatherAsync(string shopDomain, Journey journey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var profile = journey.CustomerId is { } customerId ? await ProfileAsync(shopDomain, journey.ShopId, customerId, now, ct) : null;
        var email = EmailAddresses.NormalizeOrNull(journey.Email);
        var customerId2 = journey.CustomerId;

        var since = now - RepeatAbandonerWindow;
        var recentJourneys = await SameCustomer.Journeys(
                db.Set<Journey>().Where(j => j.ShopId == journey.ShopId && j.CreatedAt >= since), customerId2, email)
            .CountAsync(ct);
        var codeSince = now - DiscountSeekerWindow;
        var codeBeforeThisJourney = await SameCustomer.Discounts(
                db.Set<IssuedDiscount>().Where(d => d.ShopId == journey.ShopId && d.JourneyId != journey.Id && d.CreatedAt >= codeSince && d.CreatedAt < journey.CreatedAt),
                customerId2, email)
            .AnyAsync(ct);

        var facts = Compute(journey, profile, recentJourneys, codeBeforeThisJourney, now);
        return (facts, profile);
    }

    /// <summary>Pure: the facts from what was gathered.</summary>
    public static SegmentFacts Compute(Journey journey, CustomerProfile? profile, int journeysIn30Days, bool receivedCodeBefore, DateTimeOffset now)
    {
        var orders = profile?.OrdersCount ?? 0;
        var spent = profile?.AmountSpent ?? 0m;
        // "Mostly with codes": more than half of at least two recent orders.
        var codeHabit = profile is { RecentOrders: >= 2 } p && p.RecentOrdersWithDiscount * 2 > p.RecentOrders;
        return new SegmentFacts
        {
            CartValue = journey.ShopTotal,
            OrdersCount = orders,
            AmountSpent = spent,
            LastOrderAt = profile?.LastOrderAt,
            Rfm = Rfm.Score(orders, spent, profile?.LastOrderAt, now),
            RepeatAbandoner = journeysIn30Days >= 2,
            DiscountSeeker = codeHabit || receivedCodeBefore,
            ProductTypes = CartJson.Read(journey.CartJson).Select(l => l.ProductType).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        };
    }

    /// <summary>
    /// Fetches the customer from the Admin API when the cached profile is missing or stale, and saves it in its own
    /// short transaction. Call it before the step's transaction: SQLite transactions begin IMMEDIATE, so a Shopify round
    /// trip inside one would hold the database's one write lock (and with it every webhook acknowledgement) throughout.
    /// </summary>
    public async Task RefreshProfileAsync(string shopDomain, Journey journey, CancellationToken ct)
    {
        if (journey.CustomerId is not { } customerId)
            return;
        var now = clock.GetUtcNow();
        var profile = await CachedAsync(journey.ShopId, customerId, ct);
        if (IsFresh(profile, now) || await FetchAsync(shopDomain, customerId, ct) is not { } fetched)
            return;
        profile = Upsert(profile, journey.ShopId, customerId, fetched, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another journey of the same customer saved the profile first; theirs is as fresh as ours.
        }
        finally
        {
            db.Entry(profile).State = EntityState.Detached;
        }
    }

    /// <summary>The cached profile; fetched here, inside the caller's transaction, only if no refresh ran first.</summary>
    async Task<CustomerProfile?> ProfileAsync(string shopDomain, long shopId, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var profile = await CachedAsync(shopId, customerId, ct);
        if (IsFresh(profile, now) || await FetchAsync(shopDomain, customerId, ct) is not { } fetched)
            return profile;
        return Upsert(profile, shopId, customerId, fetched, now);
    }

    Task<CustomerProfile?> CachedAsync(long shopId, long customerId, CancellationToken ct) =>
        db.Set<CustomerProfile>().SingleOrDefaultAsync(c => c.ShopId == shopId && c.CustomerId == customerId, ct);

    static bool IsFresh(CustomerProfile? profile, DateTimeOffset now) => profile is not null && now - profile.FetchedAt < ProfileLifetime;

    async Task<CustomerFacts?> FetchAsync(string shopDomain, long customerId, CancellationToken ct)
    {
        try
        {
            return await admin.GetCustomerAsync(shopDomain, customerId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Segmenting on yesterday's facts (or none) beats not sending; the guardrails cap any discount anyway.
            RecoveryLog.CustomerFactsUnavailable(logger, shopDomain, e);
            return null;
        }
    }

    CustomerProfile Upsert(CustomerProfile? profile, long shopId, long customerId, CustomerFacts fetched, DateTimeOffset now)
    {
        if (profile is null)
        {
            profile = new CustomerProfile { ShopId = shopId, CustomerId = customerId };
            db.Set<CustomerProfile>().Add(profile);
        }
        profile.Email = fetched.Email;
        profile.OrdersCount = fetched.OrdersCount;
        profile.AmountSpent = fetched.AmountSpent;
        profile.LastOrderAt = fetched.LastOrderAt?.ToUniversalTime();
        profile.Tags = string.Join(',', fetched.Tags);
        profile.MarketingState = fetched.EmailMarketingState?.ToLowerInvariant();
        profile.RecentOrders = fetched.RecentOrders;
        profile.RecentOrdersWithDiscount = fetched.RecentOrdersWithDiscount;
        profile.FetchedAt = now;
        return profile;
    }
}
