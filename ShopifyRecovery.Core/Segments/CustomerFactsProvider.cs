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
        var recentJourneys = await db.Set<Journey>()
            .Where(j => j.ShopId == journey.ShopId && j.CreatedAt >= since
                && ((customerId2 != null && j.CustomerId == customerId2) || (email != null && j.Email == email)))
            .CountAsync(ct);
        var codeSince = now - DiscountSeekerWindow;
        var codeBeforeThisJourney = await db.Set<IssuedDiscount>()
            .Where(d => d.ShopId == journey.ShopId && d.JourneyId != journey.Id && d.CreatedAt >= codeSince && d.CreatedAt < journey.CreatedAt
                && ((customerId2 != null && d.CustomerId == customerId2) || (email != null && d.Email == email)))
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

    async Task<CustomerProfile?> ProfileAsync(string shopDomain, long shopId, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var profile = await db.Set<CustomerProfile>().SingleOrDefaultAsync(c => c.ShopId == shopId && c.CustomerId == customerId, ct);
        if (profile is not null && now - profile.FetchedAt < ProfileLifetime)
            return profile;
        CustomerFacts? fetched;
        try
        {
            fetched = await admin.GetCustomerAsync(shopDomain, customerId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Segmenting on yesterday's facts (or none) beats not sending; the guardrails cap any discount anyway.
            RecoveryLog.CustomerFactsUnavailable(logger, shopDomain, e);
            return profile;
        }
        if (fetched is null)
            return profile;
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
