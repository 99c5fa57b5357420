using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Our message model to and from AMQP 1.0 messages. Pure, so the wire shape is tested without a broker:
/// properties.message-id carries the MessageId, application properties carry our string properties plus
/// <c>type</c> and <c>attempt</c>, the body is one Data section, and the header is durable.
/// </summary>
public static class AmqpMessageMapper
{
    public static Message ToAmqp(OutgoingMessage message, int attempt, string wireMessageId, DateTimeOffset now,
        IEnumerable<KeyValuePair<string, object>>? wireProperties = null)
    {
        var properties = new ApplicationProperties();
        foreach (var (key, value) in message.Properties)
        {
            if (AmqpWire.Reserved.Contains(key))
                throw new ArgumentException($"Message property '{key}' is reserved by the AMQP transports.", nameof(message));
            properties[key] = value;
        }
        properties[AmqpWire.Type] = message.Type;
        if (attempt > 1)
            properties[AmqpWire.Attempt] = attempt;
        if (wireMessageId != message.MessageId)
            properties[AmqpWire.OriginalMessageId] = message.MessageId;
        foreach (var (key, value) in wireProperties ?? [])
            properties[key] = value;

        var amqp = new Message
        {
            // Durable: a broker may keep a non-durable message in memory only and drop it on restart.
            Header = new Header { Durable = true },
            Properties = new Properties { MessageId = wireMessageId, CreationTime = now.UtcDateTime },
            ApplicationProperties = properties,
            BodySection = new Data { Binary = message.Body.ToArray() },
        };
        if (message.PartitionKey is not null)
            amqp.MessageAnnotations = new MessageAnnotations { [AmqpWire.PartitionKey] = message.PartitionKey };
        return amqp;
    }

    /// <summary>
    /// The id a copy travels under: the MessageId plus a suffix, so duplicate detection keeps copies apart.
    /// Ids longer than Service Bus allows are hashed, which keeps them deterministic.
    /// </summary>
    public static string WireMessageId(string messageId, string? suffix = null)
    {
        var id = string.IsNullOrEmpty(suffix) ? messageId : $"{messageId}#{suffix}";
        if (id.Length <= AmqpWire.MaxMessageIdLength)
            return id;
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    public static IncomingMessage FromAmqp(Message message, int attempt, DateTimeOffset receivedAt)
    {
        var wireId = WireIdOf(message);
        return new IncomingMessage(
            MessageId: ReadString(message, AmqpWire.OriginalMessageId) ?? wireId,
            Type: ReadString(message, AmqpWire.Type) ?? "",
            Body: BodyOf(message),
            Attempt: attempt,
            PartitionKey: message.MessageAnnotations?[AmqpWire.PartitionKey] as string,
            Properties: UserProperties(message),
            EnqueuedAt: EnqueuedAt(message) ?? receivedAt);
    }

    /// <summary>The attempt a (copied) message was sent as; the first send carries none.</summary>
    public static int AttemptProperty(Message message) =>
        message.ApplicationProperties?.Map[AmqpWire.Attempt] is { } value
            ? Math.Max(1, Convert.ToInt32(value, CultureInfo.InvariantCulture))
            : 1;

    public static string WireIdOf(Message message) => message.Properties?.GetMessageId()?.ToString() ?? "";

    public static OutgoingMessage ToOutgoing(IncomingMessage message, DateTimeOffset? deliverAt = null) =>
        new(message.MessageId, message.Type, message.Body)
        {
            PartitionKey = message.PartitionKey,
            Properties = message.Properties,
            DeliverAt = deliverAt,
        };

    public static DeadLetter ToDeadLetter(string queue, Message message, int attempt, DateTimeOffset receivedAt)
    {
        var incoming = FromAmqp(message, attempt, receivedAt);
        return new DeadLetter(
            Id: WireIdOf(message),
            Queue: queue,
            MessageId: incoming.MessageId,
            Type: incoming.Type,
            // A message the broker dead-lettered on its own (RabbitMQ's dead-letter exchange) carries no reason.
            Reason: ReadString(message, AmqpWire.DeadLetterReason) ?? "DeadLetteredByBroker",
            Description: ReadString(message, AmqpWire.DeadLetterErrorDescription) ?? "",
            Attempts: attempt,
            DeadLetteredAt: ReadUnixMilliseconds(message, AmqpWire.DeadLetteredAt) ?? incoming.EnqueuedAt,
            Body: incoming.Body,
            Properties: incoming.Properties);
    }

    public static string? ReadString(Message message, string key) =>
        message.ApplicationProperties?.Map[key] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset? ReadUnixMilliseconds(Message message, string key) =>
        message.ApplicationProperties?.Map[key] is { } value
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;

    static DateTimeOffset? EnqueuedAt(Message message)
    {
        if (message.MessageAnnotations?[AmqpWire.EnqueuedTime] is DateTime enqueued)
            return new DateTimeOffset(DateTime.SpecifyKind(enqueued, DateTimeKind.Utc));
        if (message.Properties is { } properties && properties.CreationTime != default)
            return new DateTimeOffset(DateTime.SpecifyKind(properties.CreationTime, DateTimeKind.Utc));
        return null;
    }

    static ReadOnlyMemory<byte> BodyOf(Message message) => message.BodySection switch
    {
        Data data => data.Binary ?? [],
        AmqpValue { Value: byte[] bytes } => bytes,
        AmqpValue { Value: string text } => Encoding.UTF8.GetBytes(text),
        _ => ReadOnlyMemory<byte>.Empty,
    };

    static IReadOnlyDictionary<string, string> UserProperties(Message message)
    {
        if (message.ApplicationProperties?.Map is not { Count: > 0 } map)
            return OutgoingMessage.EmptyProperties;
        var properties = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var key in map.Keys)
        {
            if (key is string name && !AmqpWire.Reserved.Contains(name) && map[key] is { } value)
                properties[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
        return properties;
    }
}
