using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// The default bus: a queue table in the app's own database. Leases fence every settle, attempts are counted at
/// claim (so a crashed consumer's delivery counts), and App and Worker processes can consume the same table.
/// </summary>
public sealed class EmbeddedTransport(QueueSqlDialect dialect, EmbeddedQueueOptions options, TimeProvider clock) : IMessageTransport
{
    static readonly byte[] Empty = [];
    readonly GroupCommitWriter _writer = new(dialect, options.MaxBatch);
    readonly EmbeddedQueueSignal _signal = new();

    public string Name => "Embedded";

    internal GroupCommitWriter Writer => _writer;
    internal QueueSqlDialect Dialect => dialect;
    internal TimeProvider Clock => clock;

    public Task PublishAsync(string queue, OutgoingMessage message, CancellationToken ct) =>
        PublishBatchAsync(queue, [message], ct);

    public async Task PublishBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        await PublishCountingAsync(queue, messages, ct);
    }

    /// <summary>Publishes and returns how many were new (the rest were duplicates of retained MessageIds).</summary>
    public async Task<int> PublishCountingAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var inserted = await _writer.ExecuteAsync(async batch =>
        {
            var count = 0;
            foreach (var message in messages)
            {
                var command = batch.Command(dialect.Insert)
                    .With("@queue", queue)
                    .With("@message_id", message.MessageId)
                    .With("@type", message.Type)
                    .With("@body", message.Body.ToArray())
                    .With("@partition_key", message.PartitionKey)
                    .With("@properties", message.Properties.Count == 0 ? null : JsonSerializer.Serialize(message.Properties))
                    .With("@now", now)
                    .With("@visible", message.DeliverAt?.ToUnixTimeMilliseconds() ?? now);
                count += await command.ExecuteNonQueryAsync();
            }
            return count;
        }, ct);
        _signal.Pulse(queue);
        return inserted;
    }

    public Task<IMessageReceiver> OpenReceiverAsync(string queue, ReceiverSettings settings, CancellationToken ct) =>
        Task.FromResult<IMessageReceiver>(new EmbeddedReceiver(this, queue, settings, options.PollInterval));

    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = dialect.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM queue_messages WHERE 1 = 0";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Removes completed rows older than the duplicate-detection window; returns how many went.</summary>
    public Task<int> DeleteCompletedAsync(CancellationToken ct)
    {
        var cutoff = (clock.GetUtcNow() - options.CompletedRetention).ToUnixTimeMilliseconds();
        return _writer.ExecuteAsync(batch => batch.Command(dialect.DeleteCompleted).With("@cutoff", cutoff).ExecuteNonQueryAsync(), ct);
    }

    internal async Task<bool> HasReadyAsync(string queue, CancellationToken ct)
    {
        // A read first: in WAL it takes no write lock, so idle consumers don't queue up behind the writer.
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.Top1(dialect.HasReady);
        command.With("@queue", queue).With("@now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    internal Task<List<EmbeddedDelivery>> ClaimAsync(string queue, int take, TimeSpan lockDuration, CancellationToken ct)
    {
        var lease = Guid.NewGuid().ToString();
        return _writer.ExecuteAsync(async batch =>
        {
            var now = clock.GetUtcNow();
            var command = batch.Command(dialect.Claim)
                .With("@queue", queue)
                .With("@now", now.ToUnixTimeMilliseconds())
                .With("@lease", lease)
                .With("@until", (now + lockDuration).ToUnixTimeMilliseconds())
                .With("@take", take);
            var deliveries = new List<EmbeddedDelivery>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var properties = reader.IsDBNull(5)
                    ? OutgoingMessage.EmptyProperties
                    : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5))!;
                var message = new IncomingMessage(
                    MessageId: reader.GetString(1),
                    Type: reader.GetString(2),
                    Body: (byte[])reader.GetValue(3),
                    Attempt: reader.GetInt32(7),
                    PartitionKey: reader.IsDBNull(4) ? null : reader.GetString(4),
                    Properties: properties,
                    EnqueuedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
                deliveries.Add(new EmbeddedDelivery(this, queue, reader.GetInt64(0), lease, lockDuration, message));
            }
            return deliveries.OrderBy(d => d.RowId).ToList();
        }, ct);
    }

    internal Task<bool> SettleAsync(string sql, long rowId, string lease, Action<DbCommand> parameters)
    {
        return _writer.ExecuteAsync(async batch =>
        {
            var command = batch.Command(sql).With("@id", rowId).With("@lease", lease);
            parameters(command);
            return await command.ExecuteNonQueryAsync() == 1;
        }, CancellationToken.None);
    }

    internal Task<bool> CompleteAsync(long rowId, string lease) =>
        SettleAsync(dialect.Complete, rowId, lease, c => c.With("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()).With("@empty", Empty));

    internal async Task<bool> AbandonAsync(string queue, long rowId, string lease, TimeSpan retryAfter, string error)
    {
        var visible = (clock.GetUtcNow() + retryAfter).ToUnixTimeMilliseconds();
        var settled = await SettleAsync(dialect.Abandon, rowId, lease, c => c.With("@visible", visible).With("@error", Truncate(error, 4000)));
        if (retryAfter <= TimeSpan.Zero)
            _signal.Pulse(queue);
        return settled;
    }

    internal Task<bool> RenewAsync(long rowId, string lease, TimeSpan lockDuration) =>
        SettleAsync(dialect.Renew, rowId, lease, c => c.With("@until", (clock.GetUtcNow() + lockDuration).ToUnixTimeMilliseconds()));

    internal Task<bool> DeadLetterAsync(long rowId, string lease, string reason, string description)
    {
        return _writer.ExecuteAsync(async batch =>
        {
            var move = batch.Command(dialect.MoveToDeadLetter)
                .With("@id", rowId).With("@lease", lease)
                .With("@reason", Truncate(reason, 200)).With("@description", Truncate(description, 4000))
                .With("@now", clock.GetUtcNow().ToUnixTimeMilliseconds());
            if (await move.ExecuteNonQueryAsync() != 1)
                return false;
            await batch.Command(dialect.DeleteLeased).With("@id", rowId).With("@lease", lease).ExecuteNonQueryAsync();
            return true;
        }, CancellationToken.None);
    }

    internal Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(queue, timeout, ct);

    internal void Pulse(string queue) => _signal.Pulse(queue);

    static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}

sealed class EmbeddedReceiver(EmbeddedTransport transport, string queue, ReceiverSettings settings, TimeSpan pollInterval) : IMessageReceiver
{
    readonly Queue<EmbeddedDelivery> _buffer = new();

    public async Task<IMessageDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_buffer.TryDequeue(out var buffered))
                return buffered;
            if (await transport.HasReadyAsync(queue, ct))
            {
                foreach (var delivery in await transport.ClaimAsync(queue, Math.Max(1, settings.Prefetch), settings.LockDuration, ct))
                    _buffer.Enqueue(delivery);
                if (_buffer.Count > 0)
                    continue;
            }
            var remaining = maxWait - waited.Elapsed;
            if (remaining <= TimeSpan.Zero)
                return null;
            await transport.WaitForWorkAsync(queue, remaining < pollInterval ? remaining : pollInterval, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Prefetched but never handled: hand them straight back.
        while (_buffer.TryDequeue(out var delivery))
            await delivery.AbandonAsync(TimeSpan.Zero, "Receiver closed", CancellationToken.None);
    }
}

sealed class EmbeddedDelivery(EmbeddedTransport transport, string queue, long rowId, string lease, TimeSpan lockDuration, IncomingMessage message)
    : IMessageDelivery
{
    public long RowId => rowId;
    public IncomingMessage Message => message;
    public Task<bool> CompleteAsync(CancellationToken ct) => transport.CompleteAsync(rowId, lease);
    public Task<bool> AbandonAsync(TimeSpan retryAfter, string error, CancellationToken ct) => transport.AbandonAsync(queue, rowId, lease, retryAfter, error);
    public Task<bool> DeadLetterAsync(string reason, string description, CancellationToken ct) => transport.DeadLetterAsync(rowId, lease, reason, description);
    public Task<bool> RenewLockAsync(CancellationToken ct) => transport.RenewAsync(rowId, lease, lockDuration);
}

/// <summary>Wakes this process's idle consumers when it publishes, so they need not wait for the next poll.</summary>
sealed class EmbeddedQueueSignal
{
    readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new();

    public void Pulse(string queue)
    {
        if (_waiters.TryRemove(queue, out var waiter))
            waiter.TrySetResult();
    }

    public async Task WaitAsync(string queue, TimeSpan timeout, CancellationToken ct)
    {
        var waiter = _waiters.GetOrAdd(queue, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiter.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
        }
    }
}
