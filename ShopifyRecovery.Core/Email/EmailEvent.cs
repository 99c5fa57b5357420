using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Email;

/// <summary>
/// One provider event already applied. <see cref="Key"/> is SendGrid's sg_event_id, or sg_message_id:event:timestamp
/// when it is missing (it has been reported to change between retries); the unique index makes a redelivered
/// batch change nothing.
/// </summary>
public sealed class EmailEvent
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public Guid? EmailSendId { get; set; }
    public long? ShopId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

sealed class EmailEventConfiguration : IEntityTypeConfiguration<EmailEvent>
{
    public void Configure(EntityTypeBuilder<EmailEvent> e)
    {
        e.ToTable("email_events");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.Key).IsUnique();
        e.HasIndex(x => x.EmailSendId);
        e.HasIndex(x => new { x.ShopId, x.ReceivedAt });
        e.HasOne<EmailSend>().WithMany().HasForeignKey(x => x.EmailSendId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Key).HasMaxLength(200);
        e.Property(x => x.Kind).HasMaxLength(40);
    }
}
