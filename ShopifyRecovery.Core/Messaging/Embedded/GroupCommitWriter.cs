using System.Data.Common;
using System.Threading.Channels;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Runs every queue write of this process through one loop that commits whatever has piled up as one transaction.
/// Concurrent webhook requests then share one fsync instead of paying one each, and SQLite's single writer
/// is never fought over inside the process. The loop keeps one connection and its prepared statements for as long
/// as they work, so a commit costs the statements and the fsync, not a connection and a parse. Where the dialect
/// allows it (SQLite in WAL mode) the fsync runs on a second loop: callers are answered only once their batch is on
/// disk, and the next batch gathers meanwhile instead of waiting for the disk.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    readonly QueueSqlDialect _dialect;
    readonly int _maxBatch;
    readonly Channel<WriteOperation> _pending = Channel.CreateUnbounded<WriteOperation>();
    readonly Channel<Committed> _committed = Channel.CreateUnbounded<Committed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    readonly Task _loop;
    readonly Task _syncLoop;
    WriteSession? _session;
    WalSync? _walSync;
    /// <summary>Operations committed and waiting for the sync loop's fsync.</summary>
    int _unsynced;
    TaskCompletionSource _syncRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GroupCommitWriter(QueueSqlDialect dialect, int maxBatch)
    {
        _dialect = dialect;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
        _syncLoop = Task.Run(SyncAsync);
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
            // At least one operation is in hand before anything can fail (opening the connection included), so a
            // failure always has a caller to report to and never stops this loop.
            if (!_pending.Reader.TryRead(out var first))
                continue;
            batch.Add(first);
            try
            {
                var results = await CommitAsync(batch, gather: true);
                Acknowledge(batch.ToArray(), results);
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
        _committed.Writer.TryComplete();
        if (_session is not null)
            await _session.DisposeAsync();
    }

    async Task CommitAloneAsync(WriteOperation operation)
    {
        try
        {
            List<WriteOperation> operations = [operation];
            Acknowledge([operation], await CommitAsync(operations, gather: false));
        }
        catch (Exception e)
        {
            operation.Completion.TrySetException(e);
        }
    }

    /// <summary>Answers the callers of a committed batch now, or once the WAL sync loop has made it durable.</summary>
    void Acknowledge(WriteOperation[] operations, object?[] results)
    {
        if (_session is { DeferredSync: true })
        {
            Interlocked.Add(ref _unsynced, operations.Length);
            _committed.Writer.TryWrite(new Committed(operations, results));
            return;
        }
        for (var i = 0; i < operations.Length; i++)
            operations[i].Completion.TrySetResult(results[i]);
    }

    async Task SyncAsync()
    {
        var ready = new List<Committed>();
        while (await _committed.Reader.WaitToReadAsync())
        {
            ready.Clear();
            while (_committed.Reader.TryRead(out var batch))
                ready.Add(batch);
            Exception? failure = null;
            try
            {
                // One fsync covers every batch committed before it started, however many there are by now.
                _walSync!.Flush();
            }
            catch (Exception e)
            {
                // Committed but not known to be on disk: the callers hear a failure (Shopify retries, the MessageId dedupes).
                failure = e;
            }
            foreach (var (operations, results) in ready)
                for (var i = 0; i < operations.Length; i++)
                {
                    if (failure is null)
                        operations[i].Completion.TrySetResult(results[i]);
                    else
                        operations[i].Completion.TrySetException(failure);
                }
            // Count down first, then wake the writer: a writer that sees the new round sees the count too.
            Interlocked.Add(ref _unsynced, -ready.Sum(r => r.Operations.Length));
            Interlocked.Exchange(ref _syncRound, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        _walSync?.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="operations"/> in one transaction and commits it. With <paramref name="gather"/> it first
    /// takes what is waiting, and while an fsync is in flight it keeps taking new operations until it holds as many as
    /// that fsync covers, or the fsync ends: a batch that small would only queue behind the disk, while one that large
    /// is worth committing now, so the next fsync can start the moment this one ends (the two overlap instead of
    /// alternating; measured in bench/README.md). It gathers before it begins the transaction: holding SQLite's write
    /// lock while waiting on the sync loop would leave the process's other writers (the handlers' EF transactions)
    /// sleeping in SQLite's busy handler, each wait blocking a thread.
    /// </summary>
    async Task<object?[]> CommitAsync(List<WriteOperation> operations, bool gather)
    {
        while (gather && operations.Count < _maxBatch)
        {
            while (operations.Count < _maxBatch && _pending.Reader.TryRead(out var operation))
                operations.Add(operation);
            var round = _syncRound;
            var unsynced = Volatile.Read(ref _unsynced);
            if (unsynced == 0 || operations.Count >= unsynced)
                break;
            var more = _pending.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, round.Task) == more && !await more)
                break;
        }
        if (_session is null)
        {
            var (connection, sync) = await _dialect.OpenWriterAsync(CancellationToken.None);
            _session = new WriteSession(connection, deferredSync: sync is not null);
            // The WAL file outlives a reconnect; keep the first handle on it.
            if (sync is not null && _walSync is null)
                _walSync = sync;
            else
                sync?.Dispose();
        }
        try
        {
            await using var transaction = await _session.Connection.BeginTransactionAsync();
            var batch = _session.Begin(transaction);
            var results = new object?[operations.Count];
            for (var i = 0; i < operations.Count; i++)
                results[i] = await operations[i].Work(batch);
            await transaction.CommitAsync();
            Interlocked.Increment(ref Commits);
            return results;
        }
        catch
        {
            // Whatever failed (a bad operation, a lost file handle), the next commit starts on a fresh connection.
            await _session.DisposeAsync();
            _session = null;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        await _syncLoop;
    }

    sealed record Committed(WriteOperation[] Operations, object?[] Results);

    sealed record WriteOperation(Func<WriteBatch, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer's connection and the statements prepared on it, reused by every batch.</summary>
    sealed class WriteSession(DbConnection connection, bool deferredSync) : IAsyncDisposable
    {
        readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbConnection Connection => connection;

        /// <summary>Commits do not fsync; the sync loop does, before anyone is answered.</summary>
        public bool DeferredSync => deferredSync;

        public WriteBatch Begin(DbTransaction transaction) => new(sql => Command(sql, transaction));

        public DbCommand Command(string sql, DbTransaction transaction)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }
            command.Transaction = transaction;
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
                await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// One transaction's worth of queue writes. Commands are prepared once per connection and reused by every
/// operation with the same statement: a webhook burst then costs no statement preparation at all.
/// </summary>
public sealed class WriteBatch
{
    readonly Func<string, DbCommand> _command;

    internal WriteBatch(Func<string, DbCommand> command) => _command = command;

    public DbCommand Command(string sql) => _command(sql);
}
