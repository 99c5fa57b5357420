using ShopifyRecovery.Incentives;

namespace ShopifyRecovery.Tests.Incentives;

public sealed class IncentiveSettingsTests
{
    [Test]
    public void The_shipped_guardrails_allow_at_most_twenty_percent_codes_valid_for_48_hours_one_per_customer()
    {
        var settings = IncentiveSettings.Default;

        Assert.That(settings.Validate(stepCount: 3), Is.Empty);
        Assert.That(settings.Guardrails.EffectiveMaxPercent, Is.EqualTo(20m));
        Assert.That(settings.Guardrails.CodeValidityHours, Is.EqualTo(48));
        Assert.That(settings.Guardrails.OneLiveCodePerCustomer, Is.True);
        Assert.That(settings.Find("standard")!.Tiers.Select(t => (t.MinimumCart, t.Percent, t.FreeShipping)),
            Is.EqualTo(new[] { (50m, 10m, false), (150m, 15m, true) }));
    }

    [Test]
    public void A_policy_in_the_first_step_or_above_the_margin_floor_is_rejected()
    {
        var settings = new IncentiveSettings
        {
            Guardrails = new Guardrails { MaxPercent = 30, GrossMarginPercent = 40, MarginFloorPercent = 25 },
            Policies = [new IncentivePolicy { Name = "greedy", Step = 1, Tiers = [new IncentiveTier { MinimumCart = 10, Percent = 20 }] }],
        };

        var errors = settings.Validate(stepCount: 3);

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "policies[0].step", "policies[0].tiers[0].percent" }));
        Assert.That(errors[1].Message, Does.Contain("15 %"));
    }

    [Test]
    public void Guardrails_out_of_range_name_their_field()
    {
        var settings = IncentiveSettings.Default with
        {
            Guardrails = new Guardrails { MaxPercent = 95, MinimumCart = -1, MarginFloorPercent = 60, GrossMarginPercent = 50, CodeValidityHours = 0 },
            Policies = [new IncentivePolicy { Name = "none" }],
        };

        Assert.That(settings.Validate().Select(e => e.Path), Is.EquivalentTo(new[]
        {
            "guardrails.maxPercent", "guardrails.minimumCart", "guardrails.marginFloorPercent", "guardrails.codeValidityHours",
        }));
    }
}
