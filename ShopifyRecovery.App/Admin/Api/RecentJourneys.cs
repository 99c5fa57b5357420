using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record JourneyWithFacts(Journey Journey, SegmentFacts Facts);

/// <summary>
/// The shop's recent journeys with the facts segment rules look at, from what is stored (cached customer profiles,
/// earlier journeys and codes): previews and estimates must be instant and must not spend the shop's Admin API budget.
/// </summary>
public sealed class RecentJourneys(RecoveryDbContext db, TimeProvider clock)
{
    public const int DefaultLimit = 50;

    public async Task<IReadOnlyList<JourneyWithFacts>> LoadAsync(long shopId, int limit, DateTimeOffset? since, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = db.Set<Journey>().AsNoTracking().Where(j => j.ShopId == shopId);
        if (since is { } from)
            query = query.Where(j => j.CreatedAt >= from);
        var journeys = await query.OrderByDescending(j => j.CreatedAt).Take(limit).ToListAsync(ct);
        if (journeys.Count == 0)
            return [];

        var customerIds = journeys.Where(j => j.CustomerId != null).Select(j => j.CustomerId!.Value).Distinct().ToList();
        // Stored normalized (EmailAddresses.Normalize), so equality is enough and the (shop, email) index applies.
        var emails = journeys.Where(j => j.Email != null).Select(j => j.Email!).Distinct().ToList();
        var profiles = await db.Set<CustomerProfile>().AsNoTracking()
            .Where(p => p.ShopId == shopId && customerIds.Contains(p.CustomerId))
            .ToDictionaryAsync(p => p.CustomerId, ct);

        var oldest = journeys.Min(j => j.CreatedAt);
        var windowStart = oldest - CustomerFactsProvider.DiscountSeekerWindow;
        var related = await db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && j.CreatedAt >= windowStart
                && ((j.CustomerId != null && customerIds.Contains(j.CustomerId.Value)) || (j.Email != null && emails.Contains(j.Email))))
            .Select(j => new { j.Id, j.CustomerId, j.Email, j.CreatedAt })
            .ToListAsync(ct);
        var codes = await db.Set<IssuedDiscount>().AsNoTracking()
            .Where(d => d.ShopId == shopId && d.CreatedAt >= windowStart
                && ((d.CustomerId != null && customerIds.Contains(d.CustomerId.Value)) || (d.Email != null && emails.Contains(d.Email))))
            .Select(d => new { d.JourneyId, d.CustomerId, d.Email, d.CreatedAt })
            .ToListAsync(ct);

        return journeys.Select(journey =>
        {
            var email = journey.Email;
            bool Same(long? customerId, string? otherEmail) =>
                (journey.CustomerId != null && customerId == journey.CustomerId) || (email != null && otherEmail == email);
            // The same windows the step handler uses, counted from now as it would at send time.
            var journeysIn30Days = related.Count(r => Same(r.CustomerId, r.Email) && r.CreatedAt >= now - CustomerFactsProvider.RepeatAbandonerWindow);
            var codeBefore = codes.Any(c => c.JourneyId != journey.Id && Same(c.CustomerId, c.Email)
                && c.CreatedAt < journey.CreatedAt && c.CreatedAt >= now - CustomerFactsProvider.DiscountSeekerWindow);
            var profile = journey.CustomerId is { } id ? profiles.GetValueOrDefault(id) : null;
            return new JourneyWithFacts(journey, CustomerFactsProvider.Compute(journey, profile, journeysIn30Days, codeBefore, now));
        }).ToList();
    }
}
