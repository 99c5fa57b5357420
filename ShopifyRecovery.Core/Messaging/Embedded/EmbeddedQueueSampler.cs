using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Hosting;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Feeds the queue gauges from the embedded queue tables. One grouped query over the ready index per interval, cached,
/// so a metrics scrape never touches the database. Does nothing when the bus is a broker: Service Bus reports its own depth.
/// </summary>
public sealed class EmbeddedQueueSampler(
    IMessageTransport transport,
    IOptions<ObservabilityOptions> options,
    TimeProvider clock,
    ILogger<EmbeddedQueueSampler> logger) : BackgroundService
{
    const string DepthSql =
        "SELECT queue, " +
        "SUM(CASE WHEN visible_after <= @now THEN 1 ELSE 0 END), " +
        "SUM(CASE WHEN visible_after > @now THEN 1 ELSE 0 END), " +
        "MIN(CASE WHEN visible_after <= @now THEN visible_after END) " +
        "FROM queue_messages WHERE completed_at IS NULL GROUP BY queue";

    const string DeadLetterSql = "SELECT queue, COUNT(*) FROM dead_letters GROUP BY queue";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (transport is not EmbeddedTransport embedded)
            return;
        using var timer = new PeriodicTimer(options.Value.QueueSampleInterval, clock);
        do
        {
            try
            {
                await SampleAsync(embedded, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Missing a sample only leaves the gauges one interval stale.
                ObservabilityLog.QueueSampleFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Reads every queue's depth once and publishes it to <see cref="RecoveryMetrics"/>.</summary>
    public async Task<IReadOnlyList<QueueSnapshot>> SampleAsync(EmbeddedTransport embedded, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var counts = Queues.All.ToDictionary(q => q, q => (Ready: 0L, Scheduled: 0L, Oldest: (long?)null, Dead: 0L), StringComparer.Ordinal);
        await using var connection = await embedded.Dialect.OpenAsync(ct);
        await using (var depth = Command(connection, DepthSql, now.ToUnixTimeMilliseconds()))
        await using (var reader = await depth.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var queue = reader.GetString(0);
                var current = counts.GetValueOrDefault(queue);
                counts[queue] = current with
                {
                    Ready = Convert.ToInt64(reader.GetValue(1)),
                    Scheduled = Convert.ToInt64(reader.GetValue(2)),
                    Oldest = reader.IsDBNull(3) ? null : Convert.ToInt64(reader.GetValue(3)),
                };
            }
        }
        await using (var dead = Command(connection, DeadLetterSql, null))
        await using (var reader = await dead.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var queue = reader.GetString(0);
                counts[queue] = counts.GetValueOrDefault(queue) with { Dead = Convert.ToInt64(reader.GetValue(1)) };
            }
        }
        var snapshots = counts.Select(c => new QueueSnapshot(c.Key, c.Value.Ready, c.Value.Scheduled, c.Value.Dead,
            c.Value.Oldest is { } oldest ? Max(now - DateTimeOffset.FromUnixTimeMilliseconds(oldest), TimeSpan.Zero) : TimeSpan.Zero)).ToList();
        foreach (var snapshot in snapshots)
            RecoveryMetrics.ReportQueue(snapshot);
        return snapshots;
    }

    static DbCommand Command(DbConnection connection, string sql, long? now)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (now is not null)
            command.With("@now", now.Value);
        return command;
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
