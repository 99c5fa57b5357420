using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Messaging.Embedded;

public sealed class EmbeddedDeadLetterQueue(IServiceScopeFactory scopes, EmbeddedTransport transport, ILogger<EmbeddedDeadLetterQueue> logger)
    : IDeadLetterQueue
{
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string queue, int take, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        var rows = await db.Set<DeadLetterRow>().AsNoTracking()
            .Where(r => r.Queue == queue).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        return rows.Select(r => new DeadLetter(r.Id.ToString(), r.Queue, r.MessageId, r.Type, r.Reason, r.Description, r.Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(r.DeadLetteredAt), r.Body,
            r.Properties is null ? OutgoingMessage.EmptyProperties : JsonSerializer.Deserialize<Dictionary<string, string>>(r.Properties)!)).ToList();
    }

    public async Task<bool> ReplayAsync(string queue, string deadLetterId, CancellationToken ct)
    {
        if (!long.TryParse(deadLetterId, out var id))
            return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<DeadLetterRow>().SingleOrDefaultAsync(r => r.Id == id && r.Queue == queue, ct);
        if (row is null)
            return false;
        var retained = await db.Set<QueueMessageRow>().AnyAsync(m => m.Queue == queue && m.MessageId == row.MessageId, ct);
        if (!retained)
        {
            var now = transport.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            db.Set<QueueMessageRow>().Add(new QueueMessageRow
            {
                Queue = queue, MessageId = row.MessageId, Type = row.Type, Body = row.Body, PartitionKey = row.PartitionKey,
                Properties = row.Properties, EnqueuedAt = now, VisibleAfter = now, Attempts = 0,
            });
        }
        db.Set<DeadLetterRow>().Remove(row);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        transport.Pulse(queue);
        MessagingLog.Replayed(logger, queue, deadLetterId);
        return true;
    }
}

/// <summary>Deletes completed rows once they are older than the duplicate-detection window; idle on other transports.</summary>
public sealed class EmbeddedQueueJanitor(IMessageTransport bus, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (bus is not EmbeddedTransport transport)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                while (await transport.DeleteCompletedAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; cleanup is never urgent.
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
