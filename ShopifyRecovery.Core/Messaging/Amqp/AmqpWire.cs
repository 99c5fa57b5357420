using Amqp.Types;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>Names that appear on the wire. Application properties keep them readable by any AMQP tool.</summary>
public static class AmqpWire
{
    /// <summary>Application property: <see cref="OutgoingMessage.Type"/>.</summary>
    public const string Type = "type";

    /// <summary>Application property: which attempt a re-sent copy is; absent means 1.</summary>
    public const string Attempt = "attempt";

    /// <summary>
    /// Application property on re-sent copies: the MessageId handlers see. A copy needs its own wire id (Service Bus
    /// would drop it as a duplicate), but the inbox must still recognise the message.
    /// </summary>
    public const string OriginalMessageId = "original-message-id";

    /// <summary>Application property (RabbitMQ): when a delayed message becomes due, Unix milliseconds.</summary>
    public const string DeliverAt = "deliver-at";

    /// <summary>Application properties Service Bus puts on a dead letter; the RabbitMQ transport writes the same ones.</summary>
    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";

    /// <summary>Application property (RabbitMQ): when the message was dead-lettered, Unix milliseconds.</summary>
    public const string DeadLetteredAt = "dead-lettered-at";

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        Type, Attempt, OriginalMessageId, DeliverAt, DeadLetterReason, DeadLetterErrorDescription, DeadLetteredAt,
    };

    public static readonly Symbol PartitionKey = new("x-opt-partition-key");
    public static readonly Symbol ScheduledEnqueueTime = new("x-opt-scheduled-enqueue-time");
    public static readonly Symbol EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly Symbol LockedUntil = new("x-opt-locked-until");
    public static readonly Symbol DeadLetterCondition = new("com.microsoft:dead-letter");

    /// <summary>Service Bus' limit on properties.message-id.</summary>
    public const int MaxMessageIdLength = 128;
}
