using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Bench;

/// <summary>
/// The embedded queue on SQLite: group-committed enqueue from concurrent producers against one transaction per
/// message (the baseline, same producers, same table, same run), and claim–complete cycles on one consumer process.
/// </summary>
public static class QueueBenchmark
{
    public static async Task<int> RunAsync(int producers, int messagesPerProducer)
    {
        var work = Directory.CreateTempSubdirectory("sr-queue-bench-");
        try
        {
            var body = new byte[2500];
            Random.Shared.NextBytes(body);

            var baselineDb = await CreateDatabaseAsync(Path.Combine(work.FullName, "baseline.db"));
            var baseline = await MeasureAsync(producers, messagesPerProducer, (p, i) => InsertOwnTransactionAsync(baselineDb, $"b-{p}-{i}", body));

            var groupDb = await CreateDatabaseAsync(Path.Combine(work.FullName, "group.db"));
            var clock = TimeProvider.System;
            await using var transport = new EmbeddedTransport(new SqliteQueueDialect(groupDb), new EmbeddedQueueOptions(), clock);
            var grouped = await MeasureAsync(producers, messagesPerProducer,
                (p, i) => transport.PublishAsync(Queues.ShopifyEvents, new OutgoingMessage($"g-{p}-{i}", "Bench", body), CancellationToken.None));
            var total = producers * messagesPerProducer;
            Console.WriteLine($"enqueue, {producers} producers, {total} messages of {body.Length} bytes:");
            Console.WriteLine($"  one transaction per message (baseline) {baseline,10:F0} msg/s");
            Console.WriteLine($"  group commit                           {grouped,10:F0} msg/s   ({grouped / baseline:F1}x, target >= 10x; {transport.Writer.Commits} commits)");

            // Claim–complete: drain what was just enqueued with one consumer process (several handlers, as the pump runs).
            const int consumers = 8;
            var remaining = total;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, consumers).Select(async _ =>
            {
                await using var receiver = await transport.OpenReceiverAsync(Queues.ShopifyEvents, new ReceiverSettings(16, TimeSpan.FromMinutes(1)), CancellationToken.None);
                while (Volatile.Read(ref remaining) > 0)
                {
                    var delivery = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                    if (delivery is null)
                        continue;
                    if (await delivery.CompleteAsync(CancellationToken.None))
                        Interlocked.Decrement(ref remaining);
                }
            }));
            var cycles = total / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"claim-complete, 1 consumer process ({consumers} handlers, prefetch 16): {cycles,10:F0} cycles/s (target >= 2,000)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { work.Delete(true); } catch (IOException) { }
        }
    }

    static async Task<double> MeasureAsync(int producers, int perProducer, Func<int, int, Task> send)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
                await send(p, i);
        })));
        return producers * perProducer / watch.Elapsed.TotalSeconds;
    }

    static async Task InsertOwnTransactionAsync(string connectionString, string messageId, byte[] body)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = new SqliteQueueDialect(connectionString).Insert;
        command.Parameters.AddWithValue("@queue", Queues.ShopifyEvents);
        command.Parameters.AddWithValue("@message_id", messageId);
        command.Parameters.AddWithValue("@type", "Bench");
        command.Parameters.AddWithValue("@body", body);
        command.Parameters.AddWithValue("@partition_key", DBNull.Value);
        command.Parameters.AddWithValue("@properties", DBNull.Value);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        command.Parameters.AddWithValue("@now", now);
        command.Parameters.AddWithValue("@visible", now);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    static async Task<string> CreateDatabaseAsync(string path)
    {
        var connectionString = $"Data Source={path}";
        await using var db = new SqliteRecoveryDbContext(new DbContextOptionsBuilder<SqliteRecoveryDbContext>().UseSqlite(connectionString).Options);
        // The product's own settings (page size, WAL) for both databases, so baseline and group commit differ only in batching.
        await DatabaseInitializer.PrepareSqliteAsync(db.Database, CancellationToken.None);
        await db.Database.MigrateAsync();
        return connectionString;
    }
}
