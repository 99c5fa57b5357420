using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Email;

/// <summary>A shop, one journey and one sent email in the test database, as the recovery worker would leave them.</summary>
sealed record EmailLedgerSeed(long ShopId, Guid JourneyId, Guid EmailSendId)
{
    public const string ShopDomain = "maple-oak.myshopify.com";
    public const string RecoveryUrl = "https://maple-oak.myshopify.com/12345/checkouts/abc/recover?key=k1";
    public const string Shopper = "Ada.Lovelace@Example.com";

    public static async Task<EmailLedgerSeed> CreateAsync(TestDatabase database, string? discountCode = null,
        SendStatusKind status = SendStatusKind.Sent, string? providerMessageId = "sg-msg-1")
    {
        await using var db = database.CreateContext();
        var shop = new Shop { Domain = ShopDomain, Name = "Maple & Oak", Installed = true, InstalledAt = DateTimeOffset.UtcNow };
        db.Add(shop);
        await db.SaveChangesAsync();
        var journey = new Journey
        {
            Id = Guid.NewGuid(), ShopId = shop.Id, CheckoutToken = "abc", Email = Shopper, ShopCurrency = "EUR", PresentmentCurrency = "EUR",
            RecoveryUrl = RecoveryUrl, CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow, CheckoutUpdatedAt = DateTimeOffset.UtcNow,
        };
        var send = new EmailSend
        {
            Id = Guid.NewGuid(), ShopId = shop.Id, JourneyId = journey.Id, Step = 3, Status = status, ToEmail = Shopper,
            DiscountCode = discountCode, Provider = "SendGrid", ProviderMessageId = providerMessageId,
            CreatedAt = DateTimeOffset.UtcNow, SentAt = status == SendStatusKind.Sent ? DateTimeOffset.UtcNow : null,
        };
        db.AddRange(journey, send);
        await db.SaveChangesAsync();
        return new EmailLedgerSeed(shop.Id, journey.Id, send.Id);
    }
}
