using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Segments;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// A journey step is due. Delivery is at least once, so the guard is the ledger's unique (journey, step) key and
/// the fenced attempt, never an <c>if</c>:
/// <list type="number">
/// <item>Phase one, one transaction: decide-at-send, guards, segment, incentive; a skip, deferral or drop commits with
/// the inbox record and ends here; a send commits a pending ledger row (and its discount rows) without the inbox record.</item>
/// <item>Phase two: codes, render, one fenced provider call (see <see cref="StepDelivery"/>).</item>
/// <item>Settle, one transaction: the ledger outcome, the journey moves on, the next step is scheduled, the inbox record.</item>
/// </list>
/// A crash anywhere before the inbox record leaves a pending row that the redelivered message resumes.
/// </summary>
public sealed class JourneyStepDueHandler(
    RecoveryDbContext db,
    ShopSettingsStore settingsStore,
    StepPlanner planner,
    IExperimentAssigner experiments,
    CustomerFactsProvider facts,
    StepDelivery delivery,
    JourneyScheduler scheduler,
    OutboxRelay relay,
    IOptions<BillingOptions> billing,
    TimeProvider clock,
    ILogger<JourneyStepDueHandler> logger) : IMessageHandler<JourneyStepDue>
{
    public const string Consumer = "journey-steps";

    public async Task HandleAsync(Message<JourneyStepDue> message, CancellationToken ct)
    {
        var due = message.Body;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["ShopDomain"] = due.ShopDomain, ["JourneyId"] = due.JourneyId, ["Step"] = due.Step,
        });

        await RefreshCustomerAsync(due, ct);

        Shop shop;
        JourneyFlow flow;
        Guid ledgerId;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (await AlreadyHandledAsync(message.MessageId, ct))
                return;
            var found = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == due.ShopDomain, ct);
            var journey = found is null ? null : await db.Set<Journey>().SingleOrDefaultAsync(j => j.Id == due.JourneyId && j.ShopId == found.Id, ct);
            if (found is null || journey is null)
            {
                // The shop or the customer was redacted since this was scheduled.
                await FinishAsync(message.MessageId, transaction, ct);
                return;
            }
            shop = found;
            var settings = await settingsStore.LoadAsync(shop.Id, ct);
            flow = await experiments.FlowAsync(shop.Id, journey.Id, settings.Flow, ct);
            var existing = await db.Set<EmailSend>().AsNoTracking().SingleOrDefaultAsync(s => s.JourneyId == journey.Id && s.Step == due.Step, ct);
            if (existing is { Status: not SendStatusKind.Pending })
            {
                // The step was settled by an earlier delivery (or another message for the same step).
                await FinishAsync(message.MessageId, transaction, ct);
                return;
            }
            if (existing is null)
            {
                var plan = await planner.PlanAsync(shop, journey, due, settings, flow, ct);
                if (plan is StepPlan.Settled)
                {
                    await FinishAsync(message.MessageId, transaction, ct);
                    return;
                }
                ledgerId = ((StepPlan.PendingSend)plan).Ledger.Id;
                // Committed before the provider is called: from here on the step exists exactly once.
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            else
            {
                ledgerId = existing.Id;
            }
        }
        db.ChangeTracker.Clear();

        var outcome = await delivery.DeliverAsync(shop, ledgerId, ct);
        await SettleAsync(message.MessageId, shop, ledgerId, outcome, flow, ct);
        if (outcome.Status == SendStatusKind.Sent)
        {
            RecoveryLog.StepSent(logger, shop.Domain, due.JourneyId, due.Step);
            RecoveryMetrics.EmailSent(due.Step);
        }
        else if (outcome.Status == SendStatusKind.Skipped && outcome.SkipReason is { } reason)
        {
            RecoveryMetrics.SendSkipped(reason);
        }
    }

    /// <summary>
    /// The one network call of phase one (the customer's facts from the Admin API) runs before its transaction, so a
    /// slow Shopify holds no lock; the planner then reads the fresh cached profile. A shop that cannot send (see
    /// <see cref="SendGuards.ForShop"/>) is not asked: the step will be skipped without the facts.
    /// </summary>
    async Task RefreshCustomerAsync(JourneyStepDue due, CancellationToken ct)
    {
        var found = await db.Set<Journey>().AsNoTracking()
            .Where(j => j.Id == due.JourneyId && j.Status == JourneyStatus.Active && j.CustomerId != null)
            .Join(db.Set<Shop>().AsNoTracking().Where(s => s.Domain == due.ShopDomain), j => j.ShopId, s => s.Id, (j, s) => new { Journey = j, Shop = s })
            .SingleOrDefaultAsync(ct);
        if (found is null
            || SendGuards.ForShop(found.Shop.Installed, found.Shop.SendsPaused, AppSubscriptions.AllowsSending(found.Shop, billing.Value)) is not null)
            return;
        await facts.RefreshProfileAsync(due.ShopDomain, found.Journey, ct);
    }

    /// <summary>
    /// Records the outcome and moves the journey on. A checkout webhook may bump the journey at the same moment; then
    /// the concurrency token fails this commit and it is redone on the fresh journey (the outcome is kept in memory).
    /// </summary>
    async Task SettleAsync(string messageId, Shop shop, Guid ledgerId, DeliveryOutcome outcome, JourneyFlow flow, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ledger = await db.Set<EmailSend>().SingleAsync(s => s.Id == ledgerId, ct);
            if (ledger.Status != SendStatusKind.Pending)
            {
                await FinishAsync(messageId, transaction, ct);
                return;
            }
            var now = clock.GetUtcNow();
            ledger.Status = outcome.Status;
            ledger.SkipReason = outcome.SkipReason;
            ledger.ProviderMessageId = outcome.ProviderMessageId;
            ledger.Error = outcome.Error;
            if (outcome.Status is SendStatusKind.Sent or SendStatusKind.Unknown)
                ledger.SentAt = ledger.AttemptedAt ?? now;
            var journey = await db.Set<Journey>().SingleAsync(j => j.Id == ledger.JourneyId, ct);
            var emailed = outcome.Status is SendStatusKind.Sent or SendStatusKind.Unknown;
            JourneyEvents.Add(db, journey, EventFor(outcome.Status), now, ledger.Step, outcome.SkipReason ?? outcome.Error);
            if (JourneyMachine.Advance(journey, ledger.Step, emailed, flow.Flow, now) is { } next)
                scheduler.Schedule(shop.Domain, journey, next, delayArm: flow.DelayArmFor(next.Step));
            try
            {
                await FinishAsync(messageId, transaction, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                await transaction.RollbackAsync(ct);
            }
        }
    }

    static string EventFor(SendStatusKind status) => status switch
    {
        SendStatusKind.Sent => EventKinds.Sent,
        SendStatusKind.Skipped => EventKinds.Skipped,
        SendStatusKind.Failed => EventKinds.Failed,
        _ => EventKinds.Unknown,
    };

    async Task<bool> AlreadyHandledAsync(string messageId, CancellationToken ct) =>
        await db.Set<InboxEntry>().AnyAsync(e => e.Consumer == Consumer && e.MessageId == messageId, ct);

    async Task FinishAsync(string messageId, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        db.Set<InboxEntry>().Add(new InboxEntry { Consumer = Consumer, MessageId = messageId, ProcessedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        relay.Notify();
    }
}
