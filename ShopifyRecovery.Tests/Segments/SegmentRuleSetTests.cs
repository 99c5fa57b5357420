using System.Text.Json;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.Tests.Segments;

public sealed class SegmentRuleSetTests
{
    [Test]
    public void The_shipped_rules_are_valid_and_end_with_a_rule_for_everyone()
    {
        var rules = SegmentRuleSet.Default;

        Assert.That(rules.Validate([IncentivePolicyNames.None, IncentivePolicyNames.Standard]), Is.Empty);
        Assert.That(rules.Rules[^1].Conditions, Is.Empty);
    }

    [Test]
    public void An_unknown_operator_is_reported_with_its_rule_and_condition_and_the_allowed_operators()
    {
        var json = """
            {"rules":[
              {"name":"a","variant":"default","incentive":"none","conditions":[{"fact":"first_time","operator":"eq","value":true}]},
              {"name":"b","variant":"default","incentive":"none","conditions":[{"fact":"orders_count","operator":"gte","value":1}]},
              {"name":"c","variant":"default","incentive":"none","conditions":[{"fact":"cart_value","operator":"gt=","value":100}]},
              {"name":"d","variant":"default","incentive":"standard","conditions":[]}
            ]}
            """;
        Assert.That(ShopSettingsStore.TryParse<SegmentRuleSet>(json, out var rules, out _), Is.True);

        var errors = rules!.Validate();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].ToString(), Is.EqualTo("rules[2].conditions[0].operator: 'gt=' is not one of eq, neq, gt, gte, lt, lte, in, not_in (for cart_value)."));
    }

    [Test]
    public void Unknown_facts_wrong_value_types_and_unknown_policies_are_each_pointed_at()
    {
        var rules = new SegmentRuleSet
        {
            Rules =
            [
                new SegmentRule { Name = "x", Variant = "v", Incentive = "generous", Conditions = [new("lifetime_value", Operators.Gt, JsonSerializer.SerializeToElement(1))] },
                new SegmentRule { Name = "y", Variant = "v", Incentive = "none", Conditions = [new(Facts.FirstTime, Operators.Eq, JsonSerializer.SerializeToElement("yes"))] },
                new SegmentRule { Name = "z", Variant = "v", Incentive = "none", Conditions = [new(Facts.ProductType, Operators.In, JsonSerializer.SerializeToElement(new object[] { "Shoes", 3 }))] },
                new SegmentRule { Name = "w", Variant = "v", Incentive = "none", Conditions = [new(Facts.RfmSegment, Operators.Eq, JsonSerializer.SerializeToElement("whale"))] },
            ],
        };

        var errors = rules.Validate(["none", "standard"]);

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "rules[0].incentive", "rules[0].conditions[0].fact", "rules[1].conditions[0].value", "rules[2].conditions[0].value[1]", "rules[3].conditions[0].value",
        }));
    }

    [Test]
    public void A_rule_after_a_catch_all_is_reported_as_unreachable()
    {
        var rules = new SegmentRuleSet
        {
            Rules =
            [
                new SegmentRule { Name = "all", Variant = "v", Incentive = "none" },
                new SegmentRule { Name = "late", Variant = "v", Incentive = "none", Conditions = [new(Facts.FirstTime, Operators.Eq, JsonSerializer.SerializeToElement(true))] },
            ],
        };

        Assert.That(rules.Validate().Select(e => e.Path), Is.EqualTo(new[] { "rules[1]" }));
    }

    [Test]
    public void A_rule_without_a_name_is_a_parse_error_not_a_crash()
    {
        var ok = ShopSettingsStore.TryParse<SegmentRuleSet>("""{"rules":[{"variant":"v","incentive":"none"}]}""", out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error!.Message, Does.Contain("name"));
    }
}
