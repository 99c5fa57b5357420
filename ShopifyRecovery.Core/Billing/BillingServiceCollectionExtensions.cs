using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Intake;

namespace ShopifyRecovery.Billing;

public static class BillingServiceCollectionExtensions
{
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        services.AddScoped<IShopifyTopicHandler, AppSubscriptionHandler>();
        services.AddScoped<ShopPlans>();
        return services;
    }
}
