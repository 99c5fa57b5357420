using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Messaging;

/// <summary>A message written in the same transaction as the state change that caused it, published after commit.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }
    public required string Queue { get; init; }
    public required string MessageId { get; init; }
    public required string Type { get; init; }
    public required byte[] Body { get; init; }
    public string? PartitionKey { get; init; }
    public string? Properties { get; init; }
    public DateTimeOffset? DeliverAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> entity)
    {
        entity.ToTable("outbox");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Queue).HasMaxLength(100);
        entity.Property(e => e.MessageId).HasMaxLength(200);
        entity.Property(e => e.Type).HasMaxLength(200);
        entity.Property(e => e.PartitionKey).HasMaxLength(255);
    }
}

public static class OutboxExtensions
{
    /// <summary>
    /// The trace context is captured here, inside the handler's span, because the relay that publishes later runs
    /// outside any request; the consumer of this message then joins the trace that caused it.
    /// </summary>
    public static void AddToOutbox(this RecoveryDbContext db, string queue, OutgoingMessage message, DateTimeOffset now)
    {
        var properties = RecoveryTelemetry.WithTraceContext(message.Properties);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Queue = queue,
            MessageId = message.MessageId,
            Type = message.Type,
            Body = message.Body.ToArray(),
            PartitionKey = message.PartitionKey,
            Properties = properties.Count == 0 ? null : JsonSerializer.Serialize(properties),
            DeliverAt = message.DeliverAt,
            CreatedAt = now,
        });
    }
}

/// <summary>
/// Moves committed outbox rows to the bus. A crash between publish and delete publishes again; the MessageId makes
/// that a duplicate the transport and the consumer's inbox drop.
/// </summary>
public sealed class OutboxRelay(IServiceScopeFactory scopes, IMessageBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    readonly SemaphoreSlim _signal = new(0);

    /// <summary>Something was committed: publish it now rather than at the next sweep.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
            var rows = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).Take(200).ToListAsync(ct);
            if (rows.Count == 0)
                return total;
            foreach (var group in rows.GroupBy(r => r.Queue))
                await bus.PublishBatchAsync(group.Key, group.Select(ToMessage).ToList(), ct);
            var ids = rows.Select(r => r.Id).ToList();
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
            total += rows.Count;
        }
    }

    static OutgoingMessage ToMessage(OutboxMessage row) => new(row.MessageId, row.Type, row.Body)
    {
        PartitionKey = row.PartitionKey,
        DeliverAt = row.DeliverAt,
        Properties = row.Properties is null
            ? OutgoingMessage.EmptyProperties
            : JsonSerializer.Deserialize<Dictionary<string, string>>(row.Properties)!,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                MessagingLog.OutboxRelayFailed(logger, e);
            }
            try
            {
                await _signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
