using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>Reports and experiments: what both hosts need to answer the admin and to assign arms at send time.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<ExperimentsOptions>().BindConfiguration(ExperimentsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentsOptions>, ExperimentsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ShopSettingsStore>();
        services.AddScoped<IRecoveryReports, RecoveryReports>();
        services.AddScoped<ExperimentService>();
        services.AddScoped<IExperimentAssigner, ExperimentAssigner>();
        return services;
    }

    /// <summary>The timer that lets experiments end themselves, for the process that runs the consumers.</summary>
    public static IServiceCollection AddAnalyticsWorker(this IServiceCollection services)
    {
        services.AddHostedService<ExperimentMonitor>();
        return services;
    }
}
