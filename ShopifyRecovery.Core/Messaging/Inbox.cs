using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Messaging;

/// <summary>A message a consumer has handled; committed in the same transaction as the handler's effect.</summary>
public sealed class InboxEntry
{
    public required string Consumer { get; init; }
    public required string MessageId { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}

sealed class InboxEntryConfiguration : IEntityTypeConfiguration<InboxEntry>
{
    public void Configure(EntityTypeBuilder<InboxEntry> entity)
    {
        entity.ToTable("inbox");
        entity.HasKey(e => new { e.Consumer, e.MessageId });
        entity.Property(e => e.Consumer).HasMaxLength(100);
        entity.Property(e => e.MessageId).HasMaxLength(200);
        entity.HasIndex(e => e.ProcessedAt);
    }
}

public static class InboxExtensions
{
    /// <summary>
    /// Records the message as handled by <paramref name="consumer"/> unless it already was. Call inside the transaction
    /// that carries the effect: the unique key, not this check, is what makes a concurrent redelivery fail.
    /// </summary>
    public static async Task<bool> TryRecordInboxAsync(this RecoveryDbContext db, string consumer, string messageId,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Set<InboxEntry>().AnyAsync(e => e.Consumer == consumer && e.MessageId == messageId, ct))
            return false;
        db.Set<InboxEntry>().Add(new InboxEntry { Consumer = consumer, MessageId = messageId, ProcessedAt = now });
        return true;
    }
}
