using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Email;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// Applies checkouts and orders to journeys, for webhooks and reconciliation alike, inside the caller's transaction
/// (the caller saves). Every path is idempotent: a duplicate or older payload changes nothing.
/// </summary>
public sealed class JourneyIntake(RecoveryDbContext db, JourneyScheduler scheduler, IExperimentAssigner experiments, TimeProvider clock,
    ILogger<JourneyIntake> logger)
{
    public async Task<CheckoutChange?> ApplyCheckoutAsync(Shop shop, CheckoutSnapshot checkout, FlowSettings flow, CancellationToken ct)
    {
        if (!checkout.IsFromStorefront)
        {
            RecoveryLog.CheckoutNotFromStorefront(logger, shop.Domain, checkout.SourceName ?? "");
            return null;
        }
        var now = clock.GetUtcNow();
        var journey = await FindByTokenAsync(shop.Id, checkout.Token, ct);
        // The journey's own flow: a running send-delay test may give its next step another delay.
        var journeyId = journey?.Id ?? Guid.CreateVersion7(now);
        var journeyFlow = await experiments.FlowAsync(shop.Id, journeyId, flow, ct);
        CheckoutResult result;
        if (journey is null)
        {
            (journey, result) = JourneyMachine.Start(journeyId, shop.Id, shop.Currency, checkout, journeyFlow.Flow, now);
            db.Set<Journey>().Add(journey);
            JourneyEvents.Add(db, journey, EventKinds.Created, now, detail: journey.IsHoldout ? "holdout" : null);
            RecoveryLog.JourneyStarted(logger, shop.Domain, journey.Id, journey.IsHoldout);
        }
        else
        {
            result = JourneyMachine.ApplyCheckout(journey, checkout, journeyFlow.Flow, now);
            if (result.Change == CheckoutChange.Updated)
                JourneyEvents.Add(db, journey, EventKinds.Updated, now, detail: $"activity v{journey.ActivityVersion}");
        }
        if (result.Change is CheckoutChange.Completed or CheckoutChange.Expired)
            JourneyEvents.Add(db, journey, EventKinds.Closed, now, detail: journey.CloseReason);
        if (result.Schedule is { } schedule)
            scheduler.Schedule(shop.Domain, journey, schedule, delayArm: journeyFlow.DelayArmFor(schedule.Step));
        return result.Change;
    }

    /// <summary>checkouts/delete names the checkout by id and cart token only (2026-04 payloads have no token).</summary>
    public async Task<int> CloseDeletedAsync(Shop shop, string? checkoutToken, string? cartToken, CancellationToken ct)
    {
        if (checkoutToken is null && cartToken is null)
            return 0;
        var now = clock.GetUtcNow();
        var journeys = await db.Set<Journey>()
            .Where(j => j.ShopId == shop.Id && j.Status == JourneyStatus.Active
                && (j.CheckoutToken == checkoutToken || (cartToken != null && j.CartToken == cartToken)))
            .ToListAsync(ct);
        foreach (var journey in journeys)
        {
            if (JourneyMachine.Close(journey, JourneyStatus.Expired, CloseReasons.CheckoutDeleted, now))
                JourneyEvents.Add(db, journey, EventKinds.Closed, now, detail: CloseReasons.CheckoutDeleted);
        }
        return journeys.Count;
    }

    public async Task<OrderChange?> ApplyOrderAsync(Shop shop, OrderSnapshot order, FlowSettings flow, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var orderAt = order.CreatedAt == DateTimeOffset.MinValue ? now : order.CreatedAt;
        var discountCost = await MarkCodesUsedAsync(shop.Id, order, orderAt, ct);

        var journey = order.CheckoutToken is null ? null : await FindByTokenAsync(shop.Id, order.CheckoutToken, ct);
        journey ??= await FindByCustomerAsync(shop.Id, order, orderAt, flow, ct);
        if (journey is null)
        {
            if (order.CheckoutToken is not null)
                AddClosedStub(shop, order, now);
            return null;
        }

        var ledger = await db.Set<EmailSend>().Where(s => s.JourneyId == journey.Id)
            .Select(s => new LedgerFacts(s.Step, s.Status, s.SkipReason, s.CreatedAt, s.SentAt, s.OpenedAt, s.ClickedAt, s.AttemptedAt))
            .ToListAsync(ct);
        var attribution = AttributionRules.Attribute(journey.IsHoldout, ledger, orderAt);
        var change = OrderRules.Apply(journey, order, attribution, discountCost, now);
        if (change is OrderChange.Recovered)
        {
            JourneyEvents.Add(db, journey, EventKinds.Recovered, now, attribution.Step, $"{attribution.Attribution} order {order.OrderId}");
            RecoveryLog.JourneyRecovered(logger, shop.Domain, journey.Id, attribution.Attribution);
        }
        else if (change is OrderChange.CompletedWithoutUs)
        {
            JourneyEvents.Add(db, journey, EventKinds.Closed, now, detail: journey.CloseReason);
        }
        return change;
    }

    /// <summary>
    /// An order whose checkout we never saw (webhooks out of order): a closed journey holds its token, so the late
    /// checkout webhook cannot start reminders for something already bought.
    /// </summary>
    void AddClosedStub(Shop shop, OrderSnapshot order, DateTimeOffset now)
    {
        var journey = new Journey
        {
            Id = Guid.CreateVersion7(now),
            ShopId = shop.Id,
            CheckoutToken = order.CheckoutToken!,
            CustomerId = order.CustomerId,
            Email = EmailAddresses.NormalizeOrNull(order.Email),
            Status = JourneyStatus.Completed,
            CloseReason = CloseReasons.OrderBeforeCheckout,
            CreatedAt = now,
            ClosedAt = now,
            LastActivityAt = now,
            CheckoutUpdatedAt = DateTimeOffset.MaxValue,
            ShopCurrency = shop.Currency,
            PresentmentCurrency = order.Currency,
            RecoveredOrderId = order.OrderId,
        };
        db.Set<Journey>().Add(journey);
        JourneyEvents.Add(db, journey, EventKinds.Closed, now, detail: CloseReasons.OrderBeforeCheckout);
    }

    async Task<decimal> MarkCodesUsedAsync(long shopId, OrderSnapshot order, DateTimeOffset orderAt, CancellationToken ct)
    {
        if (order.DiscountCodes.Count == 0)
            return 0m;
        var codes = order.DiscountCodes.Select(c => c.Code.Trim().ToUpperInvariant()).ToList();
        var issued = await db.Set<IssuedDiscount>().Where(d => d.ShopId == shopId && codes.Contains(d.Code)).ToListAsync(ct);
        var cost = 0m;
        foreach (var discount in issued)
        {
            var used = order.DiscountCodes.First(c => string.Equals(c.Code.Trim(), discount.Code, StringComparison.OrdinalIgnoreCase));
            if (discount.Status != DiscountStatus.Used)
            {
                discount.Status = DiscountStatus.Used;
                discount.UsedAt = orderAt;
                discount.Cost = used.Amount;
            }
            cost += discount.Cost ?? 0m;
        }
        return cost;
    }

    async Task<Journey?> FindByTokenAsync(long shopId, string token, CancellationToken ct) =>
        db.Set<Journey>().Local.FirstOrDefault(j => j.ShopId == shopId && j.CheckoutToken == token)
        ?? await db.Set<Journey>().SingleOrDefaultAsync(j => j.ShopId == shopId && j.CheckoutToken == token, ct);

    /// <summary>The fallback when the order names no checkout we know: the same customer's active journey in the window.</summary>
    async Task<Journey?> FindByCustomerAsync(long shopId, OrderSnapshot order, DateTimeOffset orderAt, FlowSettings flow, CancellationToken ct)
    {
        var email = EmailAddresses.NormalizeOrNull(order.Email);
        if (order.CustomerId is null && string.IsNullOrEmpty(email))
            return null;
        var since = orderAt - flow.Expiry;
        var candidates = await SameCustomer.Journeys(
                db.Set<Journey>().Where(j => j.ShopId == shopId && j.Status == JourneyStatus.Active && j.CreatedAt >= since), order.CustomerId, email)
            .ToListAsync(ct);
        return candidates.Where(j => j.CreatedAt <= orderAt.AddMinutes(5)).MaxBy(j => j.LastActivityAt);
    }
}
