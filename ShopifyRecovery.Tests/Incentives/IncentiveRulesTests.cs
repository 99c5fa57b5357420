using ShopifyRecovery.Incentives;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Incentives;

public sealed class IncentiveRulesTests
{
    static IncentiveInput Input(decimal cart, int step = 3) => new(
        Step: step, Flow: FlowSettings.Default, Settings: IncentiveSettings.Default, PolicyName: "standard", CartValue: cart,
        DiscountSeeker: false, RuleAllowsDiscountSeekers: false, CustomerHasLiveCode: false);

    [Test]
    public void The_first_step_never_carries_a_discount_even_for_a_large_cart()
    {
        Assert.That(IncentiveRules.Choose(Input(900m, step: 1)), Is.EqualTo(Incentive.None("never_in_first_step")));
    }

    [TestCase(40, 0, false, TestName = "A 40.00 cart gets no code")]
    [TestCase(49.99, 0, false, TestName = "Just under 50 gets no code")]
    [TestCase(50, 10, false, TestName = "50.00 gets 10 percent")]
    [TestCase(149.99, 10, false, TestName = "Just under 150 gets 10 percent")]
    [TestCase(150, 15, true, TestName = "150.00 gets 15 percent and free shipping")]
    [TestCase(200, 15, true, TestName = "200.00 gets 15 percent and free shipping")]
    public void The_default_tiers_apply_in_the_last_step(decimal cart, decimal percent, bool freeShipping)
    {
        var incentive = IncentiveRules.Choose(Input(cart));

        Assert.That((incentive.Percent, incentive.FreeShipping), Is.EqualTo((percent, freeShipping)));
    }

    [Test]
    public void The_middle_step_carries_nothing_unless_the_policy_names_it()
    {
        var middle = IncentiveSettings.Default with
        {
            Policies = [new IncentivePolicy { Name = "standard", Step = 2, Tiers = [new IncentiveTier { MinimumCart = 50, Percent = 10 }] }],
        };

        Assert.That(IncentiveRules.Choose(Input(200m, step: 2)).Reason, Is.EqualTo("not_the_incentive_step"));
        Assert.That(IncentiveRules.Choose(Input(200m, step: 2) with { Settings = middle }).Percent, Is.EqualTo(10m));
        Assert.That(IncentiveRules.Choose(Input(200m, step: 3) with { Settings = middle }).Any, Is.False);
    }

    [Test]
    public void Discount_seekers_and_customers_holding_a_live_code_get_nothing_unless_a_rule_grants_it()
    {
        Assert.That(IncentiveRules.Choose(Input(200m) with { DiscountSeeker = true }).Reason, Is.EqualTo("discount_seeker"));
        Assert.That(IncentiveRules.Choose(Input(200m) with { DiscountSeeker = true, RuleAllowsDiscountSeekers = true }).Percent, Is.EqualTo(15m));
        Assert.That(IncentiveRules.Choose(Input(200m) with { CustomerHasLiveCode = true }).Reason, Is.EqualTo("customer_has_live_code"));
    }

    [Test]
    public void A_tier_above_the_margin_floor_is_capped_not_dropped()
    {
        var tight = IncentiveSettings.Default with { Guardrails = new Guardrails { GrossMarginPercent = 30, MarginFloorPercent = 18 } };

        var incentive = IncentiveRules.Choose(Input(200m) with { Settings = tight });

        Assert.That(incentive, Is.EqualTo(new Incentive(12m, true, "tier_capped_by_guardrails")));
    }

    [FsCheck.NUnit.Property(MaxTest = 1000)]
    public bool No_input_yields_a_discount_in_step_one_or_above_the_maximum(int cartCents, int step, int maxPercent, int tierPercent, bool seeker, bool allow, bool live, int policyStep)
    {
        var guardrails = new Guardrails { MaxPercent = Math.Abs(maxPercent % 91), GrossMarginPercent = 60, MarginFloorPercent = 10 };
        var settings = new IncentiveSettings
        {
            Guardrails = guardrails,
            Policies =
            [
                new IncentivePolicy
                {
                    Name = "any",
                    Step = policyStep % 4 == 0 ? null : Math.Abs(policyStep % 5),
                    Tiers = [new IncentiveTier { MinimumCart = 0, Percent = Math.Abs(tierPercent % 101), FreeShipping = tierPercent % 2 == 0 }],
                },
            ],
        };
        var input = new IncentiveInput(Math.Abs(step % 6), FlowSettings.Default, settings, "any", Math.Abs(cartCents) / 100m, seeker, allow, live);

        var incentive = IncentiveRules.Choose(input);

        var stepOneIsClean = input.Step > 1 || !incentive.Any;
        var underMax = incentive.Percent <= guardrails.EffectiveMaxPercent && incentive.Percent >= 0;
        var minimumCartHolds = !incentive.Any || input.CartValue >= guardrails.MinimumCart;
        return stepOneIsClean && underMax && minimumCartHolds;
    }
}

public sealed class DiscountCodesTests
{
    static readonly byte[] Key = "secret"u8.ToArray();

    [Test]
    public void A_retry_gets_the_same_code_and_other_steps_kinds_and_journeys_get_other_codes()
    {
        var journey = Guid.Parse("0195f0c2-3c4e-7a00-8000-000000000001");

        var code = DiscountCodes.For(Key, journey, 3, DiscountKind.Percentage);

        Assert.That(code, Is.EqualTo(DiscountCodes.For(Key, journey, 3, DiscountKind.Percentage)));
        Assert.That(code, Does.Match("^BACK-[A-HJ-NP-Z2-9]{10}$"));
        Assert.That(DiscountCodes.For(Key, journey, 3, DiscountKind.FreeShipping), Does.StartWith("SHIP-"));
        Assert.That(new[] { DiscountCodes.For(Key, journey, 2, DiscountKind.Percentage), DiscountCodes.For(Key, Guid.NewGuid(), 3, DiscountKind.Percentage), DiscountCodes.For("other"u8.ToArray(), journey, 3, DiscountKind.Percentage) },
            Has.None.EqualTo(code));
    }
}
