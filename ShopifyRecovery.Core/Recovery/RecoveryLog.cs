using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Recovery;

internal static partial class RecoveryLog
{
    [LoggerMessage(2001, LogLevel.Information, "Sent step {Step} of journey {JourneyId} for {ShopDomain}")]
    public static partial void StepSent(ILogger logger, string shopDomain, Guid journeyId, int step);

    [LoggerMessage(2002, LogLevel.Information, "Started journey {JourneyId} for {ShopDomain} (holdout: {Holdout})")]
    public static partial void JourneyStarted(ILogger logger, string shopDomain, Guid journeyId, bool holdout);

    [LoggerMessage(2003, LogLevel.Information, "Journey {JourneyId} for {ShopDomain} recovered ({Attribution})")]
    public static partial void JourneyRecovered(ILogger logger, string shopDomain, Guid journeyId, Attribution attribution);

    [LoggerMessage(2004, LogLevel.Debug, "Ignored a checkout from {ShopDomain} with source {Source}: not a storefront checkout")]
    public static partial void CheckoutNotFromStorefront(ILogger logger, string shopDomain, string source);

    [LoggerMessage(2005, LogLevel.Debug, "Dropped step {Step} of journey {JourneyId} for {ShopDomain}: {Reason}")]
    public static partial void StepDropped(ILogger logger, string shopDomain, Guid journeyId, int step, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Skipped step {Step} of journey {JourneyId} for {ShopDomain}: {Reason}")]
    public static partial void StepSkipped(ILogger logger, string shopDomain, Guid journeyId, int step, string reason);

    [LoggerMessage(2007, LogLevel.Information, "Deferred step {Step} of journey {JourneyId} for {ShopDomain} to {Until} (quiet hours)")]
    public static partial void StepDeferred(ILogger logger, string shopDomain, Guid journeyId, int step, DateTimeOffset until);

    [LoggerMessage(2008, LogLevel.Warning, "Step {Step} of journey {JourneyId} for {ShopDomain}: the provider failed transiently ({Error}); the bus retries")]
    public static partial void SendTransientFailure(ILogger logger, string shopDomain, Guid journeyId, int step, string? error);

    [LoggerMessage(2009, LogLevel.Error, "Step {Step} of journey {JourneyId} for {ShopDomain} failed for good: {Error}")]
    public static partial void SendFailed(ILogger logger, string shopDomain, Guid journeyId, int step, string? error);

    [LoggerMessage(2010, LogLevel.Warning, "Step {Step} of journey {JourneyId} for {ShopDomain}: outcome unknown ({Error}); it will not be resent")]
    public static partial void SendUnknown(ILogger logger, string shopDomain, Guid journeyId, int step, string? error);

    [LoggerMessage(2011, LogLevel.Warning, "Discount code for step {Step} of journey {JourneyId} for {ShopDomain} was rejected: {Errors}; the email goes without it")]
    public static partial void DiscountRejected(ILogger logger, string shopDomain, Guid journeyId, int step, string errors);

    [LoggerMessage(2012, LogLevel.Warning, "Customer facts for {ShopDomain} could not be fetched; segmenting with what is cached")]
    public static partial void CustomerFactsUnavailable(ILogger logger, string shopDomain, Exception exception);

    [LoggerMessage(2013, LogLevel.Information, "Reconciled {ShopDomain}: {Checkouts} checkouts, {Orders} orders, {Expired} journeys expired")]
    public static partial void Reconciled(ILogger logger, string shopDomain, int checkouts, int orders, int expired);

    [LoggerMessage(2014, LogLevel.Warning, "Deleting expired discount {DiscountId} of {ShopDomain} failed; the next run retries")]
    public static partial void CodeCleanupFailed(ILogger logger, string shopDomain, long discountId, Exception exception);

    [LoggerMessage(2015, LogLevel.Error, "Scheduling reconciliation failed; the next tick retries")]
    public static partial void ReconcileTimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(2016, LogLevel.Warning, "Pending send {EmailSendId} of {ShopDomain} was left mid-attempt; marked unknown, never resent")]
    public static partial void PendingSendAbandoned(ILogger logger, string shopDomain, Guid emailSendId);

    [LoggerMessage(2017, LogLevel.Information, "Closed {Count} active journeys of {ShopDomain}: {Reason}")]
    public static partial void JourneysClosed(ILogger logger, string shopDomain, int count, string reason);

    [LoggerMessage(2040, LogLevel.Information, "Data retention removed {Count} closed journeys past their shops' retention")]
    public static partial void RetentionApplied(ILogger logger, int count);

    [LoggerMessage(2041, LogLevel.Error, "Data retention failed; the next daily run retries")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
