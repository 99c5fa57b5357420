using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// What Service Bus and RabbitMQ share over AMQP 1.0: publishing, receiver links with low credit, settling, and
/// browsing the dead-letter queue. Each broker fills in how it schedules, retries, dead-letters and counts attempts.
/// </summary>
public abstract class AmqpTransportBase(AmqpConnectionScope scope, AmqpOptions options, TimeProvider clock, ILogger logger)
    : IMessageTransport
{
    static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan FirstBrowseWait = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan NextBrowseWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Replay looks this far into a dead-letter queue for the requested message.</summary>
    internal const int ReplayScanLimit = 500;

    public abstract string Name { get; }

    internal AmqpConnectionScope Scope => scope;
    internal AmqpOptions Options => options;
    internal TimeProvider Clock => clock;
    internal ILogger Logger => logger;

    internal abstract string QueueNode(string queue);
    internal abstract string DeadLetterNode(string queue);
    internal abstract ReceiverSettleMode SettleMode { get; }

    /// <summary>Hands a browsed dead letter back untouched.</summary>
    internal abstract DeliveryState GiveBackOutcome { get; }

    /// <summary>Puts one message on <paramref name="queue"/> as the given attempt, scheduling it the broker's way.</summary>
    internal abstract Task SendAsync(string queue, OutgoingMessage message, int attempt, string wireMessageId, CancellationToken ct);

    internal abstract int AttemptOf(Message message);

    internal abstract Task<bool> AbandonAsync(AmqpDelivery delivery, TimeSpan retryAfter, string error);

    internal abstract Task<bool> DeadLetterAsync(AmqpDelivery delivery, string reason, string description);

    internal abstract Task<bool> RenewLockAsync(AmqpDelivery delivery, CancellationToken ct);

    /// <summary>Decides whether a received message goes to the caller now, later, or was settled here.</summary>
    internal virtual Task<Admission> AdmitAsync(string queue, ReceiverLink link, Message message) => Task.FromResult(Admission.Now);

    /// <summary>Runs before the first link to an entity on a new connection (Service Bus CBS puts its token here).</summary>
    internal virtual Task AuthorizeAsync(AmqpConnectionGeneration generation, string queue, CancellationToken ct) => Task.CompletedTask;

    public Task PublishAsync(string queue, OutgoingMessage message, CancellationToken ct) => PublishBatchAsync(queue, [message], ct);

    public async Task PublishBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        // All sends are in flight together, so a batch costs about one round trip rather than one per message.
        await Task.WhenAll(messages.Select(m => SendAsync(queue, m, attempt: 1, AmqpMessageMapper.WireMessageId(m.MessageId), ct)));
    }

    public async Task<IMessageReceiver> OpenReceiverAsync(string queue, ReceiverSettings settings, CancellationToken ct)
    {
        var generation = await scope.GetAsync(ct);
        await AuthorizeAsync(generation, queue, ct);
        // Credit is prefetch: a message sitting in our buffer is locked but not worked on, so take only what runs now.
        var credit = Math.Clamp(settings.Prefetch, 1, options.Credit);
        var link = await AttachReceiverAsync(generation, QueueNode(queue), credit, autoRestore: true, ct);
        return new AmqpReceiver(this, queue, link);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return (await scope.GetAsync(timeout.Token)).IsOpen;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused, unreachable, TLS or auth failure: all mean "not healthy", never a crashed health check.
            return false;
        }
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    internal async Task<ReceiverLink> AttachReceiverAsync(AmqpConnectionGeneration generation, string node, int credit,
        bool autoRestore, CancellationToken ct)
    {
        var session = generation.NewSession();
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var link = new ReceiverLink(session, $"receive-{node}-{Guid.NewGuid():N}", new Attach
        {
            Source = new Source { Address = node },
            Target = new Target(),
            SndSettleMode = SenderSettleMode.Unsettled,
            RcvSettleMode = SettleMode,
        }, (_, _) => attached.TrySetResult());
        link.AddClosedCallback((_, error) =>
            attached.TrySetException(new AmqpException(error ?? new Error(ErrorCode.DetachForced) { Description = $"The link to {node} closed." })));
        try
        {
            await attached.Task.WaitAsync(AttachTimeout, ct);
        }
        catch
        {
            await CloseQuietlyAsync(session);
            throw;
        }
        link.SetCredit(credit, autoRestore);
        return link;
    }

    /// <summary>
    /// Re-sends <paramref name="copy"/> and then accepts the original. Not atomic: a crash between the two leaves both,
    /// which the consumer's inbox absorbs. When the copy cannot be sent the original is settled with
    /// <paramref name="fallback"/> instead, so it is never left locked.
    /// </summary>
    internal async Task<bool> ResendThenAcceptAsync(AmqpDelivery delivery, Func<Task> sendCopy, DeliveryState fallback)
    {
        try
        {
            await sendCopy();
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or TimeoutException or OperationCanceledException
                                      or System.Net.Sockets.SocketException)
        {
            AmqpLog.CopyFailed(logger, Name, delivery.Queue, delivery.Message.MessageId, e);
            return delivery.TrySettle(fallback);
        }
        return delivery.TrySettle(new Accepted());
    }

    internal async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string queue, int take, CancellationToken ct)
    {
        if (take <= 0)
            return [];
        return await BrowseDeadLettersAsync(queue, take, async (link, received) =>
        {
            var letters = new List<DeadLetter>(take);
            while (letters.Count < take && await NextAsync(link, received, ct) is { } message)
                letters.Add(AmqpMessageMapper.ToDeadLetter(queue, message, AttemptOf(message), clock.GetUtcNow()));
            return (IReadOnlyList<DeadLetter>)letters;
        }, ct);
    }

    internal Task<bool> ReplayDeadLetterAsync(string queue, string deadLetterId, CancellationToken ct) =>
        BrowseDeadLettersAsync(queue, ReplayScanLimit, async (link, received) =>
        {
            while (received.Count < ReplayScanLimit && await NextAsync(link, received, ct) is { } message)
            {
                if (AmqpMessageMapper.WireIdOf(message) != deadLetterId)
                    continue;
                var incoming = AmqpMessageMapper.FromAmqp(message, 1, clock.GetUtcNow());
                // A fresh wire id: the original one may still be inside Service Bus' duplicate-detection window.
                var wireId = AmqpMessageMapper.WireMessageId(incoming.MessageId, $"replay-{clock.GetUtcNow().ToUnixTimeMilliseconds()}");
                await SendAsync(queue, AmqpMessageMapper.ToOutgoing(incoming), attempt: 1, wireId, ct);
                received.Remove(message);
                link.Accept(message);
                return true;
            }
            return false;
        }, ct);

    async Task<T> BrowseDeadLettersAsync<T>(string queue, int credit, Func<ReceiverLink, List<Message>, Task<T>> browse, CancellationToken ct)
    {
        var generation = await scope.GetAsync(ct);
        await AuthorizeAsync(generation, queue, ct);
        var link = await AttachReceiverAsync(generation, DeadLetterNode(queue), credit, autoRestore: false, ct);
        var received = new List<Message>();
        try
        {
            return await browse(link, received);
        }
        finally
        {
            foreach (var message in received)
            {
                try { link.Complete(message, GiveBackOutcome); }
                catch (Exception e) when (e is AmqpException or ObjectDisposedException) { break; }
            }
            await CloseQuietlyAsync(link.Session);
        }
    }

    static async Task<Message?> NextAsync(ReceiverLink link, List<Message> received, CancellationToken ct)
    {
        var message = await link.ReceiveAsync(received.Count == 0 ? FirstBrowseWait : NextBrowseWait).WaitAsync(ct).OffIoThread();
        if (message is not null)
            received.Add(message);
        return message;
    }

    internal static async Task CloseQuietlyAsync(AmqpObject amqpObject)
    {
        try
        {
            await amqpObject.CloseAsync(TimeSpan.FromSeconds(5), null).OffIoThread();
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or TimeoutException)
        {
            // Closing something already gone: the broker has given its deliveries back.
        }
    }
}

/// <summary>What the receiver does with a message it just got.</summary>
internal readonly record struct Admission(bool Deliver, DateTimeOffset? HoldUntil)
{
    public static readonly Admission Now = new(true, null);

    /// <summary>The transport settled it (for example re-routed a message that is not due yet).</summary>
    public static readonly Admission Settled = new(false, null);

    /// <summary>Due very soon: keep it locked here and hand it out at <paramref name="until"/>.</summary>
    public static Admission Hold(DateTimeOffset until) => new(false, until);
}
