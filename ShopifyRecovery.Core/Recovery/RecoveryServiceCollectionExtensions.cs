using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>
    /// Journeys, segments, incentives: the topic handlers, the step and reconcile handlers and their parts.
    /// Needs <see cref="Shopify.Admin.IShopifyAdmin"/>, <see cref="Email.IEmailTemplates"/> and <see cref="Email.IEmailSender"/> from their capabilities.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecoveryOptions>, RecoveryOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<ShopSettingsStore>();
        services.AddScoped<DataRetention>();
        services.AddScoped<JourneyScheduler>();
        services.AddScoped<JourneyIntake>();
        services.AddScoped<CustomerFactsProvider>();
        services.AddScoped<StepPlanner>();
        services.AddScoped<StepDelivery>();

        services.AddScoped<IShopifyTopicHandler, CheckoutTopicHandler>();
        services.AddScoped<IShopifyTopicHandler, OrderTopicHandler>();
        services.AddScoped<IShopifyTopicHandler, CustomerConsentTopicHandler>();
        services.AddScoped<IShopifyTopicHandler, RecoveryUninstallHandler>();
        services.AddScoped<IPersonalDataOwner, RecoveryPersonalData>();

        services.AddMessageHandler<JourneyStepDue, JourneyStepDueHandler>();
        services.AddMessageHandler<ReconcileShop, ReconcileShopHandler>();
        return services;
    }

    /// <summary>The reconciliation timer, for the process that runs the consumers.</summary>
    public static IServiceCollection AddRecoveryWorker(this IServiceCollection services)
    {
        services.AddSingleton<ReconciliationTimer>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconciliationTimer>());
        services.AddHostedService<DataRetentionService>();
        return services;
    }
}
