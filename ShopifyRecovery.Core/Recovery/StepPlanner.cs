using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Email;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Security;
using ShopifyRecovery.Segments;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>What phase one of a due step decided. Only <see cref="PendingSend"/> leads to a provider call.</summary>
public abstract record StepPlan
{
    /// <summary>Settled without an email: dropped, skipped, deferred, held out or expired; already in the unit of work.</summary>
    public sealed record Settled(string Outcome) : StepPlan;

    /// <summary>A pending ledger row (and its discount rows) to commit before anything leaves.</summary>
    public sealed record PendingSend(EmailSend Ledger) : StepPlan;
}

/// <summary>
/// Phase one of a due step, inside the handler's transaction: decide-at-send, the guards, the segment, the incentive,
/// and the ledger row. Nothing here calls a provider except the read of customer facts.
/// </summary>
public sealed class StepPlanner(
    RecoveryDbContext db,
    JourneyScheduler scheduler,
    CustomerFactsProvider facts,
    IExperimentAssigner experiments,
    AppSecrets secrets,
    IOptions<RecoveryOptions> recovery,
    IOptions<BillingOptions> billing,
    TimeProvider clock,
    ILogger<StepPlanner> logger)
{
    public async Task<StepPlan> PlanAsync(Shop shop, Journey journey, JourneyStepDue due, RecoverySettings settings, JourneyFlow journeyFlow,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var flow = journeyFlow.Flow;
        var decision = JourneyMachine.Decide(journey, due, flow, now);
        switch (decision.Verdict)
        {
            case StepVerdict.Drop:
                RecoveryLog.StepDropped(logger, shop.Domain, journey.Id, due.Step, decision.Reason);
                return new StepPlan.Settled("dropped:" + decision.Reason);
            case StepVerdict.Expire:
                JourneyMachine.Close(journey, JourneyStatus.Expired, CloseReasons.Expired, now);
                JourneyEvents.Add(db, journey, EventKinds.Closed, now, due.Step, CloseReasons.Expired);
                return new StepPlan.Settled("expired");
            case StepVerdict.Skip:
                return Skip(shop, journey, due.Step, decision.Reason, journeyFlow, now);
        }

        // The operators' kill switch: during an incident nothing leaves, and each step that would have says why.
        if (!recovery.Value.SendsEnabled)
            return Skip(shop, journey, due.Step, SkipReasons.SendsDisabled, journeyFlow, now);

        var planAllowsSending = AppSubscriptions.AllowsSending(shop, billing.Value);
        if (SendGuards.ForShop(shop.Installed, shop.SendsPaused, planAllowsSending) is { } shopSkip)
            return Skip(shop, journey, due.Step, shopSkip.Reason, journeyFlow, now);
        var (segmentFacts, profile) = await facts.GatherAsync(shop.Domain, journey, ct);
        var verdict = SendGuards.Evaluate(new GuardInput(
            ShopInstalled: shop.Installed,
            SendsPaused: shop.SendsPaused,
            PlanAllowsSending: planAllowsSending,
            Email: journey.Email,
            Suppression: await db.SuppressionOfAsync(shop.Id, journey.Email, secrets, ct),
            Consent: Consent.Of(journey.MarketingState, journey.BuyerAcceptsMarketing, profile?.MarketingState),
            CountryCode: journey.CountryCode,
            Step: due.Step,
            RecentRecoveryEmails: await RecentEmailsAsync(shop.Id, journey.Email, flow.FrequencyCap, now, ct),
            IsHoldout: journey.IsHoldout,
            Zone: TimeZones.Resolve(journey.TimeZone, shop.IanaTimeZone),
            Now: now), flow);

        switch (verdict.Outcome)
        {
            case GuardOutcome.Skip:
                return Skip(shop, journey, due.Step, verdict.Reason, journeyFlow, now);
            case GuardOutcome.Holdout:
                return Skip(shop, journey, due.Step, verdict.Reason, journeyFlow, now, EventKinds.Holdout);
            case GuardOutcome.Defer:
                var schedule = JourneyMachine.Defer(journey, due.Step, verdict.DeferUntil!.Value);
                var deliverAt = scheduler.Schedule(shop.Domain, journey, schedule, deferred: true, delayArm: due.DelayArm);
                RecoveryLog.StepDeferred(logger, shop.Domain, journey.Id, due.Step, deliverAt);
                return new StepPlan.Settled("deferred");
        }

        var match = SegmentEvaluator.Evaluate(settings.Segments, segmentFacts);
        // A running A/B test (or a rolled-out winner) overrides what the segment picked for this step.
        var arm = await experiments.AssignAsync(shop.Id, journey.Id, due.Step, ct);
        var variant = arm?.Overrides.TemplateVariant ?? match.Variant ?? flow.Step(due.Step).TemplateVariant;
        journey.Segment = match.RuleName;
        journey.Variant = variant;
        var incentive = IncentiveRules.Choose(new IncentiveInput(
            Step: due.Step,
            Flow: flow,
            Settings: settings.Incentives,
            PolicyName: arm?.Overrides.IncentivePolicy ?? match.Incentive,
            CartValue: segmentFacts.CartValue,
            DiscountSeeker: segmentFacts.DiscountSeeker,
            RuleAllowsDiscountSeekers: match.AllowDiscountSeekers,
            CustomerHasLiveCode: settings.Incentives.Guardrails.OneLiveCodePerCustomer && await HasLiveCodeAsync(journey, now, ct)));

        var ledger = new EmailSend
        {
            Id = Guid.CreateVersion7(now),
            ShopId = shop.Id,
            JourneyId = journey.Id,
            Step = due.Step,
            Status = SendStatusKind.Pending,
            Segment = match.RuleName,
            Variant = variant,
            ExperimentArm = CountsFor(arm, due),
            ToEmail = journey.Email!,
            CreatedAt = now,
        };
        db.Set<EmailSend>().Add(ledger);
        if (incentive.Any)
            ledger.DiscountCode = AddDiscounts(journey, due.Step, incentive, settings.Incentives.Guardrails, now);
        JourneyEvents.Add(db, journey, EventKinds.Planned, now, due.Step,
            $"segment {match.RuleName ?? "-"}, variant {variant}, incentive {match.Incentive}: {incentive.Reason}"
            + (incentive.Any ? $" {incentive.Percent}%{(incentive.FreeShipping ? " + free shipping" : "")}" : ""));
        return new StepPlan.PendingSend(ledger);
    }

    /// <summary>
    /// The arm a send counts for. A send-delay test's arm counts only when the step was scheduled under it: a step
    /// already on the bus when the test started kept the flow's delay whatever arm the journey falls in.
    /// </summary>
    static string? CountsFor(ArmAssignment? arm, JourneyStepDue due) =>
        arm is { Kind: ExperimentKind.SendDelay } && arm.LedgerKey != due.DelayArm ? null : arm?.LedgerKey;

    StepPlan Skip(Shop shop, Journey journey, int step, string reason, JourneyFlow journeyFlow, DateTimeOffset now, string kind = EventKinds.Skipped)
    {
        RecoveryMetrics.SendSkipped(reason);
        db.Set<EmailSend>().Add(new EmailSend
        {
            Id = Guid.CreateVersion7(now),
            ShopId = shop.Id,
            JourneyId = journey.Id,
            Step = step,
            Status = SendStatusKind.Skipped,
            SkipReason = reason,
            ToEmail = journey.Email ?? "",
            CreatedAt = now,
        });
        JourneyEvents.Add(db, journey, kind, now, step, reason);
        RecoveryLog.StepSkipped(logger, shop.Domain, journey.Id, step, reason);
        if (JourneyMachine.Advance(journey, step, emailed: false, journeyFlow.Flow, now) is { } next)
            scheduler.Schedule(shop.Domain, journey, next, delayArm: journeyFlow.DelayArmFor(next.Step));
        return new StepPlan.Settled(kind == EventKinds.Holdout ? "holdout" : "skipped:" + reason);
    }

    /// <returns>The codes of the step, the one the email leads with (the percentage code) first, comma-separated.</returns>
    string AddDiscounts(Journey journey, int step, Incentive incentive, Guardrails guardrails, DateTimeOffset now)
    {
        var key = DiscountCodes.Key(secrets);
        var kinds = new List<(DiscountKind Kind, decimal? Percent)>();
        if (incentive.Percent > 0)
            kinds.Add((DiscountKind.Percentage, incentive.Percent));
        if (incentive.FreeShipping)
            kinds.Add((DiscountKind.FreeShipping, null));
        foreach (var (kind, percent) in kinds)
        {
            db.Set<IssuedDiscount>().Add(new IssuedDiscount
            {
                ShopId = journey.ShopId,
                JourneyId = journey.Id,
                Step = step,
                Code = DiscountCodes.For(key, journey.Id, step, kind),
                Kind = kind.ToString(),
                Percentage = percent,
                CustomerId = journey.CustomerId,
                Email = journey.Email,
                Status = DiscountStatus.Pending,
                StartsAt = now,
                EndsAt = now.AddHours(guardrails.CodeValidityHours),
                CreatedAt = now,
            });
        }
        return string.Join(',', kinds.Select(k => DiscountCodes.For(key, journey.Id, step, k.Kind)));
    }

    /// <summary>Recovery emails to this address in the cap's window, across journeys; in-flight and unknown ones count.</summary>
    async Task<int> RecentEmailsAsync(long shopId, string? email, FrequencyCap cap, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email))
            return 0;
        var address = EmailAddresses.Normalize(email);
        var since = now.AddDays(-cap.Days);
        return await db.Set<EmailSend>()
            .Where(s => s.ShopId == shopId && s.CreatedAt >= since && s.ToEmail == address
                && (s.Status == SendStatusKind.Sent || s.Status == SendStatusKind.Unknown || s.Status == SendStatusKind.Pending))
            .CountAsync(ct);
    }

    async Task<bool> HasLiveCodeAsync(Journey journey, DateTimeOffset now, CancellationToken ct)
    {
        var customerId = journey.CustomerId;
        var email = EmailAddresses.NormalizeOrNull(journey.Email);
        return await SameCustomer.Discounts(
                db.Set<IssuedDiscount>().Where(d => d.ShopId == journey.ShopId && d.EndsAt > now
                    && (d.Status == DiscountStatus.Pending || d.Status == DiscountStatus.Created)),
                customerId, email)
            .AnyAsync(ct);
    }
}
