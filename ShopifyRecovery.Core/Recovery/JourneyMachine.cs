using ShopifyRecovery.Email;

namespace ShopifyRecovery.Recovery;

public enum CheckoutChange
{
    /// <summary>Newer checkout data: the journey took it and rescheduled its next step from this activity.</summary>
    Updated,
    /// <summary>The payload is not newer than what the journey has (a duplicate or out-of-order webhook): nothing changed.</summary>
    Stale,
    /// <summary>The journey is closed; a closed journey never reopens.</summary>
    Closed,
    /// <summary>The checkout was completed: the journey closed as Completed.</summary>
    Completed,
    /// <summary>The checkout's last activity is older than the flow's expiry: closed as Expired.</summary>
    Expired,
}

/// <summary>A step to put on the bus: due at <see cref="DueAt"/> (real time; the scheduler applies the time scale).</summary>
public sealed record StepSchedule(int Step, int ActivityVersion, DateTimeOffset DueAt);

public sealed record CheckoutResult(CheckoutChange Change, StepSchedule? Schedule);

public enum StepVerdict
{
    /// <summary>Go on to the guards and, if they pass, send.</summary>
    Proceed,
    /// <summary>The message is stale or redundant: record it as handled and do nothing else.</summary>
    Drop,
    /// <summary>The step is settled without an email (recorded in the ledger); the journey moves to the next step.</summary>
    Skip,
    /// <summary>The journey outlived its expiry: close it.</summary>
    Expire,
}

public sealed record StepDecision(StepVerdict Verdict, string Reason)
{
    public static readonly StepDecision Proceed = new(StepVerdict.Proceed, "due");
}

/// <summary>
/// The journey lifecycle, pure: <c>Active → Recovered | Completed | Suppressed | Expired</c>. Webhooks, reconciliation and
/// the step handler all change a journey only through here, so the rules that keep shoppers from a second or a late
/// email live in one place: older checkout data changes nothing, every activity bumps the version (so steps scheduled
/// before it are dropped), and only the journey's <see cref="Journey.NextStep"/> can be sent, once.
/// </summary>
public static class JourneyMachine
{
    public static (Journey Journey, CheckoutResult Result) Start(Guid id, long shopId, string shopCurrency, CheckoutSnapshot checkout,
        FlowSettings flow, DateTimeOffset now)
    {
        var journey = new Journey
        {
            Id = id,
            ShopId = shopId,
            CheckoutToken = checkout.Token,
            ShopCurrency = checkout.ShopCurrency ?? shopCurrency,
            PresentmentCurrency = checkout.PresentmentCurrency,
            Status = JourneyStatus.Active,
            CreatedAt = Min(checkout.CreatedAt, now),
            CheckoutUpdatedAt = DateTimeOffset.MinValue,
            LastActivityAt = checkout.UpdatedAt,
            // Decided once, from the id, so a replay or a second process reaches the same answer.
            IsHoldout = Holdout.IsHeldOut(id, flow.HoldoutPercent),
            NextStep = flow.NextEnabledStep(0),
        };
        return (journey, ApplyCheckout(journey, checkout, flow, now));
    }

    public static CheckoutResult ApplyCheckout(Journey journey, CheckoutSnapshot checkout, FlowSettings flow, DateTimeOffset now)
    {
        if (checkout.UpdatedAt < journey.CheckoutUpdatedAt)
            return new(CheckoutChange.Stale, null);
        if (checkout.UpdatedAt == journey.CheckoutUpdatedAt)
        {
            // The same checkout state from a richer source (the webhook after reconciliation): fill gaps, change nothing else.
            if (journey.Status == JourneyStatus.Active)
                FillGaps(checkout, journey);
            return new(CheckoutChange.Stale, null);
        }
        if (journey.Status != JourneyStatus.Active)
            return new(CheckoutChange.Closed, null);

        Copy(checkout, journey);
        journey.CheckoutUpdatedAt = checkout.UpdatedAt;
        if (checkout.CompletedAt is not null)
        {
            Close(journey, JourneyStatus.Completed, CloseReasons.CheckoutCompleted, now);
            return new(CheckoutChange.Completed, null);
        }
        journey.ActivityVersion++;
        if (checkout.UpdatedAt > journey.LastActivityAt)
            journey.LastActivityAt = checkout.UpdatedAt;
        if (now > journey.LastActivityAt + flow.Expiry)
        {
            Close(journey, JourneyStatus.Expired, CloseReasons.Expired, now);
            return new(CheckoutChange.Expired, null);
        }
        return new(CheckoutChange.Updated, ScheduleNext(journey, flow, now, notBefore: null));
    }

    /// <summary>Decide-at-send: is the step this message names still the one to send, for this activity?</summary>
    public static StepDecision Decide(Journey journey, JourneyStepDue due, FlowSettings flow, DateTimeOffset now)
    {
        if (journey.Status != JourneyStatus.Active)
            return new(StepVerdict.Drop, $"journey_{journey.Status.ToString().ToLowerInvariant()}");
        if (due.ActivityVersion != journey.ActivityVersion)
            return new(StepVerdict.Drop, "stale_activity_version");
        if (journey.NextStep != due.Step)
            return new(StepVerdict.Drop, "not_the_next_step");
        if (now > journey.LastActivityAt + flow.Expiry)
            return new(StepVerdict.Expire, CloseReasons.Expired);
        if (due.Step < 1 || due.Step > flow.Steps.Count)
            return new(StepVerdict.Skip, "step_removed_from_flow");
        if (!flow.Step(due.Step).Enabled)
            return new(StepVerdict.Skip, "step_disabled");
        return StepDecision.Proceed;
    }

    /// <summary>
    /// The step is settled (sent, skipped, failed or unknown): move on. The next step keeps its spacing after this one
    /// even when the journey is late (a checkout found by reconciliation hours later), so steps never arrive in a burst.
    /// </summary>
    public static StepSchedule? Advance(Journey journey, int step, bool emailed, FlowSettings flow, DateTimeOffset now)
    {
        if (journey.NextStep != step)
            return null;
        if (emailed)
            journey.StepsSent++;
        journey.NextStep = flow.NextEnabledStep(step);
        if (journey.NextStep is not { } next)
        {
            journey.NextStepDueAt = null;
            return null;
        }
        var gap = flow.Step(next).Delay - (step <= flow.Steps.Count ? flow.Step(step).Delay : TimeSpan.Zero);
        return ScheduleNext(journey, flow, now, notBefore: now + (gap > TimeSpan.Zero ? gap : TimeSpan.Zero));
    }

    /// <summary>Quiet hours: the same step, same version, later. Never dropped.</summary>
    public static StepSchedule Defer(Journey journey, int step, DateTimeOffset until)
    {
        journey.NextStepDueAt = until;
        return new(step, journey.ActivityVersion, until);
    }

    /// <returns>False when the journey was already closed (the first close wins).</returns>
    public static bool Close(Journey journey, JourneyStatus status, string reason, DateTimeOffset now)
    {
        if (journey.Status != JourneyStatus.Active || status == JourneyStatus.Active)
            return false;
        journey.Status = status;
        journey.CloseReason = reason;
        journey.ClosedAt = now;
        journey.NextStepDueAt = null;
        return true;
    }

    static StepSchedule? ScheduleNext(Journey journey, FlowSettings flow, DateTimeOffset now, DateTimeOffset? notBefore)
    {
        journey.NextStepDueAt = null;
        // Phone-only checkouts are tracked for reporting but never emailed.
        if (journey.Status != JourneyStatus.Active || string.IsNullOrWhiteSpace(journey.Email) || journey.NextStep is not { } step)
            return null;
        if (step > flow.Steps.Count)
        {
            journey.NextStep = null;
            return null;
        }
        var due = journey.LastActivityAt + flow.Step(step).Delay;
        if (notBefore is { } floor && floor > due)
            due = floor;
        if (due < now)
            due = now;
        journey.NextStepDueAt = due;
        return new(step, journey.ActivityVersion, due);
    }

    static void Copy(CheckoutSnapshot checkout, Journey journey)
    {
        journey.CartToken = checkout.CartToken ?? journey.CartToken;
        journey.Email = EmailAddresses.NormalizeOrNull(checkout.Email) ?? journey.Email;
        journey.Phone = checkout.Phone ?? journey.Phone;
        journey.CustomerId = checkout.CustomerId ?? journey.CustomerId;
        journey.FirstName = checkout.FirstName ?? journey.FirstName;
        journey.LastName = checkout.LastName ?? journey.LastName;
        journey.Locale = checkout.Locale ?? journey.Locale;
        if (checkout.CountryCode is not null)
        {
            journey.CountryCode = checkout.CountryCode.ToUpperInvariant();
            journey.TimeZone = TimeZones.FromAddress(checkout.CountryCode, checkout.ProvinceCode) ?? journey.TimeZone;
        }
        journey.BuyerAcceptsMarketing = checkout.BuyerAcceptsMarketing ?? journey.BuyerAcceptsMarketing;
        journey.PresentmentCurrency = checkout.PresentmentCurrency;
        journey.Subtotal = checkout.Subtotal;
        journey.Total = checkout.Total;
        journey.ShopTotal = checkout.ShopTotal ?? (checkout.PresentmentCurrency == journey.ShopCurrency ? checkout.Total : 0m);
        journey.ItemCount = checkout.ItemCount;
        journey.CartJson = CartJson.Write(checkout.Lines);
        journey.RecoveryUrl = checkout.RecoveryUrl ?? journey.RecoveryUrl;
    }

    static void FillGaps(CheckoutSnapshot checkout, Journey journey)
    {
        journey.Phone ??= checkout.Phone;
        journey.CustomerId ??= checkout.CustomerId;
        journey.FirstName ??= checkout.FirstName;
        journey.LastName ??= checkout.LastName;
        journey.Locale ??= checkout.Locale;
        if (journey.CountryCode is null && checkout.CountryCode is not null)
        {
            journey.CountryCode = checkout.CountryCode.ToUpperInvariant();
            journey.TimeZone ??= TimeZones.FromAddress(checkout.CountryCode, checkout.ProvinceCode);
        }
        journey.BuyerAcceptsMarketing |= checkout.BuyerAcceptsMarketing == true;
        journey.RecoveryUrl ??= checkout.RecoveryUrl;
    }

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

public static class CloseReasons
{
    public const string CheckoutCompleted = "checkout_completed";
    public const string CheckoutDeleted = "checkout_deleted";
    public const string OrderPlaced = "order_placed";
    public const string OrderBeforeFirstEmail = "order_before_first_email";
    public const string OrderBeforeCheckout = "order_before_checkout";
    public const string OrderCancelled = "order_cancelled";
    public const string Expired = "expired";
    public const string AppUninstalled = "app_uninstalled";
    public const string CustomerRedacted = "customer_redacted";
}
