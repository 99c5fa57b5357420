using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Analytics;

namespace ShopifyRecovery.Experiments;

/// <summary>The worker's timer that lets experiments with <see cref="Experiment.AutoDeclare"/> end themselves.</summary>
public sealed class ExperimentMonitor(IServiceScopeFactory scopes, IOptions<ExperimentsOptions> options, TimeProvider clock,
    ILogger<ExperimentMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await EvaluateAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> EvaluateAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ExperimentService>().AutoDeclareAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick tries again; a failing check must not stop the worker.
            AnalyticsLog.AutoDeclareFailed(logger, e);
            return 0;
        }
    }
}
