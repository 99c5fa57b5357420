namespace ShopifyRecovery.Recovery;

public enum ConsentStatus
{
    Subscribed,
    /// <summary>Never subscribed (or consent pending confirmation): marketing email needs a policy that allows it.</summary>
    NotSubscribed,
    /// <summary>Unsubscribed, invalid or redacted: never emailed.</summary>
    Denied,
}

public static class Consent
{
    /// <summary>
    /// Combines what the checkout said (the box ticked at checkout) with the latest marketing state we heard of
    /// (consent webhooks, the customer record). An explicit "no" from any source wins.
    /// </summary>
    public static ConsentStatus Of(string? journeyState, bool buyerAcceptsMarketing, string? profileState)
    {
        var states = new[] { Normalize(journeyState), Normalize(profileState) };
        if (states.Any(s => s is "unsubscribed" or "invalid" or "redacted"))
            return ConsentStatus.Denied;
        // Known state from the consent webhook beats the profile cache, which may be a day old.
        var latest = states.FirstOrDefault(s => s is not null);
        return latest switch
        {
            "subscribed" => ConsentStatus.Subscribed,
            // Double opt-in not confirmed yet: the shopper has not agreed.
            "pending" => ConsentStatus.NotSubscribed,
            _ when buyerAcceptsMarketing => ConsentStatus.Subscribed,
            _ => ConsentStatus.NotSubscribed,
        };
    }

    /// <summary>Subscribers get every step; non-subscribers only the first, as a service reminder, where the policy and their country allow.</summary>
    public static bool Allows(ConsentStatus status, ConsentPolicy policy, int step, string? countryCode) => status switch
    {
        ConsentStatus.Subscribed => true,
        ConsentStatus.NotSubscribed => step == 1 && policy.AllowsTransactional(countryCode),
        _ => false,
    };

    static string? Normalize(string? state) => string.IsNullOrWhiteSpace(state) ? null : state.Trim().ToLowerInvariant();
}

public static class QuietHoursRule
{
    /// <summary>When <paramref name="now"/> falls in the shopper's quiet hours, the UTC time they end; otherwise null.</summary>
    public static DateTimeOffset? EndOfQuietHours(DateTimeOffset now, TimeZoneInfo zone, QuietHours quiet)
    {
        if (!quiet.Enabled || quiet.Start == quiet.End)
            return null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var wraps = quiet.Start > quiet.End; // 21:00–08:00 spans midnight
        var inside = wraps ? time >= quiet.Start || time < quiet.End : time >= quiet.Start && time < quiet.End;
        if (!inside)
            return null;
        var endDate = wraps && time >= quiet.Start ? local.Date.AddDays(1) : local.Date;
        var endLocal = endDate + quiet.End.ToTimeSpan();
        // A spring-forward gap has no such local time: the first valid minute after it is the end.
        while (zone.IsInvalidTime(endLocal))
            endLocal = endLocal.AddMinutes(15);
        return new DateTimeOffset(DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified), zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }
}

public enum GuardOutcome { Send, Skip, Defer, Holdout }

public sealed record GuardVerdict(GuardOutcome Outcome, string Reason, DateTimeOffset? DeferUntil = null)
{
    public static readonly GuardVerdict Send = new(GuardOutcome.Send, "ok");
}

/// <summary>Everything the send-time guards look at, gathered by the handler.</summary>
public sealed record GuardInput(
    bool ShopInstalled,
    bool SendsPaused,
    bool PlanAllowsSending,
    string? Email,
    SuppressionReason? Suppression,
    ConsentStatus Consent,
    string? CountryCode,
    int Step,
    int RecentRecoveryEmails,
    bool IsHoldout,
    TimeZoneInfo Zone,
    DateTimeOffset Now);

public static class SkipReasons
{
    public const string ShopUninstalled = "shop_uninstalled";
    public const string SendsPaused = "sends_paused";
    public const string NoActivePlan = "no_active_plan";
    public const string SendsDisabled = "sends_disabled";
    public const string NoEmail = "no_email";
    public const string NoConsent = "no_consent";
    public const string FrequencyCap = "frequency_cap";
    public const string Holdout = "holdout";
    public const string QuietHours = "quiet_hours";
    public const string JourneyClosedBeforeSend = "journey_closed_before_send";

    public static string Suppressed(SuppressionReason reason) => "suppressed_" + reason.ToString().ToLowerInvariant();
}

/// <summary>
/// The checks every send passes at the moment it would go out, pure and in a fixed order. Each skip names its reason
/// (the ledger and the journey timeline show it); quiet hours defer instead of skipping; holdout journeys are
/// recorded as if sent, so the control group's conversion is measured from the same moment.
/// </summary>
public static class SendGuards
{
    public static GuardVerdict Evaluate(GuardInput input, FlowSettings flow)
    {
        if (ForShop(input.ShopInstalled, input.SendsPaused, input.PlanAllowsSending) is { } shopSkip)
            return shopSkip;
        if (string.IsNullOrWhiteSpace(input.Email))
            return new(GuardOutcome.Skip, SkipReasons.NoEmail);
        if (input.Suppression is { } suppression)
            return new(GuardOutcome.Skip, SkipReasons.Suppressed(suppression));
        if (!Consent.Allows(input.Consent, flow.Consent, input.Step, input.CountryCode))
            return new(GuardOutcome.Skip, SkipReasons.NoConsent);
        if (input.RecentRecoveryEmails >= flow.FrequencyCap.Count)
            return new(GuardOutcome.Skip, SkipReasons.FrequencyCap);
        if (QuietHoursRule.EndOfQuietHours(input.Now, input.Zone, flow.QuietHours) is { } end)
            return new(GuardOutcome.Defer, SkipReasons.QuietHours, end);
        if (input.IsHoldout)
            return new(GuardOutcome.Holdout, SkipReasons.Holdout);
        return GuardVerdict.Send;
    }

    /// <summary>
    /// The guards that depend on the shop alone, first in <see cref="Evaluate"/>. Callers check them before gathering
    /// a customer's facts, so a shop that cannot send spends none of its Admin API budget on steps that will be skipped.
    /// </summary>
    public static GuardVerdict? ForShop(bool installed, bool sendsPaused, bool planAllowsSending) =>
        !installed ? new(GuardOutcome.Skip, SkipReasons.ShopUninstalled)
        : sendsPaused ? new(GuardOutcome.Skip, SkipReasons.SendsPaused)
        : !planAllowsSending ? new(GuardOutcome.Skip, SkipReasons.NoActivePlan)
        : null;
}
