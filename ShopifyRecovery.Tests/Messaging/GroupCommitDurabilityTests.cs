using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>
/// The group-commit writer on SQLite in WAL mode commits without an fsync and syncs the WAL file on a second loop;
/// these prove it never answers a publisher before that sync, and only takes the shortcut where WAL makes it safe.
/// </summary>
public sealed class GroupCommitDurabilityTests
{
    [Test]
    public async Task On_a_wal_database_the_writer_commits_with_normal_sync_and_flushes_the_wal_itself()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (connection, sync) = await new SqliteQueueDialect(database.ConnectionString).OpenWriterAsync(CancellationToken.None);
        await using (connection)
        using (sync)
        {
            Assert.That(sync, Is.Not.Null, "a WAL database gets a WAL sync");
            Assert.That(await ScalarAsync(connection, "PRAGMA synchronous;"), Is.EqualTo(1L), "NORMAL: the commit itself does not fsync");
            Assert.DoesNotThrow(() => sync!.Flush());
        }
    }

    [Test]
    public async Task Without_wal_the_writer_keeps_full_sync_and_no_deferred_flush()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var setup = new SqliteConnection(database.ConnectionString))
        {
            await setup.OpenAsync();
            await ScalarAsync(setup, "PRAGMA journal_mode=DELETE;");
        }
        var (connection, sync) = await new SqliteQueueDialect(database.ConnectionString).OpenWriterAsync(CancellationToken.None);
        await using (connection)
        {
            Assert.That(sync, Is.Null);
            Assert.That(await ScalarAsync(connection, "PRAGMA synchronous;"), Is.EqualTo(2L), "FULL: each commit syncs itself");
        }
    }

    [Test]
    public async Task A_publisher_hears_a_failure_when_the_wal_cannot_be_synced_even_though_the_row_committed()
    {
        await using var database = await TestDatabase.CreateAsync();
        // A WAL sync pointed at a file that is not there.
        var missing = Path.Combine(database.Directory, "missing-wal");
        var dialect = new ReplacedWalSync(new SqliteQueueDialect(database.ConnectionString), () => new WalSync(missing));
        await using var transport = new EmbeddedTransport(dialect, new EmbeddedQueueOptions(), new FakeTimeProvider(DateTimeOffset.UtcNow));

        var publish = transport.PublishAsync("durability", new OutgoingMessage("m-1", "Test", "{}"u8.ToArray()), CancellationToken.None);

        // Not durable as far as anyone knows: the caller (a webhook request) must not answer 200.
        Assert.ThrowsAsync<FileNotFoundException>(() => publish);
        await using var check = new SqliteConnection(database.ConnectionString);
        await check.OpenAsync();
        Assert.That(await ScalarAsync(check, "SELECT COUNT(*) FROM queue_messages WHERE message_id = 'm-1'"), Is.EqualTo(1L),
            "the row is committed, so Shopify's retry of the same webhook id is absorbed as a duplicate");
    }

    [Test]
    public async Task Concurrent_publishers_are_all_answered_and_all_rows_are_there()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var transport = new EmbeddedTransport(new SqliteQueueDialect(database.ConnectionString), new EmbeddedQueueOptions(),
            new FakeTimeProvider(DateTimeOffset.UtcNow));

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            transport.PublishAsync("durability", new OutgoingMessage($"m-{i}", "Test", "{}"u8.ToArray()), CancellationToken.None))));

        await using var check = new SqliteConnection(database.ConnectionString);
        await check.OpenAsync();
        Assert.That(await ScalarAsync(check, "SELECT COUNT(*) FROM queue_messages WHERE queue = 'durability'"), Is.EqualTo(64L));
        Assert.That(transport.Writer.Commits, Is.LessThan(64), "publishers that arrive together share commits");
    }

    [Test]
    public async Task A_writer_that_cannot_open_the_database_fails_that_publish_and_serves_the_next()
    {
        await using var database = await TestDatabase.CreateAsync();
        var dialect = new FirstOpenFails(new SqliteQueueDialect(database.ConnectionString));
        await using var transport = new EmbeddedTransport(dialect, new EmbeddedQueueOptions(), new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.ThrowsAsync<IOException>(() =>
            transport.PublishAsync("durability", new OutgoingMessage("m-1", "Test", "{}"u8.ToArray()), CancellationToken.None));
        // A writer loop that died with the first failure would leave this waiting forever.
        await transport.PublishAsync("durability", new OutgoingMessage("m-2", "Test", "{}"u8.ToArray()), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        await using var check = new SqliteConnection(database.ConnectionString);
        await check.OpenAsync();
        Assert.That(await ScalarAsync(check, "SELECT group_concat(message_id) FROM queue_messages WHERE queue = 'durability'"), Is.EqualTo("m-2"));
    }

    [Test]
    public async Task While_an_fsync_is_in_flight_a_batch_as_large_as_it_commits_without_waiting_for_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var disk = new SlowDisk();
        var dialect = new ReplacedWalSync(new SqliteQueueDialect(database.ConnectionString), () => new HeldWalSync(database.Path + "-wal", disk));
        await using var transport = new EmbeddedTransport(dialect, new EmbeddedQueueOptions(), new FakeTimeProvider(DateTimeOffset.UtcNow));

        var first = transport.PublishAsync("durability", new OutgoingMessage("m-1", "Test", "{}"u8.ToArray()), CancellationToken.None);
        Assert.That(await disk.Entered.WaitAsync(TimeSpan.FromSeconds(30)), Is.True, "the first batch reaches its fsync");
        var second = transport.PublishAsync("durability", new OutgoingMessage("m-2", "Test", "{}"u8.ToArray()), CancellationToken.None);

        // Committed (visible to another connection) while the first fsync still runs, so the next fsync can start
        // the moment it ends; nobody is answered before their own fsync.
        await using var check = new SqliteConnection(database.ConnectionString);
        await check.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await ScalarAsync(check, "SELECT COUNT(*) FROM queue_messages WHERE message_id = 'm-2'"))! == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the second batch waited for the first one's fsync before committing");
            await Task.Delay(10);
        }
        Assert.That(first.IsCompleted || second.IsCompleted, Is.False, "no publisher is answered before its fsync");

        disk.Release();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(disk.Flushes, Is.EqualTo(2));
    }

    static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>SQLite's statements and connections; a subclass changes only how the writer opens.</summary>
    abstract class SqliteWithWriter(SqliteQueueDialect inner) : QueueSqlDialect("")
    {
        protected SqliteQueueDialect Inner => inner;
        public override DbConnection CreateConnection() => inner.CreateConnection();
        public override Task<DbConnection> OpenAsync(CancellationToken ct) => inner.OpenAsync(ct);
        public override string Insert => inner.Insert;
        public override string Claim => inner.Claim;
        public override string Top1(string select) => inner.Top1(select);
        public override string DeleteCompleted => inner.DeleteCompleted;
    }

    /// <summary>The writer's connection from SQLite, with a WAL sync of the test's making.</summary>
    sealed class ReplacedWalSync(SqliteQueueDialect inner, Func<WalSync> sync) : SqliteWithWriter(inner)
    {
        public override async Task<(DbConnection Connection, WalSync? Sync)> OpenWriterAsync(CancellationToken ct)
        {
            var (connection, original) = await Inner.OpenWriterAsync(ct);
            original?.Dispose();
            return (connection, sync());
        }
    }

    /// <summary>A disk whose first fsync does not return until the test lets it.</summary>
    sealed class SlowDisk : IDisposable
    {
        readonly ManualResetEventSlim _released = new();
        public SemaphoreSlim Entered { get; } = new(0);
        public int Flushes;

        public void Flush()
        {
            if (Interlocked.Increment(ref Flushes) == 1)
            {
                Entered.Release();
                _released.Wait(TimeSpan.FromSeconds(60));
            }
        }

        public void Release() => _released.Set();

        public void Dispose()
        {
            _released.Set();
            _released.Dispose();
            Entered.Dispose();
        }
    }

    /// <summary>The real WAL sync, behind a <see cref="SlowDisk"/>.</summary>
    sealed class HeldWalSync(string walPath, SlowDisk disk) : WalSync(walPath)
    {
        public override void Flush()
        {
            disk.Flush();
            base.Flush();
        }
    }

    /// <summary>The writer's first attempt to open the database fails, as on a full or missing volume.</summary>
    sealed class FirstOpenFails(SqliteQueueDialect inner) : SqliteWithWriter(inner)
    {
        int _opens;

        public override Task<(DbConnection Connection, WalSync? Sync)> OpenWriterAsync(CancellationToken ct) =>
            Interlocked.Increment(ref _opens) == 1 ? throw new IOException("The volume is not there.") : Inner.OpenWriterAsync(ct);
    }
}
