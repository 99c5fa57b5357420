using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// What recovery holds about a customer: journeys (contact, cart), the emails sent, the codes issued, suppressions
/// and the cached profile. Erasure anonymises rows that feed reports (status, step, revenue, discount cost stay) and
/// deletes rows that are nothing but personal data; an opt-out is kept as a keyed hash of the address, so erasing a
/// customer never lets recovery email them again.
/// </summary>
public sealed class RecoveryPersonalData(RecoveryDbContext db, AppSecrets secrets, TimeProvider clock) : IPersonalDataOwner
{
    public const string Redacted = "redacted";

    public string Name => "recovery";

    public async Task<object?> ExportAsync(long shopId, CustomerRef customer, CancellationToken ct)
    {
        var journeys = await MatchingJourneys(shopId, customer).AsNoTracking().ToListAsync(ct);
        var ids = journeys.Select(j => j.Id).ToList();
        var emails = Emails(customer, journeys);
        return new
        {
            journeys = journeys.Select(j => new
            {
                checkout = j.CheckoutToken, j.Email, j.Phone, j.FirstName, j.LastName, j.CountryCode, status = j.Status.ToString(),
                j.CreatedAt, j.ClosedAt, j.Total, currency = j.PresentmentCurrency, cart = CartJson.Read(j.CartJson), j.MarketingState,
            }),
            emails = await db.Set<EmailSend>().AsNoTracking().Where(s => ids.Contains(s.JourneyId))
                .Select(s => new { s.Step, status = s.Status.ToString(), s.ToEmail, s.Subject, s.SentAt, s.OpenedAt, s.ClickedAt, s.DiscountCode })
                .ToListAsync(ct),
            discounts = await db.Set<IssuedDiscount>().AsNoTracking().Where(d => ids.Contains(d.JourneyId))
                .Select(d => new { d.Code, d.Kind, d.Percentage, status = d.Status.ToString(), d.EndsAt, d.UsedAt })
                .ToListAsync(ct),
            suppressions = await db.Set<Suppression>().AsNoTracking().Where(s => s.ShopId == shopId && emails.Contains(s.Email))
                .Select(s => new { s.Email, reason = s.Reason.ToString(), s.CreatedAt })
                .ToListAsync(ct),
            profile = customer.CustomerId is { } id
                ? await db.Set<CustomerProfile>().AsNoTracking().Where(p => p.ShopId == shopId && p.CustomerId == id)
                    .Select(p => new { p.OrdersCount, p.AmountSpent, p.LastOrderAt, p.MarketingState, p.FetchedAt }).SingleOrDefaultAsync(ct)
                : null,
        };
    }

    public async Task EraseCustomerAsync(long shopId, CustomerRef customer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var journeys = await MatchingJourneys(shopId, customer).ToListAsync(ct);
        var emails = Emails(customer, journeys);
        var ids = journeys.Select(j => j.Id).ToList();
        foreach (var journey in journeys)
        {
            JourneyMachine.Close(journey, JourneyStatus.Suppressed, CloseReasons.CustomerRedacted, now);
            journey.Email = null;
            journey.Phone = null;
            journey.FirstName = null;
            journey.LastName = null;
            journey.CustomerId = null;
            journey.CartToken = null;
            journey.RecoveryUrl = null;
            journey.MarketingState = null;
            journey.CartJson = "[]";
        }
        await db.Set<EmailSend>().Where(s => ids.Contains(s.JourneyId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ToEmail, Redacted).SetProperty(s => s.Subject, (string?)null)
                .SetProperty(s => s.Html, (string?)null).SetProperty(s => s.Text, (string?)null), ct);
        await db.Set<IssuedDiscount>().Where(d => d.ShopId == shopId && (ids.Contains(d.JourneyId) || (customer.CustomerId != null && d.CustomerId == customer.CustomerId)))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Email, (string?)null).SetProperty(d => d.CustomerId, (long?)null), ct);
        await RedactSuppressionsAsync(shopId, emails, ct);
        if (customer.CustomerId is { } customerId)
            await db.Set<CustomerProfile>().Where(p => p.ShopId == shopId && p.CustomerId == customerId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The address goes; the "do not email" stays, as the keyed hash the send-time checks also look for.</summary>
    async Task RedactSuppressionsAsync(long shopId, List<string> emails, CancellationToken ct)
    {
        var rows = await db.Set<Suppression>().Where(s => s.ShopId == shopId && emails.Contains(s.Email)).ToListAsync(ct);
        foreach (var row in rows)
        {
            db.Remove(row);
            var redacted = EmailAddresses.Redacted(row.Email, EmailAddresses.RedactionKey(secrets));
            if (db.Set<Suppression>().Local.Any(s => s.ShopId == shopId && s.Email == redacted)
                || await db.Set<Suppression>().AnyAsync(s => s.ShopId == shopId && s.Email == redacted, ct))
                continue;
            db.Add(new Suppression { ShopId = shopId, Email = redacted, Reason = row.Reason, CreatedAt = row.CreatedAt });
        }
    }

    public async Task EraseShopAsync(long shopId, CancellationToken ct)
    {
        // Events, sends and codes go with their journeys (cascade).
        await db.Set<Journey>().Where(j => j.ShopId == shopId).ExecuteDeleteAsync(ct);
        await db.Set<Suppression>().Where(s => s.ShopId == shopId).ExecuteDeleteAsync(ct);
        await db.Set<CustomerProfile>().Where(p => p.ShopId == shopId).ExecuteDeleteAsync(ct);
        await db.Set<ShopSettings>().Where(s => s.ShopId == shopId).ExecuteDeleteAsync(ct);
    }

    IQueryable<Journey> MatchingJourneys(long shopId, CustomerRef customer)
    {
        var email = EmailAddresses.NormalizeOrNull(customer.Email);
        var phone = customer.Phone?.Trim();
        return db.Set<Journey>().Where(j => j.ShopId == shopId
            && ((customer.CustomerId != null && j.CustomerId == customer.CustomerId)
                || (email != null && j.Email == email)
                || (phone != null && j.Phone == phone)));
    }

    static List<string> Emails(CustomerRef customer, IEnumerable<Journey> journeys) =>
        journeys.Select(j => j.Email).Append(customer.Email).OfType<string>()
            .SelectMany(e => new[] { e.Trim(), e.Trim().ToLowerInvariant() }).Distinct().ToList();
}
