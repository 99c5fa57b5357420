using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Admin.Api;

/// <summary>GET/PUT /api/flow: the steps, delays, quiet hours, frequency cap, holdout and consent policy.</summary>
public static class FlowApi
{
    public static RouteGroupBuilder MapFlowApi(this RouteGroupBuilder api)
    {
        var flow = api.MapGroup("/flow");
        flow.MapGet("/", GetAsync);
        flow.MapPut("/", PutAsync);
        return api;
    }

    static async Task<JsonHttpResult<FlowSettings>> GetAsync(CurrentShop shop, [FromServices] ShopSettingsStore store, CancellationToken ct) =>
        AdminJson.Document((await store.LoadAsync(shop.Id, ct)).Flow);

    static Task<Results<JsonHttpResult<FlowSettings>, ValidationProblem>> PutAsync(
        HttpRequest request, CurrentShop shop, [FromServices] ShopSettingsStore store, ILogger<ShopSettingsStore> logger, CancellationToken ct) =>
        AdminJson.PutPartAsync<FlowSettings>(request, shop, store, logger, "flow", "The flow", plural: false,
            flow => store.SaveFlowAsync(shop.Id, flow, ct), settings => settings.Flow, ct);
}
