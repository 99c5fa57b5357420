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
    const int Rounds = 5;

    public static async Task<int> RunAsync(int producers, int messagesPerProducer)
    {
        var work = Directory.CreateTempSubdirectory("sr-queue-bench-");
        try
        {
            var body = new byte[2500];
            Random.Shared.NextBytes(body);

            var baselineDb = await CreateDatabaseAsync(Path.Combine(work.FullName, "baseline.db"));
            var groupDb = await CreateDatabaseAsync(Path.Combine(work.FullName, "group.db"));
            await using var transport = new EmbeddedTransport(new SqliteQueueDialect(groupDb), new EmbeddedQueueOptions(), TimeProvider.System);
            var round = 0;
            Func<int, int, Task> perMessage = (p, i) => InsertOwnTransactionAsync(baselineDb, $"b-{round}-{p}-{i}", body);
            Func<int, int, Task> grouped = (p, i) =>
                transport.PublishAsync(Queues.ShopifyEvents, new OutgoingMessage($"g-{round}-{p}-{i}", "Bench", body), CancellationToken.None);

            // The disk of a shared VM drifts by a factor of two within a minute, so one long run of each side would
            // compare two different disks. Rounds alternate the two sides instead, each round's ratio is taken
            // between neighbours, and the median round is reported. A first, untimed round warms both sides (JIT
            // tiers, connection pool, WAL file): the queue runs for days, so its steady state is what counts.
            var baselinePerProducer = Math.Max(10, messagesPerProducer / 6);
            await MeasureAsync(producers, baselinePerProducer, perMessage);
            await MeasureAsync(producers, messagesPerProducer, grouped);
            var rounds = new List<(double Baseline, double Grouped)>();
            var commitsBefore = transport.Writer.Commits;
            for (round = 1; round <= Rounds; round++)
            {
                await QuiesceAsync(baselineDb, groupDb);
                var baseline = await MeasureAsync(producers, baselinePerProducer, perMessage);
                await QuiesceAsync(baselineDb, groupDb);
                rounds.Add((baseline, await MeasureAsync(producers, messagesPerProducer, grouped)));
            }
            var perCommit = Rounds * producers * messagesPerProducer / (double)(transport.Writer.Commits - commitsBefore);
            var ratios = rounds.Select(r => r.Grouped / r.Baseline).Order().ToList();
            var median = rounds.OrderBy(r => r.Grouped / r.Baseline).ElementAt(Rounds / 2);
            var total = producers * messagesPerProducer;
            Console.WriteLine($"enqueue, {producers} producers, messages of {body.Length} bytes, {Rounds} alternating rounds (median round shown):");
            Console.WriteLine($"  one transaction per message (baseline) {median.Baseline,10:F0} msg/s   ({producers * baselinePerProducer} messages a round)");
            Console.WriteLine($"  group commit                           {median.Grouped,10:F0} msg/s   ({total} messages a round, {perCommit:F1} per commit)");
            Console.WriteLine($"  ratio {ratios[Rounds / 2]:F1}x (rounds {string.Join(", ", ratios.Select(r => r.ToString("F1")))}), target >= 10x");
            Console.WriteLine($"  rounds in order, baseline/group msg/s: {string.Join("; ", rounds.Select(r => $"{r.Baseline:F0}/{r.Grouped:F0}"))}");

            // Claim–complete: drain what was just enqueued with one consumer process (several handlers, as the pump runs).
            const int consumers = 8;
            var remaining = (Rounds + 1) * total;
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
            var cycles = (Rounds + 1) * total / watch.Elapsed.TotalSeconds;
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

    /// <summary>
    /// The baseline's producers take turns in the process before they touch SQLite: 32 connections racing for the
    /// write lock would measure SQLite's busy-handler sleeps (tens of milliseconds), not the cost of a commit, and
    /// flatter the group commit.
    /// </summary>
    static readonly SemaphoreSlim BaselineTurn = new(1, 1);

    static async Task InsertOwnTransactionAsync(string connectionString, string messageId, byte[] body)
    {
        await BaselineTurn.WaitAsync();
        try
        {
            await InsertAloneAsync(connectionString, messageId, body);
        }
        finally
        {
            BaselineTurn.Release();
        }
    }

    static async Task InsertAloneAsync(string connectionString, string messageId, byte[] body)
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

    /// <summary>
    /// Checkpoints both databases into their files and truncates their WALs, so neither side is measured while the
    /// kernel still writes back what the other side left dirty, and each starts from an empty WAL.
    /// </summary>
    static async Task QuiesceAsync(params string[] connectionStrings)
    {
        foreach (var connectionString in connectionStrings)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
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
