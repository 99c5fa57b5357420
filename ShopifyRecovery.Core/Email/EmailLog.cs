using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Email;

internal static partial class EmailLog
{
    [LoggerMessage(5001, LogLevel.Information, "Wrote email {IdempotencyKey} to the outbox")]
    public static partial void WrittenToOutbox(ILogger logger, string idempotencyKey);

    [LoggerMessage(5002, LogLevel.Information, "SendGrid accepted email {IdempotencyKey} as {ProviderMessageId}")]
    public static partial void SendGridAccepted(ILogger logger, string idempotencyKey, string? providerMessageId);

    [LoggerMessage(5003, LogLevel.Warning, "SendGrid answered {StatusCode} for email {IdempotencyKey}: {Status}")]
    public static partial void SendGridRefused(ILogger logger, string idempotencyKey, int statusCode, SendStatus status);

    [LoggerMessage(5004, LogLevel.Warning, "SendGrid call for email {IdempotencyKey} failed: {Status}")]
    public static partial void SendGridFailed(ILogger logger, string idempotencyKey, SendStatus status, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Rejected a SendGrid event post: {Reason}")]
    public static partial void EventPostRejected(ILogger logger, string reason);

    [LoggerMessage(5006, LogLevel.Information, "SendGrid event post: {Applied} events applied, {Duplicates} already seen, {Unmatched} not matched to a sent email")]
    public static partial void EventsApplied(ILogger logger, int applied, int duplicates, int unmatched);

    [LoggerMessage(5007, LogLevel.Information, "Recorded a click on email {EmailSendId} of journey {JourneyId}")]
    public static partial void Clicked(ILogger logger, Guid emailSendId, Guid journeyId);

    [LoggerMessage(5008, LogLevel.Information, "Unsubscribed an address from shop {ShopId}")]
    public static partial void Unsubscribed(ILogger logger, long shopId);
}
