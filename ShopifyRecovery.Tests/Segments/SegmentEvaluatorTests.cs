using System.Text.Json;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.Tests.Segments;

public sealed class SegmentEvaluatorTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    static SegmentCondition When(string fact, string op, object value) => new(fact, op, JsonSerializer.SerializeToElement(value));

    [Test]
    public void The_first_matching_rule_wins()
    {
        var rules = new SegmentRuleSet
        {
            Rules =
            [
                new SegmentRule { Name = "big", Variant = "big", Incentive = "standard", Conditions = [When(Facts.CartValue, Operators.Gte, 150)] },
                new SegmentRule { Name = "returning", Variant = "back", Incentive = "none", Conditions = [When(Facts.Returning, Operators.Eq, true)] },
                new SegmentRule { Name = "rest", Variant = "default", Incentive = "none" },
            ],
        };
        var returningWithBigCart = new SegmentFacts { CartValue = 200m, OrdersCount = 3 };
        var returningWithSmallCart = returningWithBigCart with { CartValue = 20m };

        Assert.That(SegmentEvaluator.Evaluate(rules, returningWithBigCart).RuleName, Is.EqualTo("big"));
        Assert.That(SegmentEvaluator.Evaluate(rules, returningWithSmallCart).RuleName, Is.EqualTo("returning"));
        Assert.That(SegmentEvaluator.Evaluate(rules, new SegmentFacts()).RuleName, Is.EqualTo("rest"));
    }

    [Test]
    public void All_conditions_of_a_rule_must_hold_and_no_match_means_no_discount()
    {
        var rules = new SegmentRuleSet
        {
            Rules = [new SegmentRule { Name = "shoes", Variant = "v", Incentive = "standard",
                Conditions = [When(Facts.ProductType, Operators.Contains, "Shoes"), When(Facts.OrdersCount, Operators.Lt, 2)] }],
        };

        Assert.That(SegmentEvaluator.Evaluate(rules, new SegmentFacts { ProductTypes = ["shoes"], OrdersCount = 1 }).RuleName, Is.EqualTo("shoes"));
        Assert.That(SegmentEvaluator.Evaluate(rules, new SegmentFacts { ProductTypes = ["Shoes"], OrdersCount = 5 }), Is.EqualTo(SegmentMatch.NoRule));
        Assert.That(SegmentMatch.NoRule.Incentive, Is.EqualTo(IncentivePolicyNames.None));
    }

    [TestCase(Operators.Eq, 100, true)]
    [TestCase(Operators.Neq, 100, false)]
    [TestCase(Operators.Gt, 99.99, true)]
    [TestCase(Operators.Gte, 100, true)]
    [TestCase(Operators.Lt, 100, false)]
    [TestCase(Operators.Lte, 100, true)]
    public void Number_operators_compare_the_fact_with_the_value(string op, double value, bool expected)
    {
        Assert.That(SegmentEvaluator.Holds(When(Facts.CartValue, op, value), new SegmentFacts { CartValue = 100m }), Is.EqualTo(expected));
    }

    [Test]
    public void Lists_and_rfm_segments_match_case_insensitively()
    {
        var champion = new SegmentFacts { OrdersCount = 12, AmountSpent = 2000m, Rfm = Rfm.Score(12, 2000m, Now.AddDays(-3), Now) };

        Assert.That(SegmentEvaluator.Holds(When(Facts.RfmSegment, Operators.In, new[] { "CHAMPION", "loyal" }), champion), Is.True);
        Assert.That(SegmentEvaluator.Holds(When(Facts.RfmSegment, Operators.NotIn, new[] { "champion" }), champion), Is.False);
        Assert.That(SegmentEvaluator.Holds(When(Facts.RfmScore, Operators.Gte, 15), champion), Is.True);
    }

    [Test]
    public void A_malformed_condition_never_matches()
    {
        Assert.That(SegmentEvaluator.Holds(When(Facts.CartValue, "gt=", 1), new SegmentFacts { CartValue = 100m }), Is.False);
        Assert.That(SegmentEvaluator.Holds(When("lifetime_value", Operators.Gt, 1), new SegmentFacts()), Is.False);
        Assert.That(SegmentEvaluator.Holds(When(Facts.FirstTime, Operators.Eq, "yes"), new SegmentFacts()), Is.False);
    }

    [Test]
    public void The_shipped_rules_give_loyal_customers_and_discount_seekers_no_code_and_first_timers_the_standard_tiers()
    {
        var rules = SegmentRuleSet.Default;
        var loyal = new SegmentFacts { OrdersCount = 4, AmountSpent = 300m, Rfm = Rfm.Score(4, 300m, Now.AddDays(-20), Now) };
        var seeker = new SegmentFacts { DiscountSeeker = true };
        var firstTimer = new SegmentFacts { CartValue = 200m };
        var lapsedReturning = new SegmentFacts { OrdersCount = 1, AmountSpent = 30m, Rfm = Rfm.Score(1, 30m, Now.AddDays(-400), Now) };

        Assert.That(SegmentEvaluator.Evaluate(rules, loyal), Is.EqualTo(new SegmentMatch("vip", "vip", "none", false)));
        Assert.That(SegmentEvaluator.Evaluate(rules, seeker).Incentive, Is.EqualTo("none"));
        Assert.That(SegmentEvaluator.Evaluate(rules, firstTimer), Is.EqualTo(new SegmentMatch("first-time", "new", "standard", false)));
        Assert.That(SegmentEvaluator.Evaluate(rules, lapsedReturning).RuleName, Is.EqualTo("everyone"));
    }
}

public sealed class RfmTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_shopper_who_never_ordered_is_new_with_a_zero_score()
    {
        var score = Rfm.Score(0, 0m, null, Now);

        Assert.That(score, Is.EqualTo(RfmScore.NoOrders));
        Assert.That(score.Segment, Is.EqualTo(RfmSegments.New));
    }

    [Test]
    public void Thresholds_work_for_a_small_store_from_the_first_orders()
    {
        Assert.That(Rfm.Score(1, 40m, Now.AddDays(-10), Now), Is.EqualTo(new RfmScore(5, 1, 1)));
        Assert.That(Rfm.Score(1, 40m, Now.AddDays(-10), Now).Segment, Is.EqualTo(RfmSegments.Recent));
        Assert.That(Rfm.Score(3, 250m, Now.AddDays(-90), Now).Segment, Is.EqualTo(RfmSegments.Loyal));
        Assert.That(Rfm.Score(6, 600m, Now.AddDays(-300), Now).Segment, Is.EqualTo(RfmSegments.AtRisk));
        Assert.That(Rfm.Score(5, 500m, Now.AddDays(-45), Now).Segment, Is.EqualTo(RfmSegments.Champion));
        Assert.That(Rfm.Score(2, 60m, Now.AddDays(-500), Now).Segment, Is.EqualTo(RfmSegments.Lapsed));
    }
}

public sealed class SegmentFactsTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    [Test]
    public void Facts_combine_the_profile_the_cart_and_our_history()
    {
        var journey = new Journey
        {
            CheckoutToken = "t", ShopCurrency = "USD", PresentmentCurrency = "EUR", ShopTotal = 80m, Total = 75m,
            CartJson = CartJson.Write([new CartLine("Boot", null, 1, 75m, 75m, null, "Shoes", 1, 1), new CartLine("Sock", null, 1, 5m, 5m, null, "shoes", 2, 2)]),
        };
        var profile = new CustomerProfile { OrdersCount = 4, AmountSpent = 320m, LastOrderAt = Now.AddDays(-15), RecentOrders = 4, RecentOrdersWithDiscount = 3 };

        var facts = CustomerFactsProvider.Compute(journey, profile, journeysIn30Days: 2, receivedCodeBefore: false, Now);

        Assert.That(facts.CartValue, Is.EqualTo(80m), "cart value is in the shop currency");
        Assert.That(facts.Returning, Is.True);
        Assert.That(facts.RepeatAbandoner, Is.True);
        Assert.That(facts.DiscountSeeker, Is.True, "three of four recent orders used a code");
        Assert.That(facts.ProductTypes, Is.EqualTo(new[] { "Shoes" }));
        Assert.That(facts.Rfm, Is.EqualTo(new RfmScore(5, 3, 3)));
    }

    [Test]
    public void Abandoning_again_after_receiving_a_code_makes_a_discount_seeker_and_a_guest_is_a_first_timer()
    {
        var journey = new Journey { CheckoutToken = "t", ShopCurrency = "USD", PresentmentCurrency = "USD" };

        var facts = CustomerFactsProvider.Compute(journey, profile: null, journeysIn30Days: 1, receivedCodeBefore: true, Now);

        Assert.That(facts.DiscountSeeker, Is.True);
        Assert.That(facts.FirstTime, Is.True);
        Assert.That(facts.RepeatAbandoner, Is.False);
    }
}
