using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>Messaging's event ids run 3001–3099; the AMQP transports use 3020–3039.</summary>
internal static partial class AmqpLog
{
    [LoggerMessage(3020, LogLevel.Warning, "{Transport} connection lost ({Reason}); reconnecting")]
    public static partial void Reconnecting(ILogger logger, string transport, string reason);

    [LoggerMessage(3021, LogLevel.Warning, "{Transport} send to {Node} was cut off; sending again on a new connection")]
    public static partial void SendInDoubt(ILogger logger, string transport, string node, Exception exception);

    [LoggerMessage(3022, LogLevel.Warning, "{Transport} could not re-send message {MessageId} on {Queue}; gave the original back instead")]
    public static partial void CopyFailed(ILogger logger, string transport, string queue, string messageId, Exception exception);

    [LoggerMessage(3023, LogLevel.Warning, "Renewing the lock of message {MessageId} on {Queue} failed")]
    public static partial void RenewFailed(ILogger logger, string queue, string messageId, Exception exception);
}
