using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Security;

/// <summary>
/// The keys behind what must outlive a rotation of the Shopify client secret: link tokens in emails already sent
/// (an unsubscribe link has to work for months), the keyed hashes that keep an erased customer's opt-out, and the
/// discount code names. They derive from one random root key the app generates on its first start and keeps in its own
/// database, encrypted with Data Protection (whose old keys stay able to decrypt), so every App and Worker process
/// on the database shares it and no operator ever has to rotate or provision it.
/// </summary>
public sealed class AppSecrets
{
    const string RootPurpose = "root.v1";
    readonly IServiceScopeFactory? _scopes;
    readonly IDataProtector? _protector;
    readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    volatile byte[]? _root;

    public AppSecrets(IServiceScopeFactory scopes, IDataProtectionProvider protection)
    {
        _scopes = scopes;
        _protector = protection.CreateProtector("ShopifyRecovery.AppSecrets.v1");
    }

    AppSecrets(byte[] root) => _root = root;

    /// <summary>For tests and tools that hold the root key themselves.</summary>
    public static AppSecrets FromRoot(byte[] root) => new(root);

    /// <summary>A 32-byte key for one use; the same <paramref name="purpose"/> always gives the same key.</summary>
    public byte[] Key(string purpose)
    {
        var root = _root ?? throw new InvalidOperationException(
            "The app's keys are not loaded: the host loads them at start (DatabaseMigrationService); without a host, call AppSecrets.LoadAsync first.");
        return _keys.GetOrAdd(purpose, static (p, r) =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, r, 32, info: Encoding.UTF8.GetBytes("ShopifyRecovery." + p)), root);
    }

    /// <summary>
    /// Reads the root key, creating it on the very first start. Called once when the host starts, never lazily from
    /// a handler: SQLite has one writer, and a first use inside a handler's write transaction would wait on its own
    /// lock. Two processes starting at once may both generate a key: the first insert wins, the other re-reads it.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_root is not null)
            return;
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = _scopes!.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
            var stored = await db.Set<AppSecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Purpose == RootPurpose, ct);
            if (stored is not null)
            {
                _root = _protector!.Unprotect(Convert.FromBase64String(stored.Protected));
                return;
            }
            var root = RandomNumberGenerator.GetBytes(32);
            db.Add(new AppSecret { Purpose = RootPurpose, Protected = Convert.ToBase64String(_protector!.Protect(root)), CreatedAt = DateTimeOffset.UtcNow });
            try
            {
                await db.SaveChangesAsync(ct);
                _root = root;
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another process stored its key first; use that one.
            }
        }
    }
}

public sealed class AppSecret
{
    public required string Purpose { get; set; }
    /// <summary>Base64 of the Data Protection payload: the key itself is never stored in the clear.</summary>
    public required string Protected { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> entity)
    {
        entity.ToTable("app_secrets");
        entity.HasKey(e => e.Purpose);
        entity.Property(e => e.Purpose).HasMaxLength(100);
    }
}
