using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Analytics;

/// <summary>Event ids 6001–6099: Analytics (6001–6049) and Experiments (6050–6099).</summary>
internal static partial class AnalyticsLog
{
    [LoggerMessage(6001, LogLevel.Debug, "Built the report for {ShopDomain} from {From} to {To} in {ElapsedMs:0.0} ms")]
    public static partial void ReportBuilt(ILogger logger, string shopDomain, DateOnly from, DateOnly to, double elapsedMs);

    [LoggerMessage(6050, LogLevel.Information, "Experiment {ExperimentId} of {ShopDomain} started on step {Step}")]
    public static partial void ExperimentStarted(ILogger logger, string shopDomain, long experimentId, int step);

    [LoggerMessage(6051, LogLevel.Information, "Experiment {ExperimentId} of {ShopDomain}: arm {Arm} declared the winner ({Reason})")]
    public static partial void WinnerDeclared(ILogger logger, string shopDomain, long experimentId, string arm, string reason);

    [LoggerMessage(6052, LogLevel.Warning, "Experiment {ExperimentId} of {ShopDomain}: the winner could not be rolled out into the flow: {Errors}")]
    public static partial void RolloutRejected(ILogger logger, string shopDomain, long experimentId, string errors);

    [LoggerMessage(6053, LogLevel.Error, "Checking running experiments for a winner failed")]
    public static partial void AutoDeclareFailed(ILogger logger, Exception exception);

    [LoggerMessage(6054, LogLevel.Information, "Experiment {ExperimentId} of {ShopDomain} stopped (it was {Was}); nothing of it applies any more")]
    public static partial void ExperimentStopped(ILogger logger, string shopDomain, long experimentId, string was);
}
