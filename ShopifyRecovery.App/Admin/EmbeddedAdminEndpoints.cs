using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Admin.Api;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Admin;

/// <summary>The embedded admin: its shell and assets, and the JSON API under /api (session token, shop-scoped).</summary>
public static class EmbeddedAdminEndpoints
{
    public static IServiceCollection AddEmbeddedAdmin(this IServiceCollection services)
    {
        services.AddScoped<RecentJourneys>();
        services.AddScoped<TemplateStore>();
        services.AddScoped<EmailPreviewModels>();
        return services;
    }

    public static IEndpointRouteBuilder MapEmbeddedAdmin(this IEndpointRouteBuilder app)
    {
        var playground = app.ServiceProvider.GetRequiredService<IOptions<ShopifyOptions>>().Value.IsPlayground;
        app.MapAdminShell();
        if (playground)
            app.MapPlaygroundSession();

        var api = app.MapAdminApiGroup();
        api.MapFlowApi();
        api.MapSegmentsApi();
        api.MapIncentivesApi();
        api.MapTemplatesApi();
        api.MapJourneysApi();
        api.MapSuppressionsApi();
        api.MapSettingsApi();
        api.MapBillingApi();
        if (playground)
            api.MapPlaygroundApi();
        return app;
    }
}
