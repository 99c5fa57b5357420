using System.Globalization;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Service Bus' AMQP dialect as pure functions (RELIABILITY-NOTES §1.4–1.8): what a send carries, which outcome each
/// settlement is, and the request messages of the $management and $cbs nodes. Not verified against a live namespace.
/// </summary>
public static class ServiceBusWire
{
    /// <summary>The SDKs' limit on dead-letter reason and description.</summary>
    public const int MaxDeadLetterTextLength = 4096;

    public const string RenewLockOperation = "com.microsoft:renew-lock";
    public const string PutTokenOperation = "put-token";
    public const string SasTokenType = "servicebus.windows.net:sastoken";
    static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    public static Message ForSend(OutgoingMessage message, int attempt, string wireMessageId, DateTimeOffset now)
    {
        var amqp = AmqpMessageMapper.ToAmqp(message, attempt, wireMessageId, now);
        if (message.DeliverAt is { } deliverAt)
        {
            amqp.MessageAnnotations ??= new MessageAnnotations();
            amqp.MessageAnnotations[AmqpWire.ScheduledEnqueueTime] = deliverAt.UtcDateTime;
        }
        return amqp;
    }

    /// <summary>delivery-count is 0-based on the wire and counts abandons and expired locks; a re-sent copy adds its own attempt.</summary>
    public static int AttemptOf(Message message) =>
        AmqpMessageMapper.AttemptProperty(message) + (int)(message.Header?.DeliveryCount ?? 0);

    public static DeliveryState Complete() => new Accepted();

    /// <summary>Abandon as both SDKs send it: the lock is released and delivery-count goes up.</summary>
    public static DeliveryState Abandon() => new Modified { DeliveryFailed = false, UndeliverableHere = false };

    public static DeliveryState DeadLetter(string reason, string description) => new Rejected
    {
        Error = new Error(AmqpWire.DeadLetterCondition)
        {
            Description = Truncate(description),
            Info = new Fields
            {
                { new Symbol(AmqpWire.DeadLetterReason), Truncate(reason) },
                { new Symbol(AmqpWire.DeadLetterErrorDescription), Truncate(description) },
            },
        },
    };

    /// <summary>The lock token is the delivery tag, 16 bytes in .NET Guid order.</summary>
    public static Guid LockToken(byte[]? deliveryTag) =>
        deliveryTag is { Length: 16 } ? new Guid(deliveryTag) : throw new ArgumentException("A Service Bus delivery tag is 16 bytes.", nameof(deliveryTag));

    public static Message RenewLockRequest(Guid lockToken, string replyTo, string associatedLinkName) =>
        ManagementRequest(RenewLockOperation, replyTo, new Map { ["lock-tokens"] = new[] { lockToken } },
            new ApplicationProperties { ["associated-link-name"] = associatedLinkName });

    /// <summary>The new lock expiry, or null when Service Bus refused (the lock was already lost).</summary>
    public static DateTimeOffset? ReadRenewLockResponse(Message response)
    {
        if (StatusOf(response, "statusCode") != 200)
            return null;
        return response.Body is Map body && body["expirations"] is DateTime[] { Length: > 0 } expirations
            ? new DateTimeOffset(DateTime.SpecifyKind(expirations[0], DateTimeKind.Utc))
            : null;
    }

    public static Message PutTokenRequest(string token, string audience, string replyTo) => new()
    {
        Properties = new Properties { MessageId = Guid.NewGuid().ToString(), ReplyTo = replyTo },
        ApplicationProperties = new ApplicationProperties
        {
            ["operation"] = PutTokenOperation,
            ["type"] = SasTokenType,
            ["name"] = audience,
        },
        BodySection = new AmqpValue { Value = token },
    };

    /// <summary>$cbs answers with HTTP codes in status-code (kebab-case, unlike $management); 200 and 202 accept the token.</summary>
    public static bool IsTokenAccepted(Message response, out string status)
    {
        var code = StatusOf(response, "status-code");
        status = $"{code} {response.ApplicationProperties?.Map["status-description"]}".Trim();
        return code is 200 or 202;
    }

    internal static string Truncate(string text) => text.Length <= MaxDeadLetterTextLength ? text : text[..MaxDeadLetterTextLength];

    static Message ManagementRequest(string operation, string replyTo, Map body, ApplicationProperties properties)
    {
        properties["operation"] = operation;
        properties["com.microsoft:server-timeout"] = (uint)ServerTimeout.TotalMilliseconds;
        return new Message
        {
            Properties = new Properties { MessageId = Guid.NewGuid().ToString(), ReplyTo = replyTo },
            ApplicationProperties = properties,
            BodySection = new AmqpValue { Value = body },
        };
    }

    static int? StatusOf(Message response, string key) =>
        response.ApplicationProperties?.Map[key] is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;
}
