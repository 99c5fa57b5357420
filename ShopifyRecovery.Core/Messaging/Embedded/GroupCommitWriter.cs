using System.Data.Common;
using System.Threading.Channels;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Runs every queue write of this process through one loop that commits whatever has piled up as one transaction.
/// Concurrent webhook requests then share one fsync instead of paying one each, and SQLite's single writer
/// is never fought over inside the process.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    readonly QueueSqlDialect _dialect;
    readonly int _maxBatch;
    readonly Channel<WriteOperation> _pending = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _loop;

    public GroupCommitWriter(QueueSqlDialect dialect, int maxBatch)
    {
        _dialect = dialect;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Number of transactions committed; benchmarks read it to report the batch size.</summary>
    public long Commits;

    public async Task<T> ExecuteAsync<T>(Func<WriteBatch, Task<T>> work, CancellationToken ct)
    {
        var operation = new WriteOperation(async batch => await work(batch));
        if (!_pending.Writer.TryWrite(operation))
            throw new ObjectDisposedException(nameof(GroupCommitWriter));
        return (T)(await operation.Completion.Task.WaitAsync(ct))!;
    }

    async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var operation))
                batch.Add(operation);
            try
            {
                var results = await CommitAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Completion.TrySetResult(results[i]);
            }
            catch when (batch.Count > 1)
            {
                // One bad operation must not fail its neighbours: run each alone.
                foreach (var operation in batch)
                    await CommitAloneAsync(operation);
            }
            catch (Exception e)
            {
                batch[0].Completion.TrySetException(e);
            }
        }
    }

    async Task CommitAloneAsync(WriteOperation operation)
    {
        try
        {
            var results = await CommitAsync([operation]);
            operation.Completion.TrySetResult(results[0]);
        }
        catch (Exception e)
        {
            operation.Completion.TrySetException(e);
        }
    }

    async Task<object?[]> CommitAsync(IReadOnlyList<WriteOperation> operations)
    {
        await using var connection = _dialect.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new WriteBatch(connection, transaction);
        var results = new object?[operations.Count];
        for (var i = 0; i < operations.Count; i++)
            results[i] = await operations[i].Work(batch);
        await transaction.CommitAsync();
        Interlocked.Increment(ref Commits);
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
    }

    sealed record WriteOperation(Func<WriteBatch, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// One transaction's worth of queue writes. Commands are prepared once per batch and reused by every operation
/// with the same statement: a webhook burst then costs one statement preparation, not one per webhook.
/// </summary>
public sealed class WriteBatch(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _commands[sql] = command;
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            await command.DisposeAsync();
    }
}
