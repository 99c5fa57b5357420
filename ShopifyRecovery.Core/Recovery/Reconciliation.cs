using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// Webhooks can be late, lost or removed (Shopify retries for 4 hours only), so every shop is reconciled on a timer:
/// abandoned checkouts and orders updated since the last run go through the same code as webhooks (older or repeated
/// data changes nothing), idle journeys expire, sends whose message was lost are resumed, and expired unused codes
/// are deleted from the shop, and the shop's plan is read again.
/// </summary>
public sealed class ReconcileShopHandler(
    RecoveryDbContext db,
    IShopifyAdmin admin,
    JourneyIntake intake,
    ShopSettingsStore settingsStore,
    OutboxRelay relay,
    ShopPlans plans,
    IOptions<RecoveryOptions> options,
    TimeProvider clock,
    ILogger<ReconcileShopHandler> logger) : IMessageHandler<ReconcileShop>
{
    public const string Consumer = "reconcile";

    /// <summary>Overlap between runs, for clock skew between us and Shopify.</summary>
    static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    public async Task HandleAsync(Message<ReconcileShop> message, CancellationToken ct)
    {
        var shop = await db.Set<Shop>().AsNoTracking().SingleOrDefaultAsync(s => s.Domain == message.Body.ShopDomain && s.Installed, ct);
        if (shop is null)
            return;
        var now = clock.GetUtcNow();
        var since = (shop.LastReconciledAt ?? now - options.Value.FirstReconcileLookback) - Overlap;
        // Reads first, outside the transaction: a throttled call fails the message before anything is written.
        var orders = await admin.ListOrdersAsync(shop.Domain, since, ct);
        var checkouts = await admin.ListAbandonedCheckoutsAsync(shop.Domain, since, ct);

        int expired;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await db.TryRecordInboxAsync(Consumer, message.MessageId, now, ct))
                return;
            var tracked = await db.Set<Shop>().SingleAsync(s => s.Id == shop.Id, ct);
            var flow = (await settingsStore.LoadAsync(shop.Id, ct)).Flow;
            // Orders first: a checkout that was bought then never gets a journey that would only be closed again.
            foreach (var order in orders.OrderBy(o => o.CreatedAt))
                await intake.ApplyOrderAsync(tracked, ShopifyPayloads.FromAdmin(order), flow, ct);
            foreach (var checkout in checkouts.OrderBy(c => c.UpdatedAt))
                await intake.ApplyCheckoutAsync(tracked, ShopifyPayloads.FromAdmin(checkout, tracked.Currency), flow, ct);
            expired = await ExpireIdleJourneysAsync(tracked, flow, now, ct);
            await ResumeLostSendsAsync(tracked, now, ct);
            tracked.LastReconciledAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        relay.Notify();
        RecoveryLog.Reconciled(logger, shop.Domain, checkouts.Count, orders.Count, expired);
        await DeleteExpiredCodesAsync(shop, now, ct);
        // A lost app_subscriptions/update must not leave a paying shop unserved until its merchant opens the admin.
        await plans.RefreshAsync(shop.Id, ct);
    }

    async Task<int> ExpireIdleJourneysAsync(Shop shop, FlowSettings flow, DateTimeOffset now, CancellationToken ct)
    {
        var idleSince = now - flow.Expiry;
        var idle = await db.Set<Journey>()
            .Where(j => j.ShopId == shop.Id && j.Status == JourneyStatus.Active && j.LastActivityAt < idleSince)
            .Take(1000).ToListAsync(ct);
        foreach (var journey in idle)
        {
            JourneyMachine.Close(journey, JourneyStatus.Expired, CloseReasons.Expired, now);
            JourneyEvents.Add(db, journey, EventKinds.Closed, now, detail: CloseReasons.Expired);
        }
        return idle.Count;
    }

    /// <summary>
    /// A pending send whose message was dead-lettered (say, the provider was down for an hour) would wait forever:
    /// a fresh message resumes it; the handler's fence and timeout decide whether it may still be sent.
    /// </summary>
    async Task ResumeLostSendsAsync(Shop shop, DateTimeOffset now, CancellationToken ct)
    {
        var staleBefore = now - options.Value.StalePendingSendAfter;
        var lost = await db.Set<EmailSend>().AsNoTracking()
            .Where(s => s.ShopId == shop.Id && s.Status == SendStatusKind.Pending && s.CreatedAt < staleBefore)
            .Select(s => new { s.Id, s.JourneyId, s.Step })
            .Take(200).ToListAsync(ct);
        foreach (var send in lost)
        {
            var due = new JourneyStepDue(shop.Domain, send.JourneyId, send.Step, ActivityVersion: -1);
            var messageId = $"resume:{send.Id:N}:{now.ToUnixTimeSeconds()}";
            db.AddToOutbox(Queues.JourneySteps, MessageJson.Create(messageId, due) with { PartitionKey = shop.Domain }, now);
        }
    }

    /// <summary>Expired, unused codes are clutter in the merchant's discount list and count against Shopify's code cap.</summary>
    async Task DeleteExpiredCodesAsync(Shop shop, DateTimeOffset now, CancellationToken ct)
    {
        var expiredBefore = now - options.Value.ExpiredCodeGrace;
        var codes = await db.Set<IssuedDiscount>()
            .Where(d => d.ShopId == shop.Id && d.Status == DiscountStatus.Created && d.EndsAt < expiredBefore && d.ShopifyNodeId != null)
            .OrderBy(d => d.EndsAt).Take(100).ToListAsync(ct);
        foreach (var code in codes)
        {
            try
            {
                // False: Shopify no longer has it (deleted by hand); either way it is gone.
                await admin.DeleteDiscountCodeAsync(shop.Domain, code.ShopifyNodeId!, ct);
                code.Status = DiscountStatus.Deleted;
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RecoveryLog.CodeCleanupFailed(logger, shop.Domain, code.Id, e);
                return;
            }
        }
    }
}

/// <summary>
/// Every <see cref="RecoveryOptions.ReconcileInterval"/>, one <see cref="ReconcileShop"/> per installed shop. The
/// message id names the time slot, so several processes running this timer still reconcile each shop once.
/// </summary>
public sealed class ReconciliationTimer(IServiceScopeFactory scopes, IMessageBus bus, IOptions<RecoveryOptions> options,
    TimeProvider clock, ILogger<ReconciliationTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ReconcileTimerEnabled)
            return;
        var interval = options.Value.ReconcileInterval;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await PublishAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                RecoveryLog.ReconcileTimerFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task<int> PublishAsync(CancellationToken ct)
    {
        var interval = options.Value.ReconcileInterval;
        var now = clock.GetUtcNow();
        var slot = new DateTimeOffset(now.UtcTicks - now.UtcTicks % interval.Ticks, TimeSpan.Zero);
        List<string> domains;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
            domains = await db.Set<Shop>().Where(s => s.Installed).Select(s => s.Domain).ToListAsync(ct);
        }
        var messages = domains
            .Select(d => MessageJson.Create(ReconcileShop.MessageIdFor(d, slot), new ReconcileShop(d)) with { PartitionKey = d })
            .ToList();
        if (messages.Count > 0)
            await bus.PublishBatchAsync(Queues.JourneySteps, messages, ct);
        return messages.Count;
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
