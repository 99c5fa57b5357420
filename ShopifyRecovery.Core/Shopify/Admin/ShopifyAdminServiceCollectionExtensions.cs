using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using ShopifyRecovery.Shopify.Admin.Simulation;

namespace ShopifyRecovery.Shopify.Admin;

public static class ShopifyAdminServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IShopifyAdmin"/>: the simulated sandbox shop in the playground, otherwise the real Admin GraphQL API
    /// (at <c>Shopify:ApiBaseUrlOverride</c> when set, which also makes the playground talk to a fake Shopify).
    /// Singletons: each call resolves its token in a scope of its own.
    /// </summary>
    public static IServiceCollection AddShopifyAdmin(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminThrottle>();
        services.AddSingleton<AdminGraphQL>();
        services.AddSingleton<ShopifyAdminClient>();
        services.AddSingleton<SimulatedShopifyAdmin>();
        services.AddSingleton<IShopifyAdmin>(sp =>
        {
            if (!UsesSimulation(sp.GetRequiredService<IOptions<ShopifyOptions>>().Value))
                return sp.GetRequiredService<ShopifyAdminClient>();
            AdminLog.Simulated(sp.GetRequiredService<ILogger<SimulatedShopifyAdmin>>());
            return sp.GetRequiredService<SimulatedShopifyAdmin>();
        });

        // The whole call, retries included, is bounded by the client timeout.
        services.AddHttpClient(AdminGraphQL.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(90))
            .AddResilienceHandler("shopify-admin", (pipeline, context) =>
            {
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                // 429 and 5xx with exponential backoff and jitter (Retry-After honoured). Mutations are retried too:
                // a discount create that did land comes back as TAKEN and is then looked up, never duplicated.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 4,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = TimeSpan.FromSeconds(20),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
            });
        return services;
    }

    public static bool UsesSimulation(ShopifyOptions options) =>
        options.IsPlayground && string.IsNullOrEmpty(options.ApiBaseUrlOverride);
}
