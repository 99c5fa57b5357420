using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Shopify;

public sealed class ShopNotInstalledException(string shopDomain)
    : Exception($"{shopDomain} has no usable access token; the app is not installed there or was uninstalled.");

/// <summary>
/// Stores offline tokens encrypted and hands out a valid one, refreshing expiring tokens shortly before they lapse.
/// Shopify rotates the refresh token on every use, so the new pair is saved in one update guarded by
/// <see cref="Shop.TokenVersion"/>: a process that loses the race re-reads the winner's token instead.
/// </summary>
public sealed class ShopTokens(RecoveryDbContext db, IDataProtectionProvider protection, ShopifyAuthClient auth,
    TimeProvider clock, ILogger<ShopTokens> logger)
{
    static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);
    readonly IDataProtector _protector = protection.CreateProtector("ShopifyRecovery.ShopTokens.v1");

    public async Task<Shop> SaveInstallAsync(string shopDomain, ShopifyAccessToken token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == shopDomain, ct);
        if (shop is null)
        {
            shop = new Shop { Domain = shopDomain, InstalledAt = now };
            db.Set<Shop>().Add(shop);
        }
        else if (!shop.Installed)
        {
            shop.InstalledAt = now;
        }
        Apply(shop, token, now);
        shop.Installed = true;
        shop.UninstalledAt = null;
        await db.SaveChangesAsync(ct);
        ShopifyLog.Installed(logger, shopDomain);
        return shop;
    }

    public async Task<bool> HasUsableTokenAsync(string shopDomain, CancellationToken ct) =>
        await db.Set<Shop>().AsNoTracking().AnyAsync(s => s.Domain == shopDomain && s.Installed && s.AccessTokenCipher != null, ct);

    public async Task<string> GetAccessTokenAsync(string shopDomain, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == shopDomain, ct);
            if (shop is not { Installed: true, AccessTokenCipher: not null })
                throw new ShopNotInstalledException(shopDomain);
            var now = clock.GetUtcNow();
            if (shop.AccessTokenExpiresAt is null || shop.AccessTokenExpiresAt > now + RefreshAhead || shop.RefreshTokenCipher is null)
                return _protector.Unprotect(shop.AccessTokenCipher);

            var refreshed = await auth.RefreshAsync(shopDomain, _protector.Unprotect(shop.RefreshTokenCipher), ct);
            Apply(shop, refreshed, now);
            try
            {
                await db.SaveChangesAsync(ct);
                ShopifyLog.TokenRefreshed(logger, shopDomain);
                return refreshed.AccessToken;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another process refreshed first; its token is the valid one now.
                db.ChangeTracker.Clear();
            }
        }
        throw new ShopNotInstalledException(shopDomain);
    }

    /// <summary>After uninstall the tokens are dead anyway; keeping them would only be a liability.</summary>
    public static void Forget(Shop shop)
    {
        shop.AccessTokenCipher = null;
        shop.RefreshTokenCipher = null;
        shop.AccessTokenExpiresAt = null;
        shop.RefreshTokenExpiresAt = null;
        shop.TokenVersion++;
    }

    void Apply(Shop shop, ShopifyAccessToken token, DateTimeOffset now)
    {
        shop.AccessTokenCipher = _protector.Protect(token.AccessToken);
        shop.AccessTokenExpiresAt = token.ExpiresIn is > 0 ? now.AddSeconds(token.ExpiresIn.Value) : null;
        shop.RefreshTokenCipher = token.RefreshToken is { Length: > 0 } ? _protector.Protect(token.RefreshToken) : null;
        shop.RefreshTokenExpiresAt = token.RefreshTokenExpiresIn is > 0 ? now.AddSeconds(token.RefreshTokenExpiresIn.Value) : null;
        if (token.Scope is not null)
            shop.Scopes = token.Scope;
        shop.TokenVersion++;
    }
}
