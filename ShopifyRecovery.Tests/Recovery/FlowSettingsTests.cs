using System.Text.Json;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class FlowSettingsTests
{
    [Test]
    public void The_shipped_flow_is_valid_and_sends_after_one_hour_one_day_and_three_days()
    {
        var flow = FlowSettings.Default;

        Assert.That(flow.Validate(), Is.Empty);
        Assert.That(flow.Steps.Select(s => s.Delay), Is.EqualTo(new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromHours(72) }));
        Assert.That(flow.QuietHours, Is.EqualTo(new QuietHours { Enabled = true, Start = new TimeOnly(21, 0), End = new TimeOnly(8, 0) }));
        Assert.That(flow.FrequencyCap, Is.EqualTo(new FrequencyCap { Count = 3, Days = 7 }));
        Assert.That(flow.Consent.Mode, Is.EqualTo(ConsentMode.SubscribedOnly));
        Assert.That(flow.ExpireAfterDays, Is.EqualTo(14));
        Assert.That(flow.HoldoutPercent, Is.EqualTo(10m), "a 10 % holdout measures lift from the start");
    }

    [Test]
    public void Steps_out_of_order_are_reported_at_the_later_step()
    {
        var flow = FlowSettings.Default with { Steps = [new FlowStep { DelayMinutes = 120 }, new FlowStep { DelayMinutes = 60 }] };

        var errors = flow.Validate();

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "steps[1].delayMinutes" }));
        Assert.That(errors[0].Message, Does.Contain("later than step 1"));
    }

    [Test]
    public void A_region_that_requires_prior_consent_cannot_be_allowed_for_non_subscribers()
    {
        var flow = FlowSettings.Default with
        {
            Consent = new ConsentPolicy { Mode = ConsentMode.AllowTransactionalWhereAllowed, Regions = ["US", "DE", "usa"] },
        };

        var errors = flow.Validate();

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "consent.regions[1]", "consent.regions[2]" }));
        Assert.That(errors[0].Message, Does.Contain("prior consent"));
    }

    [TestCase("DE"), TestCase("GB"), TestCase("CA"), TestCase("NO"), TestCase(null)]
    public void The_transactional_reminder_stays_off_in_the_EU_the_UK_Canada_and_where_the_country_is_unknown(string? country)
    {
        var policy = new ConsentPolicy { Mode = ConsentMode.AllowTransactionalWhereAllowed, Regions = ["*"] };

        Assert.That(policy.AllowsTransactional(country), Is.False);
        Assert.That(policy.AllowsTransactional("US"), Is.True);
    }

    [Test]
    public void Quiet_hours_holdout_cap_and_expiry_out_of_range_each_name_their_field()
    {
        var flow = FlowSettings.Default with
        {
            QuietHours = new QuietHours { Start = new TimeOnly(22, 0), End = new TimeOnly(22, 0) },
            FrequencyCap = new FrequencyCap { Count = 0, Days = 7 },
            HoldoutPercent = 80,
            ExpireAfterDays = 0,
            Steps = [new FlowStep { DelayMinutes = 60 }],
        };

        Assert.That(flow.Validate().Select(e => e.Path),
            Is.EquivalentTo(new[] { "quietHours.end", "frequencyCap.count", "holdoutPercent", "expireAfterDays", "steps[0].delayMinutes" }));
    }

    [Test]
    public void The_flow_round_trips_through_its_JSON_form()
    {
        var flow = FlowSettings.Default with { HoldoutPercent = 10, Steps = [new FlowStep { DelayMinutes = 30, Enabled = false, TemplateVariant = "short" }] };

        var json = JsonSerializer.Serialize(flow, SettingsJson.Options);
        var back = JsonSerializer.Deserialize<FlowSettings>(json, SettingsJson.Options)!;

        Assert.That(json, Does.Contain("\"delayMinutes\":30").And.Contain("\"mode\":\"SubscribedOnly\""));
        Assert.That(back.Steps, Is.EqualTo(flow.Steps));
        Assert.That(back.HoldoutPercent, Is.EqualTo(10));
        Assert.That(back.QuietHours, Is.EqualTo(flow.QuietHours));
    }

    [Test]
    public void Disabled_steps_are_skipped_when_looking_for_the_next_and_the_last_step()
    {
        var flow = FlowSettings.Default with
        {
            Steps = [new FlowStep { DelayMinutes = 60 }, new FlowStep { DelayMinutes = 120, Enabled = false }, new FlowStep { DelayMinutes = 180 }, new FlowStep { DelayMinutes = 240, Enabled = false }],
        };

        Assert.That(flow.NextEnabledStep(0), Is.EqualTo(1));
        Assert.That(flow.NextEnabledStep(1), Is.EqualTo(3));
        Assert.That(flow.NextEnabledStep(3), Is.Null);
        Assert.That(flow.LastEnabledStep, Is.EqualTo(3));
    }
}
