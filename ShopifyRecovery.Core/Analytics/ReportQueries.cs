using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Analytics;

/// <summary>Checkouts abandoned in the period, by arm and status. Revenue is the order totals (what was paid).</summary>
public sealed record ArmStatusRow(bool IsHoldout, JourneyStatus Status, long Journeys, decimal Paid, decimal DiscountCost);

/// <summary>Checkouts abandoned in the period and not held out, by the segment they were put in.</summary>
public sealed record SegmentCountRow(string? Segment, long Journeys);

/// <summary>Orders recovered in the period (holdout included, flagged by its attribution), by attribution, step and segment.</summary>
public sealed record RecoveredRow(Attribution Attribution, int? Step, string? Segment, long Orders, decimal Paid, decimal DiscountCost);

/// <summary>Emails sent in the period by step, with how many were delivered, opened and clicked.</summary>
public sealed record SendRow(int Step, long Sent, long Delivered, long Opened, long Clicked);

/// <summary>Counted recovered orders by the incentive their journey was offered (the largest percent, and free shipping).</summary>
public sealed record TierRow(decimal? Percent, bool FreeShipping, long Orders, decimal Paid, decimal DiscountCost);

/// <summary>
/// The report's queries, each one aggregate the database computes and returns in a handful of rows. They use only
/// what EF translates for both SQLite and SQL Server (the tests compile each for SQL Server), and each is served by
/// one index from <see cref="AnalyticsIndexConfiguration"/>.
/// </summary>
public static class ReportQueries
{
    static readonly bool[] BothArms = [false, true];
    static readonly JourneyStatus[] EveryStatus = Enum.GetValues<JourneyStatus>();
    static readonly int[] EveryStep = Enumerable.Range(1, FlowSettings.MaxSteps).ToArray();
    static readonly SendStatusKind[] SentStatuses = [SendStatusKind.Sent, SendStatusKind.Unknown];

    // The IN lists over every value of a small column are not filters: they let the database seek each
    // (arm, status) or (step, status) slice of the index and group in index order, instead of sorting the rows.
    // On SQLite that is the difference between ~1 µs and ~0.1 µs per checkout.

    public static IQueryable<ArmStatusRow> Arms(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to) =>
        db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && BothArms.Contains(j.IsHoldout) && EveryStatus.Contains(j.Status) && j.CreatedAt >= from && j.CreatedAt < to)
            .GroupBy(j => new { j.IsHoldout, j.Status })
            .Select(g => new ArmStatusRow(g.Key.IsHoldout, g.Key.Status, g.LongCount(),
                g.Sum(j => j.RecoveredRevenue) ?? 0m, g.Sum(j => j.DiscountCost) ?? 0m));

    /// <summary>The named segments' journeys; a list of names (not a GROUP BY over any name) so each is one index seek.</summary>
    public static IQueryable<SegmentCountRow> Segments(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> segments) =>
        db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && !j.IsHoldout && segments.Contains(j.Segment!) && j.CreatedAt >= from && j.CreatedAt < to)
            .GroupBy(j => j.Segment)
            .Select(g => new SegmentCountRow(g.Key, g.LongCount()));

    public static IQueryable<Journey> Unsegmented(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to) =>
        db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && !j.IsHoldout && j.Segment == null && j.CreatedAt >= from && j.CreatedAt < to);

    public static IQueryable<RecoveredRow> Recovered(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to) =>
        db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && j.Status == JourneyStatus.Recovered && j.RecoveredAt >= from && j.RecoveredAt < to)
            .GroupBy(j => new { j.Attribution, j.AttributedStep, j.Segment })
            .Select(g => new RecoveredRow(g.Key.Attribution, g.Key.AttributedStep, g.Key.Segment, g.LongCount(),
                g.Sum(j => j.RecoveredRevenue) ?? 0m, g.Sum(j => j.DiscountCost) ?? 0m));

    /// <summary>Sent means the provider took it, or may have (an unknown outcome is never resent, so it counts).</summary>
    public static IQueryable<SendRow> Sends(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to) =>
        db.Set<EmailSend>().AsNoTracking()
            .Where(s => s.ShopId == shopId && EveryStep.Contains(s.Step) && SentStatuses.Contains(s.Status) && s.CreatedAt >= from && s.CreatedAt < to)
            .GroupBy(s => s.Step)
            .Select(g => new SendRow(g.Key, g.LongCount(), g.LongCount(s => s.DeliveredAt != null),
                g.LongCount(s => s.OpenedAt != null), g.LongCount(s => s.ClickedAt != null)));

    /// <summary>Codes that failed to be created were never offered; every other issued code was.</summary>
    public static IQueryable<TierRow> IncentiveTiers(RecoveryDbContext db, long shopId, DateTimeOffset from, DateTimeOffset to)
    {
        var freeShipping = nameof(DiscountKind.FreeShipping);
        // By journey only: the journeys are the shop's already, and a shop filter here leads SQLite to the
        // (ShopId, Code) index and a scan of every code of the shop for each order.
        var offers = db.Set<IssuedDiscount>().Where(d => d.Status != DiscountStatus.Failed);
        return db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && j.Status == JourneyStatus.Recovered && j.RecoveredAt >= from && j.RecoveredAt < to
                && (j.Attribution == Attribution.AfterClick || j.Attribution == Attribution.AfterOpen || j.Attribution == Attribution.AfterSend))
            .Select(j => new
            {
                Percent = offers.Where(d => d.JourneyId == j.Id).Max(d => d.Percentage),
                FreeShipping = offers.Any(d => d.JourneyId == j.Id && d.Kind == freeShipping),
                j.RecoveredRevenue,
                j.DiscountCost,
            })
            .GroupBy(x => new { x.Percent, x.FreeShipping })
            .Select(g => new TierRow(g.Key.Percent, g.Key.FreeShipping, g.LongCount(),
                g.Sum(x => x.RecoveredRevenue) ?? 0m, g.Sum(x => x.DiscountCost) ?? 0m));
    }

    public static bool IsCounted(Attribution attribution) =>
        attribution is Attribution.AfterClick or Attribution.AfterOpen or Attribution.AfterSend;
}
