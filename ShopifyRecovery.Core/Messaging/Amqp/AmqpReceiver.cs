using Amqp;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>One receiver link in its own session. Messages due in less than a delay step are held here until due.</summary>
sealed class AmqpReceiver(AmqpTransportBase transport, string queue, ReceiverLink link) : IMessageReceiver
{
    readonly PriorityQueue<Message, DateTimeOffset> _held = new();

    public async Task<IMessageDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken ct)
    {
        var deadline = transport.Clock.GetUtcNow() + maxWait;
        while (true)
        {
            var now = transport.Clock.GetUtcNow();
            var wait = deadline - now;
            if (_held.TryPeek(out var held, out var dueAt))
            {
                if (dueAt <= now)
                {
                    _held.Dequeue();
                    return Deliver(held);
                }
                if (dueAt - now < wait)
                    wait = dueAt - now;
            }
            if (wait <= TimeSpan.Zero)
                return null;
            if (link.IsClosed)
                throw new AmqpException(link.Error ?? new global::Amqp.Framing.Error(ErrorCode.DetachForced) { Description = $"The receiver on {queue} closed." });

            // AMQPNetLite waits whole milliseconds; a sub-millisecond wait would round to zero, which is not "return now".
            var message = await link.ReceiveAsync(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds))).WaitAsync(ct).OffIoThread();
            if (message is null)
                continue;
            var admission = await transport.AdmitAsync(queue, link, message);
            if (admission.Deliver)
                return Deliver(message);
            if (admission.HoldUntil is { } until)
                _held.Enqueue(message, until);
        }
    }

    AmqpDelivery Deliver(Message message)
    {
        var incoming = AmqpMessageMapper.FromAmqp(message, transport.AttemptOf(message), transport.Clock.GetUtcNow());
        var lockedUntil = message.MessageAnnotations?[AmqpWire.LockedUntil] is DateTime until
            ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        return new AmqpDelivery(transport, queue, link, message, incoming, lockedUntil);
    }

    /// <summary>Closing the link gives every unsettled delivery (held ones included) back to the broker.</summary>
    public async ValueTask DisposeAsync() => await AmqpTransportBase.CloseQuietlyAsync(link.Session);
}
