using System.Text.Json;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Segments;

/// <summary>
/// Ordered segment rules, first match wins; each picks a template variant and an incentive policy. Stored as
/// <see cref="ShopSettings.SegmentRulesJson"/>. A rule with no conditions matches everyone, so a set ends with one.
/// </summary>
public sealed record SegmentRuleSet
{
    public const int MaxRules = 50;

    public IReadOnlyList<SegmentRule> Rules { get; init; } = DefaultRules;

    /// <summary>
    /// Loyal customers would buy anyway and discount seekers learn to wait, so neither gets a code; big carts and
    /// first-time buyers get the standard tiers (which only ever put a code in the last step).
    /// </summary>
    public static readonly IReadOnlyList<SegmentRule> DefaultRules =
    [
        new SegmentRule
        {
            Name = "vip", Variant = "vip", Incentive = IncentivePolicyNames.None,
            Conditions = [new(Facts.RfmSegment, Operators.In, JsonSerializer.SerializeToElement(new[] { RfmSegments.Champion, RfmSegments.Loyal }))],
        },
        new SegmentRule
        {
            Name = "discount-seeker", Variant = "default", Incentive = IncentivePolicyNames.None,
            Conditions = [new(Facts.DiscountSeeker, Operators.Eq, JsonSerializer.SerializeToElement(true))],
        },
        new SegmentRule
        {
            Name = "repeat-abandoner", Variant = "default", Incentive = IncentivePolicyNames.None,
            Conditions = [new(Facts.RepeatAbandoner, Operators.Eq, JsonSerializer.SerializeToElement(true))],
        },
        new SegmentRule
        {
            Name = "first-time", Variant = "new", Incentive = IncentivePolicyNames.Standard,
            Conditions = [new(Facts.FirstTime, Operators.Eq, JsonSerializer.SerializeToElement(true))],
        },
        new SegmentRule { Name = "everyone", Variant = "default", Incentive = IncentivePolicyNames.Standard, Conditions = [] },
    ];

    /// <summary>Declared after the lists it is built from: static initialisers run in text order.</summary>
    public static SegmentRuleSet Default { get; } = new();

    /// <param name="knownPolicies">Incentive policy names the shop defines; a rule naming another is an error.</param>
    public IReadOnlyList<SettingError> Validate(IReadOnlyCollection<string>? knownPolicies = null)
    {
        var errors = new List<SettingError>();
        if (Rules is null || Rules.Count == 0)
        {
            errors.Add(new("rules", "at least one rule is required (a last rule without conditions catches everyone)."));
            return errors;
        }
        if (Rules.Count > MaxRules)
            errors.Add(new("rules", $"at most {MaxRules} rules are allowed; there are {Rules.Count}."));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var path = $"rules[{i}]";
            if (rule is null)
            {
                errors.Add(new(path, "a rule is required."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
                errors.Add(new($"{path}.name", "must be a name of 1 to 100 characters."));
            else if (!names.Add(rule.Name))
                errors.Add(new($"{path}.name", $"'{rule.Name}' is used by an earlier rule; names must be unique."));
            if (string.IsNullOrWhiteSpace(rule.Variant) || rule.Variant.Length > 100)
                errors.Add(new($"{path}.variant", "must be a template variant name of 1 to 100 characters."));
            if (string.IsNullOrWhiteSpace(rule.Incentive))
                errors.Add(new($"{path}.incentive", "must name an incentive policy."));
            else if (knownPolicies is not null && !knownPolicies.Contains(rule.Incentive, StringComparer.OrdinalIgnoreCase))
                errors.Add(new($"{path}.incentive", $"'{rule.Incentive}' is not one of the shop's incentive policies ({string.Join(", ", knownPolicies)})."));
            if (rule.Conditions is null)
            {
                errors.Add(new($"{path}.conditions", "is required (an empty list matches everyone)."));
                continue;
            }
            for (var c = 0; c < rule.Conditions.Count; c++)
                errors.AddRange(ValidateCondition(rule.Conditions[c], $"{path}.conditions[{c}]"));
        }
        var catchAll = Rules.Select((r, i) => (r, i)).FirstOrDefault(x => x.r is { Conditions.Count: 0 });
        if (catchAll.r is not null && catchAll.i < Rules.Count - 1)
            errors.Add(new($"rules[{catchAll.i + 1}]", $"can never match: rule '{catchAll.r.Name}' before it has no conditions and matches everyone."));
        return errors;
    }

    static IEnumerable<SettingError> ValidateCondition(SegmentCondition? condition, string path)
    {
        if (condition is null)
        {
            yield return new(path, "a condition is required.");
            yield break;
        }
        if (condition.Fact is null || !Facts.Kinds.TryGetValue(condition.Fact, out var kind))
        {
            yield return new($"{path}.fact", $"'{condition.Fact}' is not one of {string.Join(", ", Facts.Kinds.Keys)}.");
            yield break;
        }
        var allowed = Operators.For(kind);
        if (condition.Operator is null || !allowed.Contains(condition.Operator))
        {
            yield return new($"{path}.operator", $"'{condition.Operator}' is not one of {string.Join(", ", allowed)} (for {condition.Fact}).");
            yield break;
        }
        var value = condition.Value;
        var listOperator = condition.Operator is Operators.In or Operators.NotIn;
        if (listOperator)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            {
                yield return new($"{path}.value", $"'{condition.Operator}' needs a non-empty list of values.");
                yield break;
            }
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (!Fits(item, kind))
                    yield return new($"{path}.value[{index}]", $"{Describe(item)} is not a {KindName(kind)}, which {condition.Fact} is.");
                index++;
            }
        }
        else if (!Fits(value, kind))
        {
            yield return new($"{path}.value", $"{Describe(value)} is not a {KindName(kind)}, which {condition.Fact} is.");
        }
        else if (condition.Fact == Facts.RfmSegment && value.ValueKind == JsonValueKind.String && !RfmSegments.All.Contains(value.GetString()!))
        {
            yield return new($"{path}.value", $"'{value.GetString()}' is not one of {string.Join(", ", RfmSegments.All)}.");
        }
        if (condition.Fact == Facts.RfmSegment && listOperator)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && !RfmSegments.All.Contains(item.GetString()!))
                    yield return new($"{path}.value[{index}]", $"'{item.GetString()}' is not one of {string.Join(", ", RfmSegments.All)}.");
                index++;
            }
        }
    }

    static bool Fits(JsonElement value, FactKind kind) => kind switch
    {
        FactKind.Number => value.ValueKind == JsonValueKind.Number,
        FactKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()),
    };

    static string KindName(FactKind kind) => kind switch
    {
        FactKind.Number => "number",
        FactKind.Boolean => "true/false",
        FactKind.Text => "text",
        _ => "list of texts",
    };

    static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "a missing value" : $"'{value.GetRawText()}'";
}

public sealed record SegmentRule
{
    public required string Name { get; init; }

    /// <summary>All must hold (AND); an empty list matches everyone.</summary>
    public IReadOnlyList<SegmentCondition> Conditions { get; init; } = [];

    /// <summary>Template variant for every step of journeys this rule matches.</summary>
    public required string Variant { get; init; }

    /// <summary>Name of an incentive policy (see <c>IncentiveSettings.Policies</c>).</summary>
    public required string Incentive { get; init; }

    /// <summary>Discount seekers get no code unless the rule that matched them says so explicitly.</summary>
    public bool AllowDiscountSeekers { get; init; }
}

/// <summary><c>{"fact": "cart_value", "operator": "gte", "value": 150}</c>.</summary>
public sealed record SegmentCondition(string Fact, string Operator, JsonElement Value);

public enum FactKind { Number, Boolean, Text, TextSet }

public static class Facts
{
    public const string CartValue = "cart_value";
    public const string OrdersCount = "orders_count";
    public const string AmountSpent = "amount_spent";
    public const string RfmScore = "rfm_score";
    public const string RfmSegment = "rfm_segment";
    public const string FirstTime = "first_time";
    public const string Returning = "returning";
    public const string RepeatAbandoner = "repeat_abandoner";
    public const string DiscountSeeker = "discount_seeker";
    public const string ProductType = "product_type";

    public static readonly IReadOnlyDictionary<string, FactKind> Kinds = new Dictionary<string, FactKind>(StringComparer.Ordinal)
    {
        [CartValue] = FactKind.Number,
        [OrdersCount] = FactKind.Number,
        [AmountSpent] = FactKind.Number,
        [RfmScore] = FactKind.Number,
        [RfmSegment] = FactKind.Text,
        [FirstTime] = FactKind.Boolean,
        [Returning] = FactKind.Boolean,
        [RepeatAbandoner] = FactKind.Boolean,
        [DiscountSeeker] = FactKind.Boolean,
        [ProductType] = FactKind.TextSet,
    };
}

public static class Operators
{
    public const string Eq = "eq";
    public const string Neq = "neq";
    public const string Gt = "gt";
    public const string Gte = "gte";
    public const string Lt = "lt";
    public const string Lte = "lte";
    public const string In = "in";
    public const string NotIn = "not_in";
    /// <summary>For product types: the cart holds at least one line of this type.</summary>
    public const string Contains = "contains";

    public static IReadOnlyList<string> For(FactKind kind) => kind switch
    {
        FactKind.Number => [Eq, Neq, Gt, Gte, Lt, Lte, In, NotIn],
        FactKind.Boolean => [Eq, Neq],
        FactKind.Text => [Eq, Neq, In, NotIn],
        _ => [Contains, In, NotIn],
    };
}

/// <summary>Names for RFM groups, from <c>Rfm.Segment</c>.</summary>
public static class RfmSegments
{
    public const string New = "new";
    public const string Champion = "champion";
    public const string Loyal = "loyal";
    public const string Recent = "recent";
    public const string AtRisk = "at_risk";
    public const string Lapsed = "lapsed";

    public static readonly IReadOnlyList<string> All = [New, Champion, Loyal, Recent, AtRisk, Lapsed];
}

/// <summary>The incentive policies every shop starts with.</summary>
public static class IncentivePolicyNames
{
    public const string None = "none";
    public const string Standard = "standard";
}
