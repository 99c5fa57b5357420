namespace ShopifyRecovery.Recovery;

/// <summary>A ledger row as attribution sees it.</summary>
public sealed record LedgerFacts(int Step, SendStatusKind Status, string? SkipReason, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset? OpenedAt, DateTimeOffset? ClickedAt, DateTimeOffset? AttemptedAt = null);

public sealed record AttributionResult(Attribution Attribution, int? Step);

/// <summary>
/// How an order relates to what we sent, strongest evidence first: a click, an open, a send. Holdout journeys
/// are attributed to the holdout once a step would have gone out, so lift compares like with like. An order that
/// came before any email is not ours to claim.
/// </summary>
public static class AttributionRules
{
    public static AttributionResult Attribute(bool isHoldout, IReadOnlyCollection<LedgerFacts> ledger, DateTimeOffset orderAt)
    {
        if (isHoldout)
        {
            var wouldHaveSent = ledger.Where(l => l.Status == SendStatusKind.Skipped && l.SkipReason == SkipReasons.Holdout && l.CreatedAt <= orderAt)
                .MaxBy(l => l.Step);
            return wouldHaveSent is null ? new(Attribution.None, null) : new(Attribution.Holdout, wouldHaveSent.Step);
        }
        var clicked = ledger.Where(l => l.ClickedAt is { } at && at <= orderAt).MaxBy(l => l.ClickedAt);
        if (clicked is not null)
            return new(Attribution.AfterClick, clicked.Step);
        var opened = ledger.Where(l => l.OpenedAt is { } at && at <= orderAt).MaxBy(l => l.OpenedAt);
        if (opened is not null)
            return new(Attribution.AfterOpen, opened.Step);
        // Unknown outcomes count: the provider may well have delivered them, and they are never resent. So does a
        // send still being settled: the provider call has started (the email may be in the inbox already) and the
        // order landed before the worker recorded the result.
        var sent = ledger.Where(l => MayHaveGoneOut(l) && (l.SentAt ?? l.AttemptedAt ?? l.CreatedAt) <= orderAt)
            .MaxBy(l => l.Step);
        return sent is null ? new(Attribution.None, null) : new(Attribution.AfterSend, sent.Step);
    }

    static bool MayHaveGoneOut(LedgerFacts row) =>
        row.Status is SendStatusKind.Sent or SendStatusKind.Unknown || row.Status is SendStatusKind.Pending && row.AttemptedAt is not null;
}

public enum OrderChange
{
    /// <summary>The journey closed as Recovered and carries the order's revenue and attribution.</summary>
    Recovered,
    /// <summary>The shopper bought before any email (or the order was cancelled): closed as Completed, nothing claimed.</summary>
    CompletedWithoutUs,
    /// <summary>This order was applied before (orders/create then orders/paid, or reconciliation).</summary>
    AlreadyApplied,
    /// <summary>The journey was closed some other way (expired, deleted, suppressed) or already has another order.</summary>
    Ignored,
}

public static class OrderRules
{
    /// <summary>
    /// Closes the journey for an order, at once, so no further step can send. A journey that closed as Completed
    /// because its checkout completed may still be upgraded to Recovered: the checkout and order webhooks race.
    /// </summary>
    public static OrderChange Apply(Journey journey, OrderSnapshot order, AttributionResult attribution, decimal discountCost, DateTimeOffset now)
    {
        if (journey.RecoveredOrderId == order.OrderId)
            return OrderChange.AlreadyApplied;
        if (journey.RecoveredOrderId is not null)
            return OrderChange.Ignored;
        var open = journey.Status == JourneyStatus.Active
            || journey.Status == JourneyStatus.Completed && journey.CloseReason == CloseReasons.CheckoutCompleted;
        if (!open)
            return OrderChange.Ignored;

        journey.RecoveredOrderId = order.OrderId;
        if (order.CancelledAt is not null || attribution.Attribution == Attribution.None)
        {
            var reason = order.CancelledAt is not null ? CloseReasons.OrderCancelled : CloseReasons.OrderBeforeFirstEmail;
            if (!JourneyMachine.Close(journey, JourneyStatus.Completed, reason, now))
                journey.CloseReason = reason;
            return OrderChange.CompletedWithoutUs;
        }
        journey.Status = JourneyStatus.Recovered;
        journey.CloseReason = CloseReasons.OrderPlaced;
        journey.ClosedAt ??= now;
        journey.NextStepDueAt = null;
        journey.RecoveredAt = order.CreatedAt == DateTimeOffset.MinValue ? now : order.CreatedAt;
        journey.RecoveredRevenue = order.Total;
        journey.DiscountCost = discountCost;
        journey.Attribution = attribution.Attribution;
        journey.AttributedStep = attribution.Step;
        return OrderChange.Recovered;
    }
}
