using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class AttributionRulesTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    static LedgerFacts Row(int step, SendStatusKind status = SendStatusKind.Sent, DateTimeOffset? opened = null, DateTimeOffset? clicked = null, string? skip = null) =>
        new(step, status, skip, T0.AddHours(step), status is SendStatusKind.Sent ? T0.AddHours(step) : null, opened, clicked);

    [Test]
    public void A_click_before_the_order_beats_a_later_open_and_sends()
    {
        var ledger = new[] { Row(1, clicked: T0.AddHours(2)), Row(2, opened: T0.AddHours(3)) };

        Assert.That(AttributionRules.Attribute(false, ledger, T0.AddHours(5)), Is.EqualTo(new AttributionResult(Attribution.AfterClick, 1)));
    }

    [Test]
    public void Engagement_after_the_order_does_not_count()
    {
        var ledger = new[] { Row(1, clicked: T0.AddHours(9), opened: T0.AddHours(8)) };

        Assert.That(AttributionRules.Attribute(false, ledger, T0.AddHours(5)), Is.EqualTo(new AttributionResult(Attribution.AfterSend, 1)));
    }

    [Test]
    public void An_order_before_any_email_is_not_attributed_and_skipped_steps_do_not_count()
    {
        var ledger = new[] { Row(1, SendStatusKind.Skipped, skip: "no_consent") };

        Assert.That(AttributionRules.Attribute(false, ledger, T0.AddHours(5)).Attribution, Is.EqualTo(Attribution.None));
        Assert.That(AttributionRules.Attribute(false, [], T0.AddHours(5)).Attribution, Is.EqualTo(Attribution.None));
    }

    [Test]
    public void An_order_while_a_send_is_being_settled_counts_for_that_send_once_its_provider_call_started()
    {
        // The worker has handed step 2 to the provider (AttemptedAt) but not yet recorded the outcome.
        var inFlight = Row(2, SendStatusKind.Pending) with { AttemptedAt = T0.AddHours(2) };
        var notYetCalled = Row(2, SendStatusKind.Pending);

        Assert.That(AttributionRules.Attribute(false, [Row(1), inFlight], T0.AddHours(3)), Is.EqualTo(new AttributionResult(Attribution.AfterSend, 2)));
        Assert.That(AttributionRules.Attribute(false, [Row(1), notYetCalled], T0.AddHours(3)), Is.EqualTo(new AttributionResult(Attribution.AfterSend, 1)));
        Assert.That(AttributionRules.Attribute(false, [inFlight], T0.AddMinutes(90)).Attribution, Is.EqualTo(Attribution.None),
            "an order before the provider call is not ours");
    }

    [Test]
    public void A_holdout_order_counts_for_the_holdout_once_a_step_would_have_gone_out()
    {
        var ledger = new[] { Row(1, SendStatusKind.Skipped, skip: SkipReasons.Holdout) };

        Assert.That(AttributionRules.Attribute(true, ledger, T0.AddHours(5)), Is.EqualTo(new AttributionResult(Attribution.Holdout, 1)));
        Assert.That(AttributionRules.Attribute(true, ledger, T0.AddMinutes(30)).Attribution, Is.EqualTo(Attribution.None));
    }
}
