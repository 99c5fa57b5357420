using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Platform;

/// <summary>
/// With no Shopify credentials the app runs as a playground: a sandbox shop is installed so the admin, the webhooks
/// and the worker have something real to work on without a Shopify store.
/// </summary>
public sealed class PlaygroundSeeder(IServiceScopeFactory scopes, IOptions<ShopifyOptions> options) : IHostedService
{
    public const string SandboxShop = "sandbox-store.myshopify.com";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsPlayground)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        if (await db.Set<Shop>().AnyAsync(s => s.Domain == SandboxShop, cancellationToken))
            return;
        var tokens = scope.ServiceProvider.GetRequiredService<ShopTokens>();
        var shop = await tokens.SaveInstallAsync(SandboxShop, new ShopifyAccessToken("shpat_sandbox", options.Value.Scopes, null, null, null), cancellationToken);
        shop.IsSandbox = true;
        shop.Name = "Sandbox Store";
        shop.Email = "owner@sandbox-store.example";
        shop.Currency = "USD";
        shop.IanaTimeZone = "America/Toronto";
        shop.CountryCode = "CA";
        shop.Address = "150 Elgin Street, Ottawa, ON K2P 1L4, Canada";
        await db.SaveChangesAsync(cancellationToken);
        // A newcomer should see the three emails arrive now, whatever the hour: no quiet hours, no holdout, until they
        // switch them on in the Flow page.
        await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>().SaveFlowAsync(shop.Id,
            FlowSettings.Default with { HoldoutPercent = 0, QuietHours = new QuietHours { Enabled = false } }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class PlaygroundServiceCollectionExtensions
{
    /// <summary>Playground time: one real second per hour of journey delay, unless Recovery:TimeScale says otherwise.</summary>
    public const double PlaygroundTimeScale = 3600;

    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddHostedService<PlaygroundSeeder>();
        services.AddOptions<RecoveryOptions>().PostConfigure<IOptions<ShopifyOptions>, IConfiguration>((recovery, shopify, configuration) =>
        {
            if (shopify.Value.IsPlayground && configuration[$"{RecoveryOptions.Section}:{nameof(RecoveryOptions.TimeScale)}"] is null)
                recovery.TimeScale = PlaygroundTimeScale;
        });
        return services;
    }
}
