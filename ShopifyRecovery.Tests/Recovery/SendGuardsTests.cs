using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class SendGuardsTests
{
    static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    // 10:00 in New York.
    static readonly DateTimeOffset Morning = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    static GuardInput Input() => new(
        ShopInstalled: true, SendsPaused: false, PlanAllowsSending: true, Email: "shopper@example.com", Suppression: null, Consent: ConsentStatus.Subscribed,
        CountryCode: "US", Step: 2, RecentRecoveryEmails: 0, IsHoldout: false, Zone: NewYork, Now: Morning);

    [Test]
    public void A_subscribed_shopper_outside_quiet_hours_is_sent_to()
    {
        Assert.That(SendGuards.Evaluate(Input(), FlowSettings.Default), Is.EqualTo(GuardVerdict.Send));
    }

    [Test]
    public void Each_failing_guard_skips_with_its_own_reason()
    {
        var flow = FlowSettings.Default;
        var cases = new (GuardInput Input, string Reason)[]
        {
            (Input() with { ShopInstalled = false }, SkipReasons.ShopUninstalled),
            (Input() with { SendsPaused = true }, SkipReasons.SendsPaused),
            (Input() with { PlanAllowsSending = false }, SkipReasons.NoActivePlan),
            (Input() with { Email = " " }, SkipReasons.NoEmail),
            (Input() with { Suppression = SuppressionReason.Bounced }, "suppressed_bounced"),
            (Input() with { Consent = ConsentStatus.NotSubscribed }, SkipReasons.NoConsent),
            (Input() with { Consent = ConsentStatus.Denied }, SkipReasons.NoConsent),
            (Input() with { RecentRecoveryEmails = 3 }, SkipReasons.FrequencyCap),
        };

        foreach (var (input, reason) in cases)
            Assert.That(SendGuards.Evaluate(input, flow), Is.EqualTo(new GuardVerdict(GuardOutcome.Skip, reason)), reason);
    }

    [Test]
    public void Quiet_hours_defer_to_eight_in_the_morning_of_the_shoppers_zone()
    {
        var lateEvening = new DateTimeOffset(2026, 11, 24, 3, 30, 0, TimeSpan.Zero); // 22:30 New York

        var verdict = SendGuards.Evaluate(Input() with { Now = lateEvening }, FlowSettings.Default);

        Assert.That(verdict.Outcome, Is.EqualTo(GuardOutcome.Defer));
        Assert.That(verdict.DeferUntil, Is.EqualTo(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Quiet_hours_after_midnight_end_the_same_morning_and_respect_daylight_saving()
    {
        // 2026-03-08 is the spring-forward night in New York: 06:00 local is then UTC-4.
        var earlyMorning = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero); // 03:00 EDT

        var end = QuietHoursRule.EndOfQuietHours(earlyMorning, NewYork, new QuietHours { Start = new(21, 0), End = new(8, 0) });

        Assert.That(end, Is.EqualTo(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void A_window_inside_one_day_and_disabled_quiet_hours_are_honoured()
    {
        var lunch = new QuietHours { Start = new(12, 0), End = new(13, 30) };
        var noonUtc = new DateTimeOffset(2026, 11, 23, 12, 15, 0, TimeSpan.Zero);

        Assert.That(QuietHoursRule.EndOfQuietHours(noonUtc, TimeZoneInfo.Utc, lunch), Is.EqualTo(new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.Zero)));
        Assert.That(QuietHoursRule.EndOfQuietHours(noonUtc.AddHours(2), TimeZoneInfo.Utc, lunch), Is.Null);
        Assert.That(QuietHoursRule.EndOfQuietHours(noonUtc, TimeZoneInfo.Utc, lunch with { Enabled = false }), Is.Null);
    }

    [Test]
    public void A_holdout_journey_is_recorded_as_holdout_only_when_it_would_have_been_sent()
    {
        Assert.That(SendGuards.Evaluate(Input() with { IsHoldout = true }, FlowSettings.Default).Outcome, Is.EqualTo(GuardOutcome.Holdout));
        Assert.That(SendGuards.Evaluate(Input() with { IsHoldout = true, Consent = ConsentStatus.Denied }, FlowSettings.Default).Reason, Is.EqualTo(SkipReasons.NoConsent));
    }

    [TestCase("unsubscribed", true, null, ConsentStatus.Denied)]
    [TestCase(null, true, "UNSUBSCRIBED", ConsentStatus.Denied)]
    [TestCase("subscribed", false, null, ConsentStatus.Subscribed)]
    [TestCase(null, false, "SUBSCRIBED", ConsentStatus.Subscribed)]
    [TestCase(null, true, null, ConsentStatus.Subscribed)]
    [TestCase("pending", true, null, ConsentStatus.NotSubscribed)]
    [TestCase("not_subscribed", false, null, ConsentStatus.NotSubscribed)]
    [TestCase(null, false, null, ConsentStatus.NotSubscribed)]
    public void Consent_takes_an_explicit_no_from_any_source_and_the_latest_state_first(string? journeyState, bool acceptedAtCheckout, string? profileState, ConsentStatus expected)
    {
        Assert.That(Consent.Of(journeyState, acceptedAtCheckout, profileState), Is.EqualTo(expected));
    }

    [Test]
    public void A_non_subscriber_gets_only_the_first_step_and_only_where_the_policy_allows_it()
    {
        var policy = new ConsentPolicy { Mode = ConsentMode.AllowTransactionalWhereAllowed, Regions = ["US"] };

        Assert.That(Consent.Allows(ConsentStatus.NotSubscribed, policy, 1, "US"), Is.True);
        Assert.That(Consent.Allows(ConsentStatus.NotSubscribed, policy, 2, "US"), Is.False);
        Assert.That(Consent.Allows(ConsentStatus.NotSubscribed, policy, 1, "FR"), Is.False);
        Assert.That(Consent.Allows(ConsentStatus.NotSubscribed, new ConsentPolicy(), 1, "US"), Is.False);
        Assert.That(Consent.Allows(ConsentStatus.Denied, policy, 1, "US"), Is.False);
    }

    [TestCase("US", "CA", "America/Los_Angeles")]
    [TestCase("US", "KY", "America/New_York")]
    [TestCase("CA", "BC", "America/Vancouver")]
    [TestCase("DE", null, "Europe/Berlin")]
    [TestCase("ZZ", null, null)]
    public void The_shoppers_zone_is_guessed_from_the_address(string country, string? province, string? zone)
    {
        Assert.That(TimeZones.FromAddress(country, province), Is.EqualTo(zone));
    }
}
