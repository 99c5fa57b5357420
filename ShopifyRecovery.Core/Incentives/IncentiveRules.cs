using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Incentives;

/// <summary>What a step offers. <see cref="Reason"/> says why (shown on the journey timeline), also when nothing is offered.</summary>
public sealed record Incentive(decimal Percent, bool FreeShipping, string Reason)
{
    public bool Any => Percent > 0 || FreeShipping;

    public static Incentive None(string reason) => new(0m, false, reason);
}

/// <summary>Everything the incentive decision looks at; amounts in the shop currency.</summary>
public sealed record IncentiveInput(
    int Step,
    FlowSettings Flow,
    IncentiveSettings Settings,
    string PolicyName,
    decimal CartValue,
    bool DiscountSeeker,
    bool RuleAllowsDiscountSeekers,
    bool CustomerHasLiveCode);

/// <summary>
/// The incentive decision, pure. Discounts teach shoppers to abandon on purpose, so the guardrails come first and
/// no policy can get round them: never in step 1, only in the one step the policy names (the last by default),
/// never below the minimum cart, never above the maximum or the margin floor, one live code per customer, and
/// nothing for discount seekers unless the matching rule grants it.
/// </summary>
public static class IncentiveRules
{
    public static Incentive Choose(IncentiveInput input)
    {
        if (input.Step <= 1)
            return Incentive.None("never_in_first_step");
        var policy = input.Settings.Find(input.PolicyName);
        if (policy is null || policy.Tiers.Count == 0)
            return Incentive.None("policy_gives_none");
        var policyStep = policy.Step ?? input.Flow.LastEnabledStep;
        if (policyStep != input.Step)
            return Incentive.None("not_the_incentive_step");
        if (input.DiscountSeeker && !input.RuleAllowsDiscountSeekers)
            return Incentive.None("discount_seeker");
        var guardrails = input.Settings.Guardrails;
        if (input.CartValue < guardrails.MinimumCart)
            return Incentive.None("below_minimum_cart");
        var tier = policy.Tiers.Where(t => input.CartValue >= t.MinimumCart).MaxBy(t => t.MinimumCart);
        if (tier is null)
            return Incentive.None("below_first_tier");
        if (guardrails.OneLiveCodePerCustomer && input.CustomerHasLiveCode)
            return Incentive.None("customer_has_live_code");
        var percent = Math.Clamp(tier.Percent, 0m, guardrails.EffectiveMaxPercent);
        var incentive = new Incentive(percent, tier.FreeShipping, percent < tier.Percent ? "tier_capped_by_guardrails" : "tier");
        return incentive.Any ? incentive : Incentive.None("guardrails_leave_nothing");
    }
}
