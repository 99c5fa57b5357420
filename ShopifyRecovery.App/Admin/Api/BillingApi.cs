using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Billing;

namespace ShopifyRecovery.App.Admin.Api;

/// <summary>
/// GET /api/billing: the shop's plan, read again from Shopify on every call (the admin asks when it opens, and
/// Shopify returns the merchant to the app after they pick a plan), with the link to Shopify's plan selection page.
/// </summary>
public static class BillingApi
{
    public static RouteGroupBuilder MapBillingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/billing", GetAsync);
        return api;
    }

    static async Task<Ok<PlanView>> GetAsync(CurrentShop shop, ShopPlans plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.RefreshAsync(shop.Id, ct));
}
