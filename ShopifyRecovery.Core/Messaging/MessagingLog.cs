using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(3001, LogLevel.Error, "Publishing the outbox failed; the next sweep retries")]
    public static partial void OutboxRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(3002, LogLevel.Warning, "Message {MessageId} of type {Type} on {Queue} failed on attempt {Attempt}; retrying in {RetryAfter}")]
    public static partial void HandlerFailed(ILogger logger, string queue, string messageId, string type, int attempt, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(3003, LogLevel.Error, "Message {MessageId} of type {Type} on {Queue} dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string queue, string messageId, string type, string reason, Exception? exception);

    [LoggerMessage(3004, LogLevel.Warning, "Message {MessageId} on {Queue} lost its lock before it was settled; its handler must be idempotent")]
    public static partial void LockLost(ILogger logger, string queue, string messageId);

    [LoggerMessage(3005, LogLevel.Error, "Receiving from {Queue} failed; reconnecting in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, string queue, TimeSpan delay, Exception exception);

    [LoggerMessage(3006, LogLevel.Debug, "Handled message {MessageId} of type {Type} on {Queue}")]
    public static partial void Handled(ILogger logger, string queue, string messageId, string type);

    [LoggerMessage(3007, LogLevel.Information, "Replayed dead letter {DeadLetterId} onto {Queue}")]
    public static partial void Replayed(ILogger logger, string queue, string deadLetterId);
}
