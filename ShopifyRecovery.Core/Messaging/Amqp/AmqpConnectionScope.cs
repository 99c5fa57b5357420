using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// One AMQP connection, rebuilt when it drops. AMQPNetLite recovers nothing by itself: a dropped connection takes its
/// sessions and links with it, so everything here belongs to a <see cref="AmqpConnectionGeneration"/> that is
/// thrown away whole and built again on next use.
/// </summary>
public sealed class AmqpConnectionScope(
    string name, Func<CancellationToken, Task<Connection>> connect, ILogger logger) : IAsyncDisposable
{
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    readonly SemaphoreSlim _gate = new(1, 1);
    AmqpConnectionGeneration? _current;
    bool _disposed;

    public async Task<AmqpConnectionGeneration> GetAsync(CancellationToken ct)
    {
        if (_current is { IsOpen: true } current)
            return current;
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsOpen: true } raced)
                return raced;
            if (_current is not null)
            {
                AmqpLog.Reconnecting(logger, name, _current.Connection.Error?.ToString() ?? "closed");
                await _current.CloseAsync();
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            var connection = await connect(timeout.Token).OffIoThread();
            _current = new AmqpConnectionGeneration(connection);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends one message to <paramref name="node"/>. A send cut off by a dropped connection is in doubt, so it is sent
    /// once more on a fresh connection: at-least-once, with the MessageId telling the duplicates apart.
    /// </summary>
    public async Task SendAsync(string node, Func<Message> build, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = await GetAsync(ct);
            var sender = generation.Sender(node);
            try
            {
                await sender.SendAsync(build()).WaitAsync(ct).OffIoThread();
                return;
            }
            catch (Exception e) when (e is AmqpException or ObjectDisposedException && generation.Lost(sender))
            {
                if (attempt >= 2)
                    throw;
                AmqpLog.SendInDoubt(logger, name, node, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_current is not null)
                await _current.CloseAsync();
            _current = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A connection with a session for senders (senders cached per node) and a session per receiver.</summary>
public sealed class AmqpConnectionGeneration(Connection connection)
{
    readonly Lock _lock = new();
    readonly ConcurrentDictionary<string, SenderLink> _senders = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, object> _items = new(StringComparer.Ordinal);
    Session? _senderSession;

    public Connection Connection => connection;

    public bool IsOpen => !connection.IsClosed;

    /// <summary>The shared session; rebuilt (with its senders) when a link error ended it but the connection lives.</summary>
    public Session SharedSession
    {
        get
        {
            lock (_lock)
            {
                if (_senderSession is null || _senderSession.IsClosed)
                {
                    _senders.Clear();
                    _items.Clear();
                    _senderSession = new Session(connection);
                }
                return _senderSession;
            }
        }
    }

    public SenderLink Sender(string node)
    {
        var session = SharedSession;
        lock (_lock)
        {
            if (_senders.TryGetValue(node, out var cached) && !cached.IsClosed && cached.Session == session)
                return cached;
            var sender = new SenderLink(session, $"send-{node}-{Guid.NewGuid():N}", new Target { Address = node }, null);
            _senders[node] = sender;
            return sender;
        }
    }

    /// <summary>Per-generation state (management links, authorised entities) that must not outlive the connection.</summary>
    public T Item<T>(string key, Func<Session, T> create, Func<T, bool> usable) where T : class
    {
        var session = SharedSession;
        lock (_lock)
        {
            if (_items.TryGetValue(key, out var cached) && usable((T)cached))
                return (T)cached;
            var item = create(session);
            _items[key] = item;
            return item;
        }
    }

    /// <summary>Receivers get their own session, as the Azure SDK does: one link's error cannot end another's session.</summary>
    public Session NewSession() => new(connection);

    /// <summary>True when the failure came from the link or connection going away, not from the broker refusing the message.</summary>
    public bool Lost(Link link) => link.IsClosed || link.Session.IsClosed || connection.IsClosed;

    public async Task CloseAsync()
    {
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(5), null).OffIoThread();
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or TimeoutException)
        {
            // Already gone: nothing left to close.
        }
    }
}

static class AmqpTaskExtensions
{
    /// <summary>
    /// AMQPNetLite completes its tasks on its I/O thread; code continuing there can stall every frame of the
    /// connection (RELIABILITY-NOTES §0.3). Forcing the continuation onto the thread pool keeps the I/O thread free.
    /// </summary>
    public static ConfiguredTaskAwaitable OffIoThread(this Task task) => task.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

    public static ConfiguredTaskAwaitable<T> OffIoThread<T>(this Task<T> task) => task.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
}
