using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Experiments;

public sealed record ArmSendRow(string? LedgerKey, long Sends, long Opens, long Clicks);

public sealed record ArmOrderRow(string? LedgerKey, long Orders, decimal Paid, decimal DiscountCost);

/// <summary>An arm's sends during the test (rollout sends after the winner are not the test's), aggregated in the database.</summary>
public static class ExperimentQueries
{
    static IQueryable<EmailSend> ArmSends(RecoveryDbContext db, Experiment experiment)
    {
        var keys = experiment.Arms.Select(experiment.LedgerKey).ToList();
        var started = experiment.StartedAt ?? experiment.CreatedAt;
        var sends = db.Set<EmailSend>().AsNoTracking()
            .Where(s => s.ShopId == experiment.ShopId && keys.Contains(s.ExperimentArm!) && s.CreatedAt >= started
                && s.Step == experiment.Step && (s.Status == SendStatusKind.Sent || s.Status == SendStatusKind.Unknown));
        if (experiment.EndedAt is { } ended)
            sends = sends.Where(s => s.CreatedAt < ended);
        return sends;
    }

    public static IQueryable<ArmSendRow> Sends(RecoveryDbContext db, Experiment experiment) =>
        ArmSends(db, experiment)
            .GroupBy(s => s.ExperimentArm)
            .Select(g => new ArmSendRow(g.Key, g.LongCount(), g.LongCount(s => s.OpenedAt != null), g.LongCount(s => s.ClickedAt != null)));

    public static IQueryable<ArmOrderRow> Orders(RecoveryDbContext db, Experiment experiment) =>
        ArmSends(db, experiment)
            .Join(db.Set<Journey>(), s => s.JourneyId, j => j.Id, (s, j) => new { s.ExperimentArm, j.Status, j.Attribution, j.RecoveredRevenue, j.DiscountCost })
            .Where(x => x.Status == JourneyStatus.Recovered
                && (x.Attribution == Attribution.AfterClick || x.Attribution == Attribution.AfterOpen || x.Attribution == Attribution.AfterSend))
            .GroupBy(x => x.ExperimentArm)
            .Select(g => new ArmOrderRow(g.Key, g.LongCount(), g.Sum(x => x.RecoveredRevenue) ?? 0m, g.Sum(x => x.DiscountCost) ?? 0m));

    public static async Task<IReadOnlyList<ArmCounts>> CountsAsync(RecoveryDbContext db, Experiment experiment, CancellationToken ct)
    {
        if (experiment.Status == ExperimentStatus.Draft)
            return [];
        var sends = await Sends(db, experiment).ToListAsync(ct);
        var orders = await Orders(db, experiment).ToListAsync(ct);
        return experiment.Arms.Select(arm =>
        {
            var key = experiment.LedgerKey(arm);
            var s = sends.FirstOrDefault(r => r.LedgerKey == key);
            var o = orders.FirstOrDefault(r => r.LedgerKey == key);
            return new ArmCounts(key, s?.Sends ?? 0, s?.Opens ?? 0, s?.Clicks ?? 0, o?.Orders ?? 0, o?.Paid ?? 0m, o?.DiscountCost ?? 0m);
        }).ToList();
    }
}
