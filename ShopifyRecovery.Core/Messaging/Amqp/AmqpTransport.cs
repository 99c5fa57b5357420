using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Plain AMQP 1.0 against RabbitMQ's AMQP 1.0 plugin. RabbitMQ lacks several Service Bus features; each is emulated
/// here and listed in docs/messaging.md: no Modified outcome (it ends the session), no delivery count, no scheduled
/// enqueue, no duplicate detection, and a reject loses its reason.
/// </summary>
public sealed class AmqpTransport(AmqpOptions options, TimeProvider clock, ILogger<AmqpTransport> logger)
    : AmqpTransportBase(new AmqpConnectionScope("Amqp", ct => ConnectAsync(options, ct), logger), options, clock, logger)
{
    public override string Name => "Amqp";

    internal override string QueueNode(string queue) => Options.NodePrefix + queue;

    internal override string DeadLetterNode(string queue) => Options.NodePrefix + RabbitMqTopology.DeadLetterQueue(queue);

    internal override ReceiverSettleMode SettleMode => ReceiverSettleMode.First;

    internal override DeliveryState GiveBackOutcome => new Released();

    static Task<Connection> ConnectAsync(AmqpOptions options, CancellationToken ct)
    {
        var factory = new ConnectionFactory();
        factory.AMQP.ContainerId = $"shopify-recovery-{Environment.MachineName}-{Environment.ProcessId}";
        // Advertised to the broker, which then heartbeats: a half-open TCP connection is noticed within a minute.
        factory.AMQP.IdleTimeout = 60_000;
        return factory.CreateAsync(new Address(options.Address), ct);
    }

    internal override Task SendAsync(string queue, OutgoingMessage message, int attempt, string wireMessageId, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var node = QueueNode(queue);
        var wireProperties = new List<KeyValuePair<string, object>>();
        if (message.DeliverAt is { } deliverAt && deliverAt > now)
        {
            wireProperties.Add(new(AmqpWire.DeliverAt, deliverAt.ToUnixTimeMilliseconds()));
            if (RabbitMqDelays.LevelFor(deliverAt - now) is { } level)
                node = RabbitMqDelays.Address(level, queue);
        }
        return Scope.SendAsync(node, () => AmqpMessageMapper.ToAmqp(message, attempt, wireMessageId, now, wireProperties), ct);
    }

    /// <summary>RabbitMQ leaves delivery-count alone, so the attempt travels in the message.</summary>
    internal override int AttemptOf(Message message) => AmqpMessageMapper.AttemptProperty(message);

    internal override async Task<Admission> AdmitAsync(string queue, ReceiverLink link, Message message)
    {
        var now = Clock.GetUtcNow();
        var attempt = AmqpMessageMapper.AttemptProperty(message);
        var incoming = AmqpMessageMapper.FromAmqp(message, attempt, now);
        if (AmqpMessageMapper.ReadUnixMilliseconds(message, AmqpWire.DeliverAt) is { } deliverAt && deliverAt > now)
        {
            if (RabbitMqDelays.LevelFor(deliverAt - now) is null)
                return Admission.Hold(deliverAt);
            // Back from a delay level with time still to go: another, shorter round, otherwise unchanged.
            await SendAsync(queue, AmqpMessageMapper.ToOutgoing(incoming, deliverAt), attempt, AmqpMessageMapper.WireIdOf(message), CancellationToken.None);
            link.Accept(message);
            return Admission.Settled;
        }
        if (message.Header is { FirstAcquirer: false })
        {
            // A redelivery: a consumer died holding it. Count that attempt the only way RabbitMQ allows, by sending
            // the next attempt as a copy, so a message that keeps killing consumers still reaches MaxAttempts.
            var next = attempt + 1;
            await SendAsync(queue, AmqpMessageMapper.ToOutgoing(incoming), next,
                AmqpMessageMapper.WireMessageId(incoming.MessageId, next.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
            link.Accept(message);
            return Admission.Settled;
        }
        return Admission.Now;
    }

    /// <summary>No Modified on RabbitMQ: the retry is a copy as the next attempt, delayed through the delay levels.</summary>
    internal override Task<bool> AbandonAsync(AmqpDelivery delivery, TimeSpan retryAfter, string error)
    {
        var retryAt = retryAfter > TimeSpan.Zero ? Clock.GetUtcNow() + retryAfter : (DateTimeOffset?)null;
        var next = delivery.Message.Attempt + 1;
        var wireId = AmqpMessageMapper.WireMessageId(delivery.Message.MessageId, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Released when the copy fails: RabbitMQ redelivers it flagged, and the redelivery counts the attempt.
        return ResendThenAcceptAsync(delivery,
            () => SendAsync(delivery.Queue, AmqpMessageMapper.ToOutgoing(delivery.Message, retryAt), next, wireId, CancellationToken.None),
            new Released());
    }

    /// <summary>
    /// A reject would lose the reason (the plugin drops the error), so the dead letter is a copy carrying Service Bus'
    /// property names. If that copy fails, reject: the queue's dead-letter exchange still routes it, reason-less.
    /// </summary>
    internal override Task<bool> DeadLetterAsync(AmqpDelivery delivery, string reason, string description)
    {
        var now = Clock.GetUtcNow();
        var wireProperties = new KeyValuePair<string, object>[]
        {
            new(AmqpWire.DeadLetterReason, ServiceBusWire.Truncate(reason)),
            new(AmqpWire.DeadLetterErrorDescription, ServiceBusWire.Truncate(description)),
            new(AmqpWire.DeadLetteredAt, now.ToUnixTimeMilliseconds()),
        };
        var node = DeadLetterNode(delivery.Queue);
        var wireId = AmqpMessageMapper.WireIdOf(delivery.Amqp);
        return ResendThenAcceptAsync(delivery,
            () => Scope.SendAsync(node, () => AmqpMessageMapper.ToAmqp(
                AmqpMessageMapper.ToOutgoing(delivery.Message), delivery.Message.Attempt, wireId, now, wireProperties), CancellationToken.None),
            new Rejected());
    }

    /// <summary>RabbitMQ keeps a delivery for as long as the link lives (up to its consumer_timeout); there is no lock to extend.</summary>
    internal override Task<bool> RenewLockAsync(AmqpDelivery delivery, CancellationToken ct) => Task.FromResult(!delivery.Link.IsClosed);
}
