using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Email;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Hosting;

public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The App also runs the consumers and timers (the playground default); production runs ShopifyRecovery.Worker instead.</summary>
    public bool InProcess { get; set; } = true;
}

public static class HostingServiceCollectionExtensions
{
    /// <summary>Everything both hosts share: persistence, the bus, Shopify, and the capabilities.</summary>
    public static IServiceCollection AddShopifyRecovery(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section);
        services.AddPersistence();
        // Registered first so the schema exists before any consumer or timer starts.
        services.AddHostedService<DatabaseMigrationService>();
        services.AddMessaging();
        services.AddObservability();
        services.AddShopify();
        services.AddShopifyAdmin();
        services.AddIntake();
        services.AddBilling();
        services.AddEmail();
        services.AddRecovery();
        services.AddAnalytics();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<BusHealthCheck>("bus", tags: ["ready"]);
        return services;
    }

    /// <summary>The background side: bus consumers, outbox relay, timers.</summary>
    public static IServiceCollection AddShopifyRecoveryWorker(this IServiceCollection services)
    {
        // Stop every background service at once. Stopped one by one in reverse order, a timer stopped first (data
        // retention, reconciliation) could sit in a SQLite call waiting for the write lock that a handler of a pump not
        // yet told to stop is holding, and the whole shutdown ran into its 30 s timeout with messages left leased.
        services.Configure<HostOptions>(host => host.ServicesStopConcurrently = true);
        services.AddMessageConsumers();
        services.AddRecoveryWorker();
        services.AddAnalyticsWorker();
        return services;
    }
}

/// <summary>Readies the database before anything else runs: migrations (where this process applies them), then the app's keys.</summary>
sealed class DatabaseMigrationService(DatabaseInitializer initializer, AppSecrets secrets, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
            await initializer.MigrateAsync(cancellationToken);
        await secrets.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
    }
}

sealed class BusHealthCheck(IMessageTransport transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await transport.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The {transport.Name} bus cannot be reached.");
}
