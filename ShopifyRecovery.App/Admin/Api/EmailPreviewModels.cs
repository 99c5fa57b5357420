using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin.Simulation;

namespace ShopifyRecovery.App.Admin.Api;

/// <summary>
/// What a preview or test email is rendered with: a sample shopper and cart, or a real recent journey of the shop
/// (its cart and name, with links that go nowhere, so a preview can never click or unsubscribe for a shopper).
/// </summary>
public sealed class EmailPreviewModels(RecoveryDbContext db, IOptions<ShopifyOptions> shopify, TimeProvider clock)
{
    public EmailModel Sample(Shop shop, int step, bool withDiscount, string? toEmail = null)
    {
        var playground = shopify.Value.IsPlayground;
        var catalogue = new SimulatedCatalogue(shopify.Value.AppUrl);
        var lines = catalogue.Products.Take(2).Select((p, i) => new EmailCartLine(p.Title, p.VariantTitle, i + 1, p.Price, p.Price * (i + 1),
            playground ? p.ImageUrl : null, p.ProductType)).ToList();
        var total = lines.Sum(l => l.LinePrice);
        return new EmailModel(
            ShopOf(shop),
            new EmailCustomer("Ava", "Martin", toEmail ?? "ava.martin@example.com"),
            new EmailCart(lines, total, total, shop.Currency, lines.Sum(l => l.Quantity)),
            RecoveryUrl: $"https://{shop.Domain}/cart",
            Discount: withDiscount ? SampleDiscount() : null,
            UnsubscribeUrl: PreviewLink("unsubscribe"),
            StepNumber: step);
    }

    /// <summary>The journey's cart and shopper as the step would see them; null when the journey is not this shop's.</summary>
    public async Task<EmailModel?> FromJourneyAsync(Shop shop, Guid journeyId, int step, bool withDiscount, CancellationToken ct)
    {
        var journey = await db.Set<Journey>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == journeyId && j.ShopId == shop.Id, ct);
        if (journey is null)
            return null;
        var codes = await db.Set<IssuedDiscount>().AsNoTracking()
            .Where(d => d.ShopId == shop.Id && d.JourneyId == journeyId && d.Step == step).ToListAsync(ct);
        var lines = CartJson.Read(journey.CartJson)
            .Select(l => new EmailCartLine(l.Title, l.VariantTitle, l.Quantity, l.Price, l.LinePrice, l.ImageUrl, l.ProductType)).ToList();
        EmailDiscount? discount = codes.Count > 0
            ? new EmailDiscount(codes[0].Code, codes.Select(c => c.Percentage).FirstOrDefault(p => p > 0),
                codes.Any(c => c.Kind == "FreeShipping"), codes.Min(c => c.EndsAt), codes.Select(c => c.Code).ToList())
            : withDiscount ? SampleDiscount() : null;
        return new EmailModel(
            ShopOf(shop),
            new EmailCustomer(journey.FirstName, journey.LastName, journey.Email ?? "shopper@example.com"),
            new EmailCart(lines, journey.Subtotal, journey.Total, journey.PresentmentCurrency, journey.ItemCount),
            RecoveryUrl: PreviewLink("checkout"),
            Discount: discount,
            UnsubscribeUrl: PreviewLink("unsubscribe"),
            StepNumber: step);
    }

    EmailDiscount SampleDiscount() =>
        new("COMEBACK-PREVIEW", 10m, false, clock.GetUtcNow().AddHours(48), ["COMEBACK-PREVIEW"]);

    string PreviewLink(string what) => $"{shopify.Value.AppUrl.TrimEnd('/')}/preview-only/{what}";

    static EmailShop ShopOf(Shop shop) =>
        new(shop.Name ?? shop.Domain, shop.Email ?? "", shop.Address ?? "", shop.Domain);
}
