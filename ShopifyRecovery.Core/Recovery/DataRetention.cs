using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// Keeps only what the merchant agreed to keep: closed journeys (with their events, sends and codes) older than the
/// shop's retention days go, and so do handled-message and OAuth-nonce records once they can no longer matter.
/// </summary>
public sealed class DataRetention(RecoveryDbContext db, TimeProvider clock)
{
    /// <summary>Redeliveries and Shopify's retries (4 h, rarely a day late) never come after this.</summary>
    public static readonly TimeSpan InboxRetention = TimeSpan.FromDays(14);

    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var removed = 0;
        var shops = await db.Set<Shop>().AsNoTracking().Select(s => s.Id).ToListAsync(ct);
        foreach (var shopId in shops)
        {
            var days = await db.Set<ShopSettings>().Where(s => s.ShopId == shopId).Select(s => (int?)s.RetentionDays).SingleOrDefaultAsync(ct) ?? 365;
            var cutoff = now.AddDays(-Math.Max(1, days));
            // Cascades remove the journey's events, sends and issued-code records with it.
            removed += await db.Set<Journey>()
                .Where(j => j.ShopId == shopId && j.Status != JourneyStatus.Active && j.ClosedAt != null && j.ClosedAt < cutoff)
                .ExecuteDeleteAsync(ct);
        }
        var inboxCutoff = now - InboxRetention;
        await db.Set<InboxEntry>().Where(e => e.ProcessedAt < inboxCutoff).ExecuteDeleteAsync(ct);
        var nonceCutoff = now.AddDays(-1);
        await db.Set<OAuthNonce>().Where(n => n.UsedAt < nonceCutoff).ExecuteDeleteAsync(ct);
        return removed;
    }
}

/// <summary>Runs <see cref="DataRetention"/> once a day in the process that runs the consumers.</summary>
public sealed class DataRetentionService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DataRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<DataRetention>().ApplyAsync(stoppingToken);
                RecoveryLog.RetentionApplied(logger, removed);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                RecoveryLog.RetentionFailed(logger, e);
            }
        }
        while (await NextAsync(timer, stoppingToken));
    }

    static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
