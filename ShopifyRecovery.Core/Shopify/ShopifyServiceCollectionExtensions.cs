using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Security;
using ShopifyRecovery.Security.KeyVault;

namespace ShopifyRecovery.Shopify;

public static class ShopifyServiceCollectionExtensions
{
    public static IServiceCollection AddShopify(this IServiceCollection services)
    {
        services.AddOptions<ShopifyOptions>().BindConfiguration(ShopifyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShopifyOptions>, ShopifyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ShopifyOptions>>().Value;
            return new SessionTokenValidator(options.ClientId, options.SigningSecrets, sp.GetRequiredService<TimeProvider>());
        });
        // Token calls are not retried here: an authorization code works once, and a refresh token rotates on use.
        services.AddHttpClient<ShopifyAuthClient>(client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddScoped<ShopTokens>();
        // Keys live in the database so every App and Worker instance can read what another encrypted.
        services.AddDataProtection()
            .SetApplicationName("ShopifyRecovery")
            .PersistKeysToDbContext<RecoveryDbContext>();
        services.AddKeyRingProtection();
        services.AddSingleton<AppSecrets>();
        return services;
    }
}
