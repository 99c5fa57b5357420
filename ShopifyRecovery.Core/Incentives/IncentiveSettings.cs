using System.Text.Json.Serialization;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.Incentives;

/// <summary>
/// The shop's incentive policies (segment rules pick one by name) and the guardrails no policy can break.
/// Stored as <see cref="ShopSettings.GuardrailsJson"/>. Amounts are in the shop currency.
/// </summary>
public sealed record IncentiveSettings
{
    public Guardrails Guardrails { get; init; } = new();

    public IReadOnlyList<IncentivePolicy> Policies { get; init; } = DefaultPolicies;

    public static readonly IReadOnlyList<IncentivePolicy> DefaultPolicies =
    [
        new IncentivePolicy { Name = IncentivePolicyNames.None, Tiers = [] },
        new IncentivePolicy
        {
            Name = IncentivePolicyNames.Standard,
            Tiers =
            [
                new IncentiveTier { MinimumCart = 50m, Percent = 10m },
                new IncentiveTier { MinimumCart = 150m, Percent = 15m, FreeShipping = true },
            ],
        },
    ];

    /// <summary>Declared after the lists it is built from: static initialisers run in text order.</summary>
    public static IncentiveSettings Default { get; } = new();

    public IncentivePolicy? Find(string? name) =>
        Policies.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <param name="stepCount">Steps in the shop's flow; a policy naming a step beyond it is an error.</param>
    public IReadOnlyList<SettingError> Validate(int? stepCount = null)
    {
        var errors = new List<SettingError>();
        if (Guardrails is null)
            errors.Add(new("guardrails", "is required."));
        else
            errors.AddRange(Guardrails.Validate("guardrails"));
        if (Policies is null || Policies.Count == 0)
        {
            errors.Add(new("policies", $"at least one policy is required (keep '{IncentivePolicyNames.None}' for no discount)."));
            return errors;
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Policies.Count; i++)
        {
            var policy = Policies[i];
            var path = $"policies[{i}]";
            if (policy is null)
            {
                errors.Add(new(path, "a policy is required."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(policy.Name) || policy.Name.Length > 100)
                errors.Add(new($"{path}.name", "must be a name of 1 to 100 characters."));
            else if (!names.Add(policy.Name))
                errors.Add(new($"{path}.name", $"'{policy.Name}' is used by an earlier policy; names must be unique."));
            if (policy.Step is { } step)
            {
                if (step < 2)
                    errors.Add(new($"{path}.step", $"the first step never carries a discount; it must be 2 or later (or empty for the last step), it is {step}."));
                else if (stepCount is { } count && step > count)
                    errors.Add(new($"{path}.step", $"the flow has {count} steps; there is no step {step}."));
            }
            if (policy.Tiers is null)
            {
                errors.Add(new($"{path}.tiers", "is required (an empty list means no discount)."));
                continue;
            }
            for (var t = 0; t < policy.Tiers.Count; t++)
            {
                var tier = policy.Tiers[t];
                var tierPath = $"{path}.tiers[{t}]";
                if (tier is null)
                {
                    errors.Add(new(tierPath, "a tier is required."));
                    continue;
                }
                if (tier.MinimumCart < 0)
                    errors.Add(new($"{tierPath}.minimumCart", $"must not be negative; it is {tier.MinimumCart}."));
                if (t > 0 && policy.Tiers[t - 1] is { } previous && tier.MinimumCart <= previous.MinimumCart)
                    errors.Add(new($"{tierPath}.minimumCart", $"must be above the previous tier's {previous.MinimumCart}; tiers go from small carts to large."));
                if (tier.Percent is < 0 or > 100)
                    errors.Add(new($"{tierPath}.percent", $"must be between 0 and 100; it is {tier.Percent}."));
                else if (Guardrails is not null && tier.Percent > Guardrails.EffectiveMaxPercent)
                    errors.Add(new($"{tierPath}.percent", $"{tier.Percent} % is above what the guardrails allow ({Guardrails.EffectiveMaxPercent} %: maximum {Guardrails.MaxPercent} %, margin {Guardrails.GrossMarginPercent} % with a floor of {Guardrails.MarginFloorPercent} %)."));
                if (tier.Percent == 0 && !tier.FreeShipping)
                    errors.Add(new(tierPath, "gives nothing: set a percent, free shipping, or remove the tier."));
            }
        }
        return errors;
    }
}

/// <summary>Which discount a journey gets: the highest tier its cart reaches, only in one step.</summary>
public sealed record IncentivePolicy
{
    public required string Name { get; init; }

    /// <summary>The one step (1-based) that may carry the code; empty = the flow's last enabled step. Never step 1.</summary>
    public int? Step { get; init; }

    /// <summary>Ordered by <see cref="IncentiveTier.MinimumCart"/>; carts below the first tier get nothing.</summary>
    public IReadOnlyList<IncentiveTier> Tiers { get; init; } = [];
}

public sealed record IncentiveTier
{
    /// <summary>Cart total in the shop currency from which this tier applies.</summary>
    public decimal MinimumCart { get; init; }

    public decimal Percent { get; init; }

    public bool FreeShipping { get; init; }
}

/// <summary>Limits no policy or segment rule can exceed.</summary>
public sealed record Guardrails
{
    public decimal MaxPercent { get; init; } = 20m;

    /// <summary>No code for carts below this (shop currency), whatever the policy says.</summary>
    public decimal MinimumCart { get; init; } = 50m;

    /// <summary>The shop's typical gross margin; with <see cref="MarginFloorPercent"/> it bounds the discount.</summary>
    public decimal GrossMarginPercent { get; init; } = 50m;

    /// <summary>What must be left of the margin after the discount: percent ≤ gross margin − floor.</summary>
    public decimal MarginFloorPercent { get; init; } = 25m;

    public int CodeValidityHours { get; init; } = 48;

    /// <summary>A customer (or address) holding an unexpired, unused code of ours gets no second one.</summary>
    public bool OneLiveCodePerCustomer { get; init; } = true;

    /// <summary>The largest percent any code may carry.</summary>
    [JsonIgnore]
    public decimal EffectiveMaxPercent => Math.Max(0m, Math.Min(MaxPercent, GrossMarginPercent - MarginFloorPercent));

    public IEnumerable<SettingError> Validate(string path)
    {
        if (MaxPercent is < 0 or > 90)
            yield return new($"{path}.maxPercent", $"must be between 0 and 90; it is {MaxPercent}.");
        if (MinimumCart < 0)
            yield return new($"{path}.minimumCart", $"must not be negative; it is {MinimumCart}.");
        if (GrossMarginPercent is < 0 or > 100)
            yield return new($"{path}.grossMarginPercent", $"must be between 0 and 100; it is {GrossMarginPercent}.");
        if (MarginFloorPercent is < 0 or > 100)
            yield return new($"{path}.marginFloorPercent", $"must be between 0 and 100; it is {MarginFloorPercent}.");
        else if (MarginFloorPercent > GrossMarginPercent)
            yield return new($"{path}.marginFloorPercent", $"{MarginFloorPercent} % is above the gross margin of {GrossMarginPercent} %: no discount could ever be given.");
        if (CodeValidityHours is < 1 or > 720)
            yield return new($"{path}.codeValidityHours", $"must be between 1 and 720 (30 days); it is {CodeValidityHours}.");
    }
}
