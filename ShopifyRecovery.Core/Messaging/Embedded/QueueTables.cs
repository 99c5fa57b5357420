using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Row of the embedded queue. The transport reads and writes it with plain SQL; EF only owns the schema.
/// Times are Unix milliseconds so both engines compare them the same way.
/// </summary>
public sealed class QueueMessageRow
{
    public long Id { get; set; }
    public required string Queue { get; set; }
    public required string MessageId { get; set; }
    public required string Type { get; set; }
    public required byte[] Body { get; set; }
    public string? PartitionKey { get; set; }
    public string? Properties { get; set; }
    public long EnqueuedAt { get; set; }
    public long VisibleAfter { get; set; }
    public string? LeaseId { get; set; }
    public long? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public long? CompletedAt { get; set; }
    public string? LastError { get; set; }
}

public sealed class DeadLetterRow
{
    public long Id { get; set; }
    public required string Queue { get; set; }
    public required string MessageId { get; set; }
    public required string Type { get; set; }
    public required byte[] Body { get; set; }
    public string? PartitionKey { get; set; }
    public string? Properties { get; set; }
    public long EnqueuedAt { get; set; }
    public int Attempts { get; set; }
    public required string Reason { get; set; }
    public required string Description { get; set; }
    public long DeadLetteredAt { get; set; }
}

sealed class QueueMessageRowConfiguration : IEntityTypeConfiguration<QueueMessageRow>
{
    public void Configure(EntityTypeBuilder<QueueMessageRow> entity)
    {
        entity.ToTable("queue_messages");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).HasColumnName("id");
        entity.Property(e => e.Queue).HasColumnName("queue").HasMaxLength(100);
        entity.Property(e => e.MessageId).HasColumnName("message_id").HasMaxLength(200);
        entity.Property(e => e.Type).HasColumnName("type").HasMaxLength(200);
        entity.Property(e => e.Body).HasColumnName("body");
        entity.Property(e => e.PartitionKey).HasColumnName("partition_key").HasMaxLength(255);
        entity.Property(e => e.Properties).HasColumnName("properties");
        entity.Property(e => e.EnqueuedAt).HasColumnName("enqueued_at");
        entity.Property(e => e.VisibleAfter).HasColumnName("visible_after");
        entity.Property(e => e.LeaseId).HasColumnName("lease_id").HasMaxLength(36);
        entity.Property(e => e.LeaseUntil).HasColumnName("lease_until");
        entity.Property(e => e.Attempts).HasColumnName("attempts");
        entity.Property(e => e.CompletedAt).HasColumnName("completed_at");
        entity.Property(e => e.LastError).HasColumnName("last_error");
        // Duplicate detection: the same MessageId is accepted once per queue while its row is retained.
        entity.HasIndex(e => new { e.Queue, e.MessageId }).IsUnique().HasDatabaseName("ux_queue_messages_message_id");
        entity.HasIndex(e => new { e.Queue, e.VisibleAfter, e.Id })
            .HasFilter("completed_at IS NULL").HasDatabaseName("ix_queue_messages_ready");
        entity.HasIndex(e => e.CompletedAt).HasDatabaseName("ix_queue_messages_completed");
    }
}

sealed class DeadLetterRowConfiguration : IEntityTypeConfiguration<DeadLetterRow>
{
    public void Configure(EntityTypeBuilder<DeadLetterRow> entity)
    {
        entity.ToTable("dead_letters");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).HasColumnName("id");
        entity.Property(e => e.Queue).HasColumnName("queue").HasMaxLength(100);
        entity.Property(e => e.MessageId).HasColumnName("message_id").HasMaxLength(200);
        entity.Property(e => e.Type).HasColumnName("type").HasMaxLength(200);
        entity.Property(e => e.Body).HasColumnName("body");
        entity.Property(e => e.PartitionKey).HasColumnName("partition_key").HasMaxLength(255);
        entity.Property(e => e.Properties).HasColumnName("properties");
        entity.Property(e => e.EnqueuedAt).HasColumnName("enqueued_at");
        entity.Property(e => e.Attempts).HasColumnName("attempts");
        entity.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(200);
        entity.Property(e => e.Description).HasColumnName("description");
        entity.Property(e => e.DeadLetteredAt).HasColumnName("dead_lettered_at");
        entity.HasIndex(e => new { e.Queue, e.Id }).HasDatabaseName("ix_dead_letters_queue");
    }
}
