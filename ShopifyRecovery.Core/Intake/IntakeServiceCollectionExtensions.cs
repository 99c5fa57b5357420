using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Messaging;

namespace ShopifyRecovery.Intake;

public static class IntakeServiceCollectionExtensions
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<WebhookIntake>();
        services.AddRawMessageHandler<ShopifyWebhookHandler>(ShopifyWebhookReceived.Type);
        services.AddScoped<IShopifyTopicHandler, ShopLifecycleHandler>();
        services.AddScoped<IShopifyTopicHandler, ComplianceHandler>();
        return services;
    }
}
