using Azure.Core;
using Azure.Identity;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Security.KeyVault;

public static class KeyRingProtectionServiceCollectionExtensions
{
    /// <summary>With <c>DataProtection:KeyVaultKeyId</c> set, every new Data Protection key is stored wrapped by that Key Vault key.</summary>
    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services)
    {
        services.AddOptions<KeyRingProtectionOptions>().BindConfiguration(KeyRingProtectionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingProtectionOptions>, KeyRingProtectionOptionsValidator>();
        // In Azure the runtime's managed identity (AZURE_CLIENT_ID names it); elsewhere the developer's az login.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<KeyVaultKeyWrapper>();
        services.AddHttpClient(KeyVaultKeyWrapper.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .AddStandardResilienceHandler();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            if (sp.GetRequiredService<IOptions<KeyRingProtectionOptions>>().Value.Enabled)
                options.XmlEncryptor = new KeyVaultXmlEncryptor(sp.GetRequiredService<KeyVaultKeyWrapper>());
        }));
        return services;
    }
}
