namespace ShopifyRecovery.Recovery;

/// <summary>
/// A step of a journey is due. Carries the activity version it was scheduled under: if the shopper has been active
/// since, the journey's version moved on and this message is dropped (decide-at-send).
/// </summary>
/// <param name="DelayArm">The send-delay test arm (its ledger key) this step was scheduled under, if a test was running then.</param>
public sealed record JourneyStepDue(string ShopDomain, Guid JourneyId, int Step, int ActivityVersion, string? DelayArm = null)
{
    /// <summary>Deterministic, so scheduling the same step twice (a retried webhook) is one message.</summary>
    public static string MessageIdFor(Guid journeyId, int step, int activityVersion) =>
        $"journey-step:{journeyId:N}:{step}:v{activityVersion}";

    /// <summary>A deferral (quiet hours) is a new message for the same step; its time keeps it apart from the original.</summary>
    public static string DeferredMessageIdFor(Guid journeyId, int step, int activityVersion, DateTimeOffset deliverAt) =>
        $"{MessageIdFor(journeyId, step, activityVersion)}:deferred:{deliverAt.ToUnixTimeSeconds()}";
}

/// <summary>Fill what webhooks missed for one shop: abandoned checkouts and orders since the last run, expiry, code cleanup.</summary>
public sealed record ReconcileShop(string ShopDomain)
{
    /// <summary>One message per shop and timer slot, so several processes running the timer publish it once.</summary>
    public static string MessageIdFor(string shopDomain, DateTimeOffset slot) => $"reconcile:{shopDomain}:{slot.ToUnixTimeSeconds()}";
}
