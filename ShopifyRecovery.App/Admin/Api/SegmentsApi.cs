using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record DiscountPreview(int? Step, decimal Percent, bool FreeShipping, string Reason);

public sealed record SegmentPreviewRow(
    Guid JourneyId, DateTimeOffset CreatedAt, string? CustomerName, string? Email, decimal CartValue, string Currency,
    string Status, string? Rule, string Variant, string Incentive, DiscountPreview Discount);

public sealed record RuleCount(string? Rule, int Journeys);

public sealed record SegmentPreview(int Considered, IReadOnlyList<RuleCount> ByRule, IReadOnlyList<SegmentPreviewRow> Journeys);

/// <summary>GET/PUT /api/segments (ordered rules) and POST /api/segments/preview: who the posted rules would match.</summary>
public static class SegmentsApi
{
    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments");
        segments.MapGet("/", GetAsync);
        segments.MapPut("/", PutAsync);
        segments.MapPost("/preview", PreviewAsync);
        return api;
    }

    static async Task<JsonHttpResult<SegmentRuleSet>> GetAsync(CurrentShop shop, [FromServices] ShopSettingsStore store, CancellationToken ct) =>
        AdminJson.Document((await store.LoadAsync(shop.Id, ct)).Segments);

    static Task<Results<JsonHttpResult<SegmentRuleSet>, ValidationProblem>> PutAsync(
        HttpRequest request, CurrentShop shop, [FromServices] ShopSettingsStore store, ILogger<ShopSettingsStore> logger, CancellationToken ct) =>
        AdminJson.PutPartAsync<SegmentRuleSet>(request, shop, store, logger, "segments", "The rules", plural: true,
            rules => store.SaveSegmentsAsync(shop.Id, rules, ct), settings => settings.Segments, ct);

    /// <summary>
    /// Evaluates the posted (unsaved) rules over the shop's recent journeys with the same evaluator the step handler
    /// uses, against the saved flow and incentives, so the merchant sees the effect before saving.
    /// </summary>
    static async Task<Results<Ok<SegmentPreview>, ValidationProblem>> PreviewAsync(
        HttpRequest request, CurrentShop shop, [FromServices] ShopSettingsStore store, RecentJourneys recent, CancellationToken ct)
    {
        var (rules, parseError) = await AdminJson.ReadAsync<SegmentRuleSet>(request, ct);
        if (rules is null)
            return TypedResults.ValidationProblem(new[] { parseError! }.ToProblemErrors(), title: "The rules are not valid JSON");
        var settings = await store.LoadAsync(shop.Id, ct);
        if (rules.Validate(settings.Incentives.Policies.Select(p => p.Name).ToList()) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors.ToProblemErrors(), title: "The rules are not valid");

        var journeys = await recent.LoadAsync(shop.Id, RecentJourneys.DefaultLimit, since: null, ct);
        var rows = journeys.Select(j => Row(j, rules, settings)).ToList();
        var byRule = rows.GroupBy(r => r.Rule).Select(g => new RuleCount(g.Key, g.Count()))
            .OrderBy(c => c.Rule is null ? int.MaxValue : rules.Rules.ToList().FindIndex(r => r.Name == c.Rule)).ToList();
        return TypedResults.Ok(new SegmentPreview(rows.Count, byRule, rows));
    }

    public static SegmentPreviewRow Row(JourneyWithFacts item, SegmentRuleSet rules, RecoverySettings settings)
    {
        var (journey, facts) = item;
        var match = SegmentEvaluator.Evaluate(rules, facts);
        var discount = Discount(match, facts, settings);
        var name = string.Join(' ', new[] { journey.FirstName, journey.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new SegmentPreviewRow(journey.Id, journey.CreatedAt, name.Length == 0 ? null : name, journey.Email, journey.ShopTotal,
            journey.ShopCurrency, journey.Status.ToString(), match.RuleName,
            match.Variant ?? settings.Flow.Steps.FirstOrDefault()?.TemplateVariant ?? "default", match.Incentive, discount);
    }

    /// <summary>The discount the journey's incentive step would carry; a live code held elsewhere is only known at send time.</summary>
    public static DiscountPreview Discount(SegmentMatch match, SegmentFacts facts, RecoverySettings settings)
    {
        var step = settings.Incentives.Find(match.Incentive)?.Step ?? settings.Flow.LastEnabledStep;
        if (step is null)
            return new DiscountPreview(null, 0m, false, "no_enabled_step");
        var incentive = IncentiveRules.Choose(new IncentiveInput(step.Value, settings.Flow, settings.Incentives, match.Incentive,
            facts.CartValue, facts.DiscountSeeker, match.AllowDiscountSeekers, CustomerHasLiveCode: false));
        return new DiscountPreview(step, incentive.Percent, incentive.FreeShipping, incentive.Reason);
    }
}
