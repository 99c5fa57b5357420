using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Security;

namespace ShopifyRecovery.Recovery;

public static class SuppressionLookup
{
    /// <summary>
    /// Why an address must not be emailed, if it must not: its own suppression, or the keyed hash left when its owner
    /// was erased (<see cref="EmailAddresses.Redacted"/>). The strongest reason wins when there are both.
    /// </summary>
    public static async Task<SuppressionReason?> SuppressionOfAsync(this RecoveryDbContext db, long shopId, string? email,
        AppSecrets secrets, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email))
            return null;
        var address = EmailAddresses.Normalize(email);
        var redacted = EmailAddresses.Redacted(address, EmailAddresses.RedactionKey(secrets));
        var reasons = await db.Set<Suppression>().AsNoTracking()
            .Where(s => s.ShopId == shopId && (s.Email == address || s.Email == redacted))
            .Select(s => s.Reason).ToListAsync(ct);
        return reasons.Count == 0 ? null : reasons.Min();
    }
}
