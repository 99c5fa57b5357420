namespace ShopifyRecovery.Messaging;

public interface IMessageBus
{
    /// <summary>Returns once the transport holds the message durably. A duplicate MessageId is accepted and dropped.</summary>
    Task PublishAsync(string queue, OutgoingMessage message, CancellationToken ct);

    Task PublishBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct);
}

public interface IMessageTransport : IMessageBus, IAsyncDisposable
{
    string Name { get; }

    Task<IMessageReceiver> OpenReceiverAsync(string queue, ReceiverSettings settings, CancellationToken ct);

    /// <summary>For readiness: can the transport reach its store or broker right now.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct);
}

public sealed record ReceiverSettings(int Prefetch, TimeSpan LockDuration);

public interface IMessageReceiver : IAsyncDisposable
{
    /// <summary>Waits up to <paramref name="maxWait"/> for a message; null when none arrived.</summary>
    Task<IMessageDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken ct);
}

/// <summary>One locked delivery. Settling it twice, or after its lock expired, is reported as false, never as success.</summary>
public interface IMessageDelivery
{
    IncomingMessage Message { get; }

    Task<bool> CompleteAsync(CancellationToken ct);

    /// <summary>Give the message back for another attempt after <paramref name="retryAfter"/>.</summary>
    Task<bool> AbandonAsync(TimeSpan retryAfter, string error, CancellationToken ct);

    Task<bool> DeadLetterAsync(string reason, string description, CancellationToken ct);

    /// <summary>Extends the lock of a long-running handler.</summary>
    Task<bool> RenewLockAsync(CancellationToken ct);
}

public sealed record DeadLetter(string Id, string Queue, string MessageId, string Type, string Reason, string Description,
    int Attempts, DateTimeOffset DeadLetteredAt, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Properties);

/// <summary>Operators look at what failed and put it back once the cause is fixed.</summary>
public interface IDeadLetterQueue
{
    Task<IReadOnlyList<DeadLetter>> ListAsync(string queue, int take, CancellationToken ct);

    /// <summary>Moves one dead letter back onto its queue; false when it no longer exists.</summary>
    Task<bool> ReplayAsync(string queue, string deadLetterId, CancellationToken ct);
}
