using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class JourneyMachineTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    static readonly FlowSettings Flow = FlowSettings.Default;

    internal static CheckoutSnapshot Checkout(DateTimeOffset updatedAt, string? email = "shopper@example.com", DateTimeOffset? completedAt = null) => new()
    {
        Token = "tok-1",
        CreatedAt = T0,
        UpdatedAt = updatedAt,
        CompletedAt = completedAt,
        Email = email,
        PresentmentCurrency = "USD",
        ShopCurrency = "USD",
        Total = 120m,
        ShopTotal = 120m,
        Lines = [new CartLine("Mug", null, 2, 60m, 120m, null, "Kitchen", 1, 2)],
    };

    static Journey Started(out CheckoutResult result, DateTimeOffset? updatedAt = null)
    {
        var (journey, start) = JourneyMachine.Start(Guid.NewGuid(), 1, "USD", Checkout(updatedAt ?? T0), Flow, T0);
        result = start;
        return journey;
    }

    [Test]
    public void A_new_checkout_with_an_email_schedules_the_first_step_one_hour_after_the_activity()
    {
        var journey = Started(out var result);

        Assert.That(result.Change, Is.EqualTo(CheckoutChange.Updated));
        Assert.That(result.Schedule, Is.EqualTo(new StepSchedule(1, 1, T0.AddHours(1))));
        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Active));
        Assert.That(journey.NextStep, Is.EqualTo(1));
    }

    [Test]
    public void The_address_is_kept_in_its_normalized_form_so_lookups_by_address_are_plain_equality()
    {
        var (journey, _) = JourneyMachine.Start(Guid.NewGuid(), 1, "USD", Checkout(T0, email: "  Shopper@Example.COM "), Flow, T0);
        Assert.That(journey.Email, Is.EqualTo("shopper@example.com"));

        JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(5), email: "   "), Flow, T0.AddMinutes(5));
        Assert.That(journey.Email, Is.EqualTo("shopper@example.com"), "a blank address in a later update keeps the known one");
    }

    [Test]
    public void A_phone_only_checkout_is_tracked_but_never_scheduled()
    {
        var (journey, result) = JourneyMachine.Start(Guid.NewGuid(), 1, "USD", Checkout(T0, email: null) with { Phone = "+15550100" }, Flow, T0);

        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Active));
        Assert.That(journey.Phone, Is.EqualTo("+15550100"));
        Assert.That(result.Schedule, Is.Null);
    }

    [Test]
    public void An_older_or_equal_update_changes_nothing()
    {
        var journey = Started(out _, T0.AddMinutes(10));
        var version = journey.ActivityVersion;

        var same = JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(10)) with { Total = 999m }, Flow, T0.AddMinutes(20));
        var older = JourneyMachine.ApplyCheckout(journey, Checkout(T0) with { Total = 999m }, Flow, T0.AddMinutes(20));

        Assert.That(new[] { same.Change, older.Change }, Is.All.EqualTo(CheckoutChange.Stale));
        Assert.That(journey.Total, Is.EqualTo(120m));
        Assert.That(journey.ActivityVersion, Is.EqualTo(version));
    }

    [Test]
    public void A_newer_update_bumps_the_version_and_reschedules_from_the_new_activity()
    {
        var journey = Started(out _);

        var result = JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(30)), Flow, T0.AddMinutes(31));

        Assert.That(journey.ActivityVersion, Is.EqualTo(2));
        Assert.That(result.Schedule, Is.EqualTo(new StepSchedule(1, 2, T0.AddMinutes(90))));
    }

    [Test]
    public void A_step_scheduled_before_newer_activity_is_dropped_at_send_time()
    {
        var journey = Started(out var first);
        JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(30)), Flow, T0.AddMinutes(31));

        var decision = JourneyMachine.Decide(journey, Due(journey, first.Schedule!), Flow, T0.AddHours(1));

        Assert.That(decision, Is.EqualTo(new StepDecision(StepVerdict.Drop, "stale_activity_version")));
    }

    [Test]
    public void A_completed_checkout_closes_the_journey_and_a_closed_journey_never_reopens()
    {
        var journey = Started(out var first);

        var completed = JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(5), completedAt: T0.AddMinutes(5)), Flow, T0.AddMinutes(6));
        var later = JourneyMachine.ApplyCheckout(journey, Checkout(T0.AddMinutes(50)), Flow, T0.AddMinutes(51));

        Assert.That(completed.Change, Is.EqualTo(CheckoutChange.Completed));
        Assert.That(later.Change, Is.EqualTo(CheckoutChange.Closed));
        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Completed));
        Assert.That(JourneyMachine.Decide(journey, Due(journey, first.Schedule!), Flow, T0.AddHours(1)).Verdict, Is.EqualTo(StepVerdict.Drop));
    }

    [Test]
    public void After_a_step_the_next_keeps_its_spacing_even_when_the_journey_is_late()
    {
        // Found by reconciliation two days after the shopper left: every step is already "due".
        var journey = Started(out _, T0.AddDays(-2));
        var now = T0;

        var next = JourneyMachine.Advance(journey, 1, emailed: true, Flow, now);

        Assert.That(next, Is.EqualTo(new StepSchedule(2, 1, now.AddHours(23))));
        Assert.That(journey.StepsSent, Is.EqualTo(1));
    }

    [Test]
    public void The_last_step_leaves_nothing_scheduled_but_the_journey_stays_open_for_attribution()
    {
        var journey = Started(out _);
        JourneyMachine.Advance(journey, 1, true, Flow, T0.AddHours(1));
        JourneyMachine.Advance(journey, 2, true, Flow, T0.AddHours(24));

        var after = JourneyMachine.Advance(journey, 3, true, Flow, T0.AddHours(72));

        Assert.That(after, Is.Null);
        Assert.That(journey.NextStep, Is.Null);
        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Active));
    }

    [Test]
    public void A_disabled_step_is_skipped_with_a_reason_and_a_journey_past_expiry_expires()
    {
        var journey = Started(out var first);
        var flow = Flow with { Steps = [Flow.Steps[0] with { Enabled = false }, .. Flow.Steps.Skip(1)] };

        Assert.That(JourneyMachine.Decide(journey, Due(journey, first.Schedule!), flow, T0.AddHours(1)),
            Is.EqualTo(new StepDecision(StepVerdict.Skip, "step_disabled")));
        Assert.That(JourneyMachine.Decide(journey, Due(journey, first.Schedule!), Flow, T0.AddDays(15)).Verdict, Is.EqualTo(StepVerdict.Expire));
    }

    [Test]
    public void A_checkout_whose_last_activity_is_older_than_the_expiry_closes_at_once()
    {
        var (journey, result) = JourneyMachine.Start(Guid.NewGuid(), 1, "USD", Checkout(T0.AddDays(-20)), Flow, T0);

        Assert.That(result.Change, Is.EqualTo(CheckoutChange.Expired));
        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Expired));
    }

    [Test]
    public void Holdout_is_decided_by_the_journey_id_and_approaches_the_configured_share()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => new Guid(i, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8)).ToList();

        var heldOut = ids.Count(id => Holdout.IsHeldOut(id, 10m));

        Assert.That(heldOut / 20_000.0, Is.EqualTo(0.10).Within(0.01));
        Assert.That(ids.Take(100).Select(id => Holdout.IsHeldOut(id, 10m)), Is.EqualTo(ids.Take(100).Select(id => Holdout.IsHeldOut(id, 10m))));
        Assert.That(ids.Any(id => Holdout.IsHeldOut(id, 0m)), Is.False);
    }

    internal static JourneyStepDue Due(Journey journey, StepSchedule schedule) =>
        new("shop.myshopify.com", journey.Id, schedule.Step, schedule.ActivityVersion);
}
