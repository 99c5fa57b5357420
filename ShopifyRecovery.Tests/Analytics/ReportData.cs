using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Analytics;

/// <summary>Journeys, ledger rows and codes written the way the Recovery capability leaves them, for report tests.</summary>
public sealed class ReportData(RecoveryDbContext db)
{
    int _codes;

    public static async Task<Shop> AddShopAsync(RecoveryDbContext db, string domain, string? timeZone = null, string currency = "USD")
    {
        var shop = new Shop
        {
            Domain = domain,
            Currency = currency,
            IanaTimeZone = timeZone,
            Installed = true,
            AccessTokenCipher = "protected-token",
            InstalledAt = DateTimeOffset.UtcNow,
        };
        db.Set<Shop>().Add(shop);
        await db.SaveChangesAsync();
        return shop;
    }

    public Journey Journey(long shopId, DateTimeOffset createdAt, bool holdout = false, string? segment = null, Guid? id = null)
    {
        var journey = new Journey
        {
            Id = id ?? Guid.NewGuid(),
            ShopId = shopId,
            CheckoutToken = Guid.NewGuid().ToString("N"),
            Email = "shopper@example.com",
            ShopCurrency = "USD",
            PresentmentCurrency = "USD",
            Status = JourneyStatus.Active,
            CreatedAt = createdAt,
            LastActivityAt = createdAt,
            CheckoutUpdatedAt = createdAt,
            IsHoldout = holdout,
            Segment = segment,
            ShopTotal = 100m,
            Total = 100m,
            Subtotal = 100m,
        };
        db.Set<Journey>().Add(journey);
        return journey;
    }

    /// <summary>What OrderRules.Apply leaves on a journey the order recovered.</summary>
    public static Journey Recover(Journey journey, DateTimeOffset at, Attribution attribution, int? step, decimal paid, decimal discountCost = 0m)
    {
        journey.Status = JourneyStatus.Recovered;
        journey.CloseReason = "order_placed";
        journey.ClosedAt = at;
        journey.RecoveredAt = at;
        journey.RecoveredOrderId = Random.Shared.NextInt64(1, long.MaxValue);
        journey.RecoveredRevenue = paid;
        journey.DiscountCost = discountCost;
        journey.Attribution = attribution;
        journey.AttributedStep = step;
        return journey;
    }

    public EmailSend Send(Journey journey, int step, DateTimeOffset at, SendStatusKind status = SendStatusKind.Sent,
        bool delivered = false, bool opened = false, bool clicked = false, string? arm = null, string? skipReason = null)
    {
        var send = new EmailSend
        {
            Id = Guid.NewGuid(),
            ShopId = journey.ShopId,
            JourneyId = journey.Id,
            Step = step,
            Status = status,
            SkipReason = skipReason,
            Segment = journey.Segment,
            ToEmail = journey.Email!,
            ExperimentArm = arm,
            CreatedAt = at,
            SentAt = status == SendStatusKind.Sent ? at : null,
            DeliveredAt = delivered ? at.AddMinutes(1) : null,
            OpenedAt = opened ? at.AddMinutes(10) : null,
            ClickedAt = clicked ? at.AddMinutes(11) : null,
        };
        db.Set<EmailSend>().Add(send);
        return send;
    }

    public IssuedDiscount Discount(Journey journey, int step, DiscountKind kind, decimal? percent, DiscountStatus status = DiscountStatus.Created)
    {
        var discount = new IssuedDiscount
        {
            ShopId = journey.ShopId,
            JourneyId = journey.Id,
            Step = step,
            Code = $"BACK-{++_codes:D6}",
            Kind = kind.ToString(),
            Percentage = percent,
            Status = status,
            StartsAt = journey.CreatedAt,
            EndsAt = journey.CreatedAt.AddHours(48),
            CreatedAt = journey.CreatedAt,
        };
        db.Set<IssuedDiscount>().Add(discount);
        return discount;
    }

    public Task SaveAsync() => db.SaveChangesAsync();
}
