using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record TierEstimate(string Policy, decimal MinimumCart, decimal Percent, bool FreeShipping, int Journeys, decimal AverageCart, decimal MaximumCost);

/// <summary>
/// What the guardrails and policies would have cost over the last <see cref="PeriodDays"/> days: <see cref="MaximumCost"/>
/// if every code were used, <see cref="ExpectedCost"/> at the shop's own recovery rate once there is one.
/// Free shipping is counted but not priced (the shipping amount is not known before checkout).
/// </summary>
public sealed record IncentiveEstimate(int PeriodDays, string Currency, int Journeys, int Codes, IReadOnlyList<TierEstimate> Tiers,
    decimal MaximumCost, decimal? RecoveryRate, decimal? ExpectedCost);

/// <summary>GET/PUT /api/incentives (guardrails and policies) and POST /api/incentives/estimate (their discount cost).</summary>
public static class IncentivesApi
{
    public const int EstimatePeriodDays = 30;
    const int EstimateJourneyLimit = 2000;

    public static RouteGroupBuilder MapIncentivesApi(this RouteGroupBuilder api)
    {
        var incentives = api.MapGroup("/incentives");
        incentives.MapGet("/", GetAsync);
        incentives.MapPut("/", PutAsync);
        incentives.MapPost("/estimate", EstimateAsync);
        return api;
    }

    static async Task<JsonHttpResult<IncentiveSettings>> GetAsync(CurrentShop shop, [FromServices] ShopSettingsStore store, CancellationToken ct) =>
        AdminJson.Document((await store.LoadAsync(shop.Id, ct)).Incentives);

    static Task<Results<JsonHttpResult<IncentiveSettings>, ValidationProblem>> PutAsync(
        HttpRequest request, CurrentShop shop, [FromServices] ShopSettingsStore store, ILogger<ShopSettingsStore> logger, CancellationToken ct) =>
        AdminJson.PutPartAsync<IncentiveSettings>(request, shop, store, logger, "incentives", "The incentives", plural: true,
            incentives => store.SaveIncentivesAsync(shop.Id, incentives, ct), settings => settings.Incentives, ct);

    /// <summary>Estimates the posted (unsaved) incentives, or the saved ones when the body is empty.</summary>
    static async Task<Results<Ok<IncentiveEstimate>, ValidationProblem>> EstimateAsync(
        HttpRequest request, CurrentShop shop, [FromServices] ShopSettingsStore store, RecentJourneys recent, TimeProvider clock, CancellationToken ct)
    {
        var settings = await store.LoadAsync(shop.Id, ct);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (posted, parseError) = await AdminJson.ReadAsync<IncentiveSettings>(request, ct);
            if (posted is null)
                return TypedResults.ValidationProblem(new[] { parseError! }.ToProblemErrors(), title: "The incentives are not valid JSON");
            if (posted.Validate(settings.Flow.Steps.Count) is { Count: > 0 } errors)
                return TypedResults.ValidationProblem(errors.ToProblemErrors(), title: "The incentives are not valid");
            settings = settings with { Incentives = posted };
        }
        var since = clock.GetUtcNow().AddDays(-EstimatePeriodDays);
        var journeys = await recent.LoadAsync(shop.Id, EstimateJourneyLimit, since, ct);
        return TypedResults.Ok(Estimate(journeys, settings, shop.Currency));
    }

    /// <summary>Pure: each journey through its segment rule and the incentive rules, grouped by the tier it reaches.</summary>
    public static IncentiveEstimate Estimate(IReadOnlyList<JourneyWithFacts> journeys, RecoverySettings settings, string currency)
    {
        var offers = new List<(string Policy, IncentiveTier Tier, decimal Percent, decimal Cart)>();
        foreach (var item in journeys.Where(j => !j.Journey.IsHoldout))
        {
            var match = SegmentEvaluator.Evaluate(settings.Segments, item.Facts);
            var discount = SegmentsApi.Discount(match, item.Facts, settings);
            if (discount.Percent == 0 && !discount.FreeShipping)
                continue;
            var policy = settings.Incentives.Find(match.Incentive)!;
            var tier = policy.Tiers.Where(t => item.Facts.CartValue >= t.MinimumCart).MaxBy(t => t.MinimumCart)!;
            offers.Add((policy.Name, tier, discount.Percent, item.Facts.CartValue));
        }
        var tiers = offers
            .GroupBy(o => (o.Policy, o.Tier.MinimumCart, o.Percent, o.Tier.FreeShipping))
            .Select(g => new TierEstimate(g.Key.Policy, g.Key.MinimumCart, g.Key.Percent, g.Key.FreeShipping, g.Count(),
                Math.Round(g.Average(o => o.Cart), 2), Math.Round(g.Sum(o => o.Cart * o.Percent / 100m), 2)))
            .OrderBy(t => t.Policy, StringComparer.Ordinal).ThenBy(t => t.MinimumCart)
            .ToList();
        var maximum = tiers.Sum(t => t.MaximumCost);
        var treated = journeys.Count(j => !j.Journey.IsHoldout);
        decimal? rate = treated == 0 ? null : Math.Round((decimal)journeys.Count(j => !j.Journey.IsHoldout && j.Journey.Status == JourneyStatus.Recovered) / treated, 4);
        decimal? expected = rate is { } r && r > 0 ? Math.Round(maximum * r, 2) : null;
        return new IncentiveEstimate(EstimatePeriodDays, currency, journeys.Count, offers.Count, tiers, maximum, rate, expected);
    }
}
