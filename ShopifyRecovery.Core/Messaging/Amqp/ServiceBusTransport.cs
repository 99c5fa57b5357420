using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Azure Service Bus over AMQP 1.0 (the Azure SDK is not in our package feed). Amqps on 5671; SASL PLAIN with the
/// rule name and key, or SASL ANONYMOUS plus a CBS put-token when the connection string carries a signature.
/// Peek-lock receive; complete = accepted, abandon = modified, dead-letter = rejected with com.microsoft:dead-letter;
/// delayed retry = a scheduled copy (RELIABILITY-NOTES §4.3); lock renewal through the entity's $management node.
/// </summary>
public sealed class ServiceBusTransport(ServiceBusConnectionString connection, AmqpOptions options, TimeProvider clock,
    ILogger<ServiceBusTransport> logger)
    : AmqpTransportBase(new AmqpConnectionScope("ServiceBus", ct => ConnectAsync(connection, ct), logger), options, clock, logger)
{
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public override string Name => "ServiceBus";

    internal override string QueueNode(string queue) => queue;

    internal override string DeadLetterNode(string queue) => $"{queue}/$deadletterqueue";

    /// <summary>Peek-lock, as the SDK asks for it: the broker keeps the message locked until we settle it.</summary>
    internal override ReceiverSettleMode SettleMode => ReceiverSettleMode.Second;

    internal override DeliveryState GiveBackOutcome => ServiceBusWire.Abandon();

    static Task<Connection> ConnectAsync(ServiceBusConnectionString connection, CancellationToken ct)
    {
        var factory = new ConnectionFactory();
        factory.AMQP.ContainerId = $"shopify-recovery-{Environment.MachineName}-{Environment.ProcessId}";
        factory.AMQP.IdleTimeout = 120_000;
        if (connection.SharedAccessSignature is not null)
        {
            factory.SASL.Profile = SaslProfile.Anonymous;
            return factory.CreateAsync(new Address(connection.Host, connection.Port, null, null, "/", connection.Scheme), ct);
        }
        // The component constructor takes the key raw; the URI form would need its '+', '/' and '=' escaped.
        return factory.CreateAsync(new Address(connection.Host, connection.Port, connection.KeyName, connection.Key, "/", connection.Scheme), ct);
    }

    internal override async Task SendAsync(string queue, OutgoingMessage message, int attempt, string wireMessageId, CancellationToken ct)
    {
        var generation = await Scope.GetAsync(ct);
        await AuthorizeAsync(generation, queue, ct);
        await Scope.SendAsync(QueueNode(queue), () => ServiceBusWire.ForSend(message, attempt, wireMessageId, Clock.GetUtcNow()), ct);
    }

    internal override int AttemptOf(Message message) => ServiceBusWire.AttemptOf(message);

    /// <summary>
    /// Abandon makes the message available again at once; a delay instead completes it after sending a copy scheduled
    /// for later, as the next attempt under its own wire id (duplicate detection would drop a copy with the same id).
    /// </summary>
    internal override Task<bool> AbandonAsync(AmqpDelivery delivery, TimeSpan retryAfter, string error)
    {
        if (retryAfter <= TimeSpan.Zero)
            return Task.FromResult(delivery.TrySettle(ServiceBusWire.Abandon()));
        var next = delivery.Message.Attempt + 1;
        var copy = AmqpMessageMapper.ToOutgoing(delivery.Message, Clock.GetUtcNow() + retryAfter);
        var wireId = AmqpMessageMapper.WireMessageId(delivery.Message.MessageId, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ResendThenAcceptAsync(delivery, () => SendAsync(delivery.Queue, copy, next, wireId, CancellationToken.None),
            ServiceBusWire.Abandon());
    }

    internal override Task<bool> DeadLetterAsync(AmqpDelivery delivery, string reason, string description) =>
        Task.FromResult(delivery.TrySettle(ServiceBusWire.DeadLetter(reason, description)));

    internal override async Task<bool> RenewLockAsync(AmqpDelivery delivery, CancellationToken ct)
    {
        try
        {
            var generation = await Scope.GetAsync(ct);
            var management = generation.Item($"$management:{delivery.Queue}",
                session => new AmqpRequestResponseLink(session, $"{delivery.Queue}/$management"), link => link.IsOpen);
            var lockToken = ServiceBusWire.LockToken(delivery.Amqp.DeliveryTag);
            var response = await management.RequestAsync(
                replyTo => ServiceBusWire.RenewLockRequest(lockToken, replyTo, delivery.Link.Name), RequestTimeout, ct);
            if (ServiceBusWire.ReadRenewLockResponse(response) is not { } lockedUntil)
                return false;
            delivery.LockedUntil = lockedUntil;
            return true;
        }
        catch (Exception e) when (e is AmqpException or TimeoutException or ObjectDisposedException or ArgumentException)
        {
            AmqpLog.RenewFailed(Logger, delivery.Queue, delivery.Message.MessageId, e);
            return false;
        }
    }

    /// <summary>With a signature instead of a key, each entity needs the token put on $cbs within 20 s of connecting.</summary>
    internal override Task AuthorizeAsync(AmqpConnectionGeneration generation, string queue, CancellationToken ct)
    {
        if (connection.SharedAccessSignature is not { } token)
            return Task.CompletedTask;
        var audience = $"amqp://{connection.Host}/{queue}";
        return generation.Item($"$cbs-token:{queue}", _ => PutTokenAsync(generation, token, audience), put => !put.IsFaulted)
            .WaitAsync(ct);
    }

    static async Task PutTokenAsync(AmqpConnectionGeneration generation, string token, string audience)
    {
        var cbs = generation.Item("$cbs", session => new AmqpRequestResponseLink(session, "$cbs"), link => link.IsOpen);
        var response = await cbs.RequestAsync(replyTo => ServiceBusWire.PutTokenRequest(token, audience, replyTo), RequestTimeout, CancellationToken.None);
        if (!ServiceBusWire.IsTokenAccepted(response, out var status))
            throw new UnauthorizedAccessException($"Service Bus refused the SharedAccessSignature for {audience}: {status}.");
    }
}
