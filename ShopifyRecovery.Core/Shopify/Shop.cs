using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopifyRecovery.Shopify;

/// <summary>An installed (or once installed) shop. Tokens are stored only as Data Protection ciphertext.</summary>
public sealed class Shop
{
    public long Id { get; set; }
    public required string Domain { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string Currency { get; set; } = "USD";
    public string? IanaTimeZone { get; set; }
    public string? CountryCode { get; set; }
    /// <summary>Postal address for the email footer (required by anti-spam law in most markets).</summary>
    public string? Address { get; set; }
    public string Scopes { get; set; } = "";
    public string? AccessTokenCipher { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public string? RefreshTokenCipher { get; set; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }
    /// <summary>Bumped on every token change so two processes refreshing at once cannot both win.</summary>
    public int TokenVersion { get; set; }
    public bool Installed { get; set; }
    public DateTimeOffset InstalledAt { get; set; }
    public DateTimeOffset? UninstalledAt { get; set; }
    /// <summary>Operator or merchant switch: no recovery email leaves while set.</summary>
    public bool SendsPaused { get; set; }
    public bool IsSandbox { get; set; }
    public DateTimeOffset? LastReconciledAt { get; set; }
    /// <summary>The app subscription Shopify last reported (Shopify App Pricing); null until one is seen. See AppSubscriptions.</summary>
    public string? SubscriptionId { get; set; }
    public string? SubscriptionName { get; set; }
    /// <summary>Shopify's status word: ACTIVE, FROZEN, CANCELLED, …</summary>
    public string? SubscriptionStatus { get; set; }
    /// <summary>When Shopify last changed it, as far as the app has seen; older webhooks are ignored.</summary>
    public DateTimeOffset? SubscriptionUpdatedAt { get; set; }
}

sealed class ShopConfiguration : IEntityTypeConfiguration<Shop>
{
    public void Configure(EntityTypeBuilder<Shop> entity)
    {
        entity.ToTable("shops");
        entity.HasKey(s => s.Id);
        entity.HasIndex(s => s.Domain).IsUnique();
        entity.Property(s => s.Domain).HasMaxLength(255);
        entity.Property(s => s.Name).HasMaxLength(255);
        entity.Property(s => s.Email).HasMaxLength(320);
        entity.Property(s => s.Currency).HasMaxLength(3);
        entity.Property(s => s.IanaTimeZone).HasMaxLength(64);
        entity.Property(s => s.CountryCode).HasMaxLength(2);
        entity.Property(s => s.Address).HasMaxLength(1000);
        entity.Property(s => s.Scopes).HasMaxLength(1000);
        entity.Property(s => s.SubscriptionId).HasMaxLength(100);
        entity.Property(s => s.SubscriptionName).HasMaxLength(255);
        entity.Property(s => s.SubscriptionStatus).HasMaxLength(20);
        entity.Property(s => s.TokenVersion).IsConcurrencyToken();
    }
}

/// <summary>One-time OAuth state values already used, so a callback URL cannot be replayed.</summary>
public sealed class OAuthNonce
{
    public required string Nonce { get; set; }
    public DateTimeOffset UsedAt { get; set; }
}

sealed class OAuthNonceConfiguration : IEntityTypeConfiguration<OAuthNonce>
{
    public void Configure(EntityTypeBuilder<OAuthNonce> entity)
    {
        entity.ToTable("oauth_nonces");
        entity.HasKey(n => n.Nonce);
        entity.Property(n => n.Nonce).HasMaxLength(64);
    }
}
