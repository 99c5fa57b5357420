using Amqp;
using Amqp.Framing;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// One unsettled delivery. AMQPNetLite settles fire-and-forget (RELIABILITY-NOTES §0.4), so "true" means the outcome
/// was sent on a live link while the lock was still ours by our clock; a lock the broker lost anyway shows up as a
/// redelivery, which the inbox absorbs.
/// </summary>
public sealed class AmqpDelivery : IMessageDelivery
{
    readonly AmqpTransportBase _transport;
    int _settled;

    internal AmqpDelivery(AmqpTransportBase transport, string queue, ReceiverLink link, Message amqp, IncomingMessage message,
        DateTimeOffset? lockedUntil)
    {
        _transport = transport;
        Queue = queue;
        Link = link;
        Amqp = amqp;
        Message = message;
        LockedUntil = lockedUntil;
    }

    public IncomingMessage Message { get; }

    internal string Queue { get; }
    internal ReceiverLink Link { get; }
    internal Message Amqp { get; }

    /// <summary>Service Bus' lock expiry (x-opt-locked-until), moved on by each renewal; null where the broker has none.</summary>
    internal DateTimeOffset? LockedUntil { get; set; }

    public Task<bool> CompleteAsync(CancellationToken ct) => Task.FromResult(TryBeginSettle() && TrySettle(new Accepted()));

    public Task<bool> AbandonAsync(TimeSpan retryAfter, string error, CancellationToken ct) =>
        TryBeginSettle() ? _transport.AbandonAsync(this, retryAfter, error) : Task.FromResult(false);

    public Task<bool> DeadLetterAsync(string reason, string description, CancellationToken ct) =>
        TryBeginSettle() ? _transport.DeadLetterAsync(this, reason, description) : Task.FromResult(false);

    public Task<bool> RenewLockAsync(CancellationToken ct) =>
        Volatile.Read(ref _settled) == 0 && !Link.IsClosed ? _transport.RenewLockAsync(this, ct) : Task.FromResult(false);

    /// <summary>Claims the one settlement: false when already settled, the link is gone, or the lock has run out.</summary>
    bool TryBeginSettle()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1 || Link.IsClosed)
            return false;
        return LockedUntil is not { } until || _transport.Clock.GetUtcNow() < until;
    }

    internal bool TrySettle(DeliveryState outcome)
    {
        try
        {
            Link.Complete(Amqp, outcome);
            return true;
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }
}
