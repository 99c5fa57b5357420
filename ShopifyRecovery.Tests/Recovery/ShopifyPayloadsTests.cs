using System.Text.Json;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class ShopifyPayloadsTests
{
    static JsonElement Fixture(string name) => JsonDocument.Parse(TestApp.Fixture($"webhooks/{name}.json")).RootElement;

    [Test]
    public void Shopifys_sample_checkout_reads_into_a_snapshot_keyed_on_its_token()
    {
        var checkout = ShopifyPayloads.ReadCheckout(Fixture("checkouts_create"))!;

        Assert.That(checkout.Token, Is.EqualTo("123123123"));
        Assert.That(checkout.UpdatedAt, Is.EqualTo(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(checkout.UpdatedAt.Offset, Is.EqualTo(TimeSpan.Zero), "stored and compared as UTC");
        Assert.That(checkout.CustomerId, Is.EqualTo(603851970716743426L), "the exact id from admin_graphql_api_id, not the rounded number");
        Assert.That((checkout.Email, checkout.CountryCode, checkout.ProvinceCode), Is.EqualTo(("example@email.com", "US", "KY")));
        Assert.That((checkout.Total, checkout.ShopTotal, checkout.PresentmentCurrency), Is.EqualTo((421.88m, (decimal?)421.88m, "USD")));
        Assert.That(checkout.Lines.Select(l => (l.Title, l.VariantTitle, l.Quantity, l.LinePrice)), Is.All.EqualTo(("IPod Nano - 8GB", "Pink", 1, 199.00m)));
        Assert.That(checkout.RecoveryUrl, Does.Contain("/recover?key="));
        Assert.That((checkout.SourceName, checkout.IsFromStorefront), Is.EqualTo(("web", true)));
    }

    [Test]
    public void A_foreign_currency_checkout_has_no_shop_total_unless_the_payload_gives_one()
    {
        var json = TestApp.Fixture("webhooks/checkouts_create.json").Replace("\"presentment_currency\": \"USD\"", "\"presentment_currency\": \"EUR\"");

        var checkout = ShopifyPayloads.ReadCheckout(JsonDocument.Parse(json).RootElement)!;

        Assert.That((checkout.PresentmentCurrency, checkout.ShopCurrency, checkout.ShopTotal), Is.EqualTo(("EUR", "USD", (decimal?)null)));
    }

    [Test]
    public void Shopifys_sample_order_reads_with_its_exact_id_and_shop_money()
    {
        var order = ShopifyPayloads.ReadOrder(Fixture("orders_create"))!;

        Assert.That(order.OrderId, Is.EqualTo(820982911946154508L));
        Assert.That((order.Email, order.Currency, order.CheckoutToken), Is.EqualTo(("jon@example.com", "USD", (string?)null)));
        Assert.That(order.CustomerId, Is.EqualTo(115310627314723954L));
        Assert.That(order.CancelledAt, Is.Not.Null);
    }

    [Test]
    public void A_checkout_without_token_or_updated_at_is_not_read()
    {
        Assert.That(ShopifyPayloads.ReadCheckout(Fixture("checkouts_delete")), Is.Null);
    }
}

public sealed class RecoveryOptionsTests
{
    [Test]
    public void A_time_scale_below_one_is_refused_with_the_key_named()
    {
        var result = new RecoveryOptionsValidator().Validate(null, new RecoveryOptions { TimeScale = 0.5 });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Recovery:TimeScale"));
        Assert.That(new RecoveryOptionsValidator().Validate(null, new RecoveryOptions { TimeScale = 60 }).Succeeded, Is.True);
    }
}
