using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

public enum JourneyStatus { Active, Recovered, Completed, Suppressed, Expired }

/// <summary>How a recovered order relates to what we sent: the report separates these so revenue is not over-claimed.</summary>
public enum Attribution { None, AfterClick, AfterOpen, AfterSend, Holdout }

/// <summary>One abandoned checkout being recovered: one per (shop, checkout token).</summary>
public sealed class Journey
{
    public Guid Id { get; set; }
    public long ShopId { get; set; }
    public required string CheckoutToken { get; set; }
    public string? CartToken { get; set; }
    public long? CustomerId { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Locale { get; set; }
    public string? CountryCode { get; set; }
    /// <summary>IANA zone for quiet hours, from the address where known, else the shop's.</summary>
    public string? TimeZone { get; set; }
    public JourneyStatus Status { get; set; }
    public string? CloseReason { get; set; }
    /// <summary>Bumped on every activity; a scheduled step carrying an older version is stale and dropped.</summary>
    public int ActivityVersion { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>The checkout payload's <c>updated_at</c>: older payloads (out-of-order webhooks) change nothing.</summary>
    public DateTimeOffset CheckoutUpdatedAt { get; set; }
    public int StepsSent { get; set; }
    public int? NextStep { get; set; }
    public DateTimeOffset? NextStepDueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public required string ShopCurrency { get; set; }
    public required string PresentmentCurrency { get; set; }
    public decimal Subtotal { get; set; }
    public decimal Total { get; set; }
    /// <summary>Total in the shop currency (incentive tiers and reports use this).</summary>
    public decimal ShopTotal { get; set; }
    public int ItemCount { get; set; }
    /// <summary>Cart lines as JSON (title, variant, quantity, price, image, product type) for the email.</summary>
    public string CartJson { get; set; } = "[]";
    public string? RecoveryUrl { get; set; }
    public bool BuyerAcceptsMarketing { get; set; }
    /// <summary>Latest known email marketing state (subscribed, not_subscribed, unsubscribed, …).</summary>
    public string? MarketingState { get; set; }
    /// <summary>Decided once, deterministically, when the journey starts.</summary>
    public bool IsHoldout { get; set; }
    public string? Segment { get; set; }
    public string? Variant { get; set; }
    public long? RecoveredOrderId { get; set; }
    public DateTimeOffset? RecoveredAt { get; set; }
    public decimal? RecoveredRevenue { get; set; }
    public decimal? DiscountCost { get; set; }
    public Attribution Attribution { get; set; }
    public int? AttributedStep { get; set; }
}

public sealed class JourneyEvent
{
    public long Id { get; set; }
    public Guid JourneyId { get; set; }
    public long ShopId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>created, updated, scheduled, sent, skipped, deferred, code_created, delivered, opened, clicked, recovered, closed, …</summary>
    public required string Kind { get; set; }
    public int? Step { get; set; }
    public string? Detail { get; set; }
}

public enum SendStatusKind { Pending, Sent, Unknown, Failed, Skipped }

/// <summary>
/// The send ledger: at most one row per (journey, step), committed before the provider is called, so a crash or a
/// redelivery can never produce a second email.
/// </summary>
public sealed class EmailSend
{
    public Guid Id { get; set; }
    public long ShopId { get; set; }
    public Guid JourneyId { get; set; }
    public int Step { get; set; }
    public SendStatusKind Status { get; set; }
    public string? SkipReason { get; set; }
    public string? Segment { get; set; }
    public string? Variant { get; set; }
    public string? ExperimentArm { get; set; }
    public required string ToEmail { get; set; }
    public string? Subject { get; set; }
    public string? Html { get; set; }
    public string? Text { get; set; }
    public string? DiscountCode { get; set; }
    public string? Provider { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? Error { get; set; }
    /// <summary>Provider calls started. Set (with <see cref="AttemptedAt"/>) before each call, in its own commit.</summary>
    public int Attempts { get; set; }
    /// <summary>
    /// A provider call is under way or was cut off: a pending row with this set is never sent again blindly (the
    /// provider may have accepted it); it is settled as Unknown once the attempt has timed out.
    /// Cleared only when the provider said nothing was sent (a transient failure).
    /// </summary>
    public DateTimeOffset? AttemptedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? ClickedAt { get; set; }
    public DateTimeOffset? BouncedAt { get; set; }
}

public enum DiscountStatus { Pending, Created, Failed, Used, Deleted }

public sealed class IssuedDiscount
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public Guid JourneyId { get; set; }
    public int Step { get; set; }
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public decimal? Percentage { get; set; }
    public long? CustomerId { get; set; }
    public string? Email { get; set; }
    public string? ShopifyNodeId { get; set; }
    public DiscountStatus Status { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    /// <summary>What the discount cost the merchant when it was used, in the shop currency.</summary>
    public decimal? Cost { get; set; }
}

public enum SuppressionReason { Unsubscribed, Bounced, Complained, Manual }

/// <summary>An address the shop must not email again.</summary>
public sealed class Suppression
{
    public long ShopId { get; set; }
    public required string Email { get; set; }
    public SuppressionReason Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>Cached Admin API facts about a customer (orders, spend), refreshed when stale.</summary>
public sealed class CustomerProfile
{
    public long ShopId { get; set; }
    public long CustomerId { get; set; }
    public string? Email { get; set; }
    public long OrdersCount { get; set; }
    public decimal AmountSpent { get; set; }
    public DateTimeOffset? LastOrderAt { get; set; }
    public string Tags { get; set; } = "";
    public string? MarketingState { get; set; }
    public int RecentOrders { get; set; }
    public int RecentOrdersWithDiscount { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
}

/// <summary>A shop's recovery program: flow, segment rules, incentive guardrails and sender, each a JSON document.</summary>
public sealed class ShopSettings
{
    public long ShopId { get; set; }
    public string FlowJson { get; set; } = "";
    public string SegmentRulesJson { get; set; } = "";
    public string GuardrailsJson { get; set; } = "";
    public string? SenderName { get; set; }
    public string? ReplyTo { get; set; }
    public int RetentionDays { get; set; } = 365;
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class EmailTemplate
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public int Step { get; set; }
    public required string Variant { get; set; }
    public required string Subject { get; set; }
    public required string Preheader { get; set; }
    public required string Html { get; set; }
    public required string Text { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class EmailTemplateVersion
{
    public long Id { get; set; }
    public long TemplateId { get; set; }
    public long ShopId { get; set; }
    public int Version { get; set; }
    public required string Subject { get; set; }
    public required string Preheader { get; set; }
    public required string Html { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}

sealed class RecoveryEntityConfiguration :
    IEntityTypeConfiguration<Journey>, IEntityTypeConfiguration<JourneyEvent>, IEntityTypeConfiguration<EmailSend>,
    IEntityTypeConfiguration<IssuedDiscount>, IEntityTypeConfiguration<Suppression>, IEntityTypeConfiguration<CustomerProfile>,
    IEntityTypeConfiguration<ShopSettings>, IEntityTypeConfiguration<EmailTemplate>, IEntityTypeConfiguration<EmailTemplateVersion>
{
    public void Configure(EntityTypeBuilder<Journey> e)
    {
        e.ToTable("journeys");
        e.HasKey(j => j.Id);
        e.HasOne<Shop>().WithMany().HasForeignKey(j => j.ShopId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(j => new { j.ShopId, j.CheckoutToken }).IsUnique();
        e.HasIndex(j => new { j.ShopId, j.Status, j.CreatedAt });
        e.HasIndex(j => new { j.ShopId, j.CreatedAt });
        // Per-customer lookups (repeat abandoner, order fallback, consent) seek the customer, then the time window.
        e.HasIndex(j => new { j.ShopId, j.Email, j.CreatedAt });
        e.HasIndex(j => new { j.ShopId, j.CustomerId, j.CreatedAt });
        e.Property(j => j.CheckoutToken).HasMaxLength(100);
        e.Property(j => j.CartToken).HasMaxLength(100);
        e.Property(j => j.Email).HasMaxLength(320);
        e.Property(j => j.Phone).HasMaxLength(50);
        e.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(j => j.Attribution).HasConversion<string>().HasMaxLength(20);
        e.Property(j => j.ShopCurrency).HasMaxLength(3);
        e.Property(j => j.PresentmentCurrency).HasMaxLength(3);
        e.Property(j => j.Segment).HasMaxLength(100);
        e.Property(j => j.Variant).HasMaxLength(100);
        e.Property(j => j.TimeZone).HasMaxLength(64);
        e.Property(j => j.CountryCode).HasMaxLength(2);
        e.Property(j => j.MarketingState).HasMaxLength(30);
        // Checkout webhooks and the step handler both move a journey; a change based on an older activity must lose.
        e.Property(j => j.ActivityVersion).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<JourneyEvent> e)
    {
        e.ToTable("journey_events");
        e.HasKey(x => x.Id);
        e.HasOne<Journey>().WithMany().HasForeignKey(x => x.JourneyId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.JourneyId, x.Id });
        e.Property(x => x.Kind).HasMaxLength(40);
    }

    public void Configure(EntityTypeBuilder<EmailSend> e)
    {
        e.ToTable("email_sends");
        e.HasKey(x => x.Id);
        e.HasOne<Journey>().WithMany().HasForeignKey(x => x.JourneyId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.JourneyId, x.Step }).IsUnique();
        e.HasIndex(x => new { x.ShopId, x.CreatedAt });
        // The frequency cap counts one address's emails in a window of creation times.
        e.HasIndex(x => new { x.ShopId, x.ToEmail, x.CreatedAt });
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.ToEmail).HasMaxLength(320);
        e.Property(x => x.DiscountCode).HasMaxLength(100);
        e.Property(x => x.ProviderMessageId).HasMaxLength(200);
        e.HasIndex(x => new { x.Status, x.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<IssuedDiscount> e)
    {
        e.ToTable("issued_discounts");
        e.HasKey(x => x.Id);
        e.HasOne<Journey>().WithMany().HasForeignKey(x => x.JourneyId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ShopId, x.Code }).IsUnique();
        e.HasIndex(x => new { x.ShopId, x.Status, x.EndsAt });
        // One live code per customer, and the discount-seeker fact, look up one customer's codes.
        e.HasIndex(x => new { x.ShopId, x.Email, x.Status, x.EndsAt });
        e.HasIndex(x => new { x.ShopId, x.CustomerId, x.Status, x.EndsAt });
        e.Property(x => x.Email).HasMaxLength(320);
        e.Property(x => x.Code).HasMaxLength(100);
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<Suppression> e)
    {
        e.ToTable("suppressions");
        e.HasKey(x => new { x.ShopId, x.Email });
        e.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Email).HasMaxLength(320);
        e.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<CustomerProfile> e)
    {
        e.ToTable("customer_profiles");
        e.HasKey(x => new { x.ShopId, x.CustomerId });
        e.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ShopSettings> e)
    {
        e.ToTable("shop_settings");
        e.HasKey(x => x.ShopId);
        e.HasOne<Shop>().WithOne().HasForeignKey<ShopSettings>(x => x.ShopId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<EmailTemplate> e)
    {
        e.ToTable("email_templates");
        e.HasKey(x => x.Id);
        e.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ShopId, x.Step, x.Variant }).IsUnique();
        e.Property(x => x.Variant).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<EmailTemplateVersion> e)
    {
        e.ToTable("email_template_versions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.TemplateId, x.Version }).IsUnique();
        e.HasOne<EmailTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}
