using System.Text.Json;

namespace ShopifyRecovery.Segments;

/// <summary>The rule that matched (null when none did) and what it picks.</summary>
public sealed record SegmentMatch(string? RuleName, string? Variant, string Incentive, bool AllowDiscountSeekers)
{
    /// <summary>No rule matched: the step's default variant and no discount.</summary>
    public static readonly SegmentMatch NoRule = new(null, null, IncentivePolicyNames.None, false);
}

/// <summary>Ordered rules, first match wins, all conditions of a rule must hold. Pure.</summary>
public static class SegmentEvaluator
{
    public static SegmentMatch Evaluate(SegmentRuleSet rules, SegmentFacts facts)
    {
        foreach (var rule in rules.Rules)
        {
            if (rule.Conditions.All(c => Holds(c, facts)))
                return new(rule.Name, rule.Variant, rule.Incentive, rule.AllowDiscountSeekers);
        }
        return SegmentMatch.NoRule;
    }

    /// <summary>An invalid condition (saved rules are validated, so only a hand edit) never matches.</summary>
    public static bool Holds(SegmentCondition condition, SegmentFacts facts) => condition.Fact switch
    {
        Facts.CartValue => Number(condition, facts.CartValue),
        Facts.OrdersCount => Number(condition, facts.OrdersCount),
        Facts.AmountSpent => Number(condition, facts.AmountSpent),
        Facts.RfmScore => Number(condition, facts.Rfm.Total),
        Facts.RfmSegment => Text(condition, facts.Rfm.Segment),
        Facts.FirstTime => Boolean(condition, facts.FirstTime),
        Facts.Returning => Boolean(condition, facts.Returning),
        Facts.RepeatAbandoner => Boolean(condition, facts.RepeatAbandoner),
        Facts.DiscountSeeker => Boolean(condition, facts.DiscountSeeker),
        Facts.ProductType => TextSet(condition, facts.ProductTypes),
        _ => false,
    };

    static bool Number(SegmentCondition c, decimal actual)
    {
        if (c.Operator is Operators.In or Operators.NotIn)
        {
            if (c.Value.ValueKind != JsonValueKind.Array)
                return false;
            var any = c.Value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Number && v.GetDecimal() == actual);
            return c.Operator == Operators.In ? any : !any;
        }
        if (c.Value.ValueKind != JsonValueKind.Number || !c.Value.TryGetDecimal(out var expected))
            return false;
        return c.Operator switch
        {
            Operators.Eq => actual == expected,
            Operators.Neq => actual != expected,
            Operators.Gt => actual > expected,
            Operators.Gte => actual >= expected,
            Operators.Lt => actual < expected,
            Operators.Lte => actual <= expected,
            _ => false,
        };
    }

    static bool Boolean(SegmentCondition c, bool actual)
    {
        if (c.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return false;
        var expected = c.Value.GetBoolean();
        return c.Operator switch
        {
            Operators.Eq => actual == expected,
            Operators.Neq => actual != expected,
            _ => false,
        };
    }

    static bool Text(SegmentCondition c, string actual) => c.Operator switch
    {
        Operators.Eq => Strings(c.Value).Any(v => Same(v, actual)),
        Operators.Neq => c.Value.ValueKind == JsonValueKind.String && !Same(c.Value.GetString(), actual),
        Operators.In => c.Value.ValueKind == JsonValueKind.Array && Strings(c.Value).Any(v => Same(v, actual)),
        Operators.NotIn => c.Value.ValueKind == JsonValueKind.Array && !Strings(c.Value).Any(v => Same(v, actual)),
        _ => false,
    };

    static bool TextSet(SegmentCondition c, IReadOnlyList<string> actual)
    {
        var values = Strings(c.Value).ToList();
        if (values.Count == 0)
            return false;
        var any = actual.Any(a => values.Any(v => Same(v, a)));
        return c.Operator switch
        {
            Operators.Contains or Operators.In => any,
            Operators.NotIn => !any,
            _ => false,
        };
    }

    static IEnumerable<string?> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()),
        _ => [],
    };

    static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}
