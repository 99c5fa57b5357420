using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Recovery;

public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>How many times faster than real time journey delays run (demos, black-box tests); 1 in production.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How often each installed shop is reconciled against the Admin API.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back the first reconciliation of a shop looks (older checkouts are not worth a first reminder).</summary>
    public TimeSpan FirstReconcileLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A send still pending after this long lost its message (dead-lettered); reconciliation settles or resumes it.</summary>
    public TimeSpan StalePendingSendAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Unused codes are deleted from Shopify this long after they expire (keeps the shop under the code cap).</summary>
    public TimeSpan ExpiredCodeGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Run the reconciliation timer in this process (the Worker, or the App with the worker in-process).</summary>
    public bool ReconcileTimerEnabled { get; set; } = true;
}

sealed class RecoveryOptionsValidator : IValidateOptions<RecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, RecoveryOptions options)
    {
        var errors = new List<string>();
        if (double.IsNaN(options.TimeScale) || options.TimeScale < 1 || options.TimeScale > 100_000)
            errors.Add($"Recovery:TimeScale must be between 1 (real time) and 100000; it is {options.TimeScale}.");
        if (options.ReconcileInterval < TimeSpan.FromSeconds(10) || options.ReconcileInterval > TimeSpan.FromDays(1))
            errors.Add($"Recovery:ReconcileInterval must be between 00:00:10 and 1.00:00:00; it is {options.ReconcileInterval}.");
        if (options.FirstReconcileLookback < TimeSpan.Zero || options.FirstReconcileLookback > TimeSpan.FromDays(14))
            errors.Add($"Recovery:FirstReconcileLookback must be between 00:00:00 and 14.00:00:00; it is {options.FirstReconcileLookback}.");
        if (options.StalePendingSendAfter < TimeSpan.FromMinutes(1))
            errors.Add($"Recovery:StalePendingSendAfter must be at least 00:01:00 (longer than the bus' retries); it is {options.StalePendingSendAfter}.");
        if (options.ExpiredCodeGrace < TimeSpan.Zero)
            errors.Add($"Recovery:ExpiredCodeGrace must not be negative; it is {options.ExpiredCodeGrace}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
