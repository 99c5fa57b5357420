using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Intake;

/// <summary>The worker side of intake, through the real host: dispatch by topic, compliance, uninstall, poison.</summary>
public sealed class WebhookDispatchTests
{
    const string Shop = "demo.myshopify.com";
    TestDatabase _database = null!;
    TestApp _app = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TestApp(_database);
        _app.CreateClient(); // starts the host and its in-process worker
        await using var db = _app.CreateDbContext();
        db.Set<Shop>().Add(new Shop
        {
            Domain = Shop, Installed = true, InstalledAt = DateTimeOffset.UtcNow.AddDays(-30),
            AccessTokenCipher = "cipher", RefreshTokenCipher = "refresh-cipher", Scopes = "read_orders",
        });
        await db.SaveChangesAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    Task WaitUntilHandledAsync(string webhookId) => Eventually.WaitForAsync(async () =>
    {
        await using var db = _app.CreateDbContext();
        var id = ShopifyWebhookReceived.MessageIdFor(webhookId);
        return await db.Set<QueueMessageRow>().AnyAsync(m => m.MessageId == id && m.CompletedAt != null)
            || await db.Set<DeadLetterRow>().AnyAsync(m => m.MessageId == id);
    }, $"webhook {webhookId} to be settled");

    async Task<Shop?> LoadShop()
    {
        await using var db = _app.CreateDbContext();
        return await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == Shop);
    }

    [Test]
    public async Task Malformed_json_with_a_valid_signature_is_acknowledged_then_dead_lettered_with_the_reason()
    {
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, "{\"token\": \"abc\", ", "wh-bad");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitUntilHandledAsync("wh-bad");

        await using var db = _app.CreateDbContext();
        var letter = await db.Set<DeadLetterRow>().SingleAsync();
        Assert.That(letter.Reason, Is.EqualTo("Poison"));
        Assert.That(letter.Description, Does.Contain("not valid JSON"));
        Assert.That(letter.Attempts, Is.EqualTo(1), "poison is not retried");

        // The consumer is still alive: the next webhook is handled.
        await _app.PostWebhookAsync("app/scopes_update", Shop, """{"previous":["read_orders"],"current":["read_orders","write_discounts"]}""", "wh-next");
        await WaitUntilHandledAsync("wh-next");
        Assert.That((await LoadShop())!.Scopes, Is.EqualTo("read_orders,write_discounts"));
    }

    [Test]
    public async Task App_uninstalled_deletes_the_tokens_and_switches_the_shop_off()
    {
        await _app.PostWebhookAsync("app_subscriptions/update", Shop,
            """{"app_subscription":{"admin_graphql_api_id":"gid://shopify/AppSubscription/3","name":"Basic","status":"ACTIVE","updated_at":"2026-11-01T00:00:00Z"}}""", "wh-plan");
        await WaitUntilHandledAsync("wh-plan");
        Assert.That((await LoadShop())!.SubscriptionStatus, Is.EqualTo("ACTIVE"));

        await _app.PostWebhookAsync("app/uninstalled", Shop, TestApp.Fixture("webhooks/app_uninstalled.json"), "wh-un");
        await WaitUntilHandledAsync("wh-un");

        var shop = await LoadShop();
        Assert.That(shop!.Installed, Is.False);
        Assert.That(shop.AccessTokenCipher, Is.Null);
        Assert.That(shop.RefreshTokenCipher, Is.Null);
        Assert.That(shop.UninstalledAt, Is.Not.Null);
        Assert.That(shop.SubscriptionStatus, Is.Null, "the uninstall ended the plan; a reinstall reads it again");
    }

    [Test]
    public async Task The_same_uninstall_delivered_twice_is_handled_once()
    {
        await _app.PostWebhookAsync("app/uninstalled", Shop, TestApp.Fixture("webhooks/app_uninstalled.json"), "wh-un");
        await WaitUntilHandledAsync("wh-un");
        // Re-enqueue the identical message under a new row (as a broker redelivery would) by replaying the id.
        await using (var db = _app.CreateDbContext())
        {
            var processed = await db.Set<InboxEntry>().CountAsync(e => e.MessageId == ShopifyWebhookReceived.MessageIdFor("wh-un"));
            Assert.That(processed, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Shop_redact_erases_the_shop()
    {
        var body = TestApp.Fixture("webhooks/shop_redact.json").Replace("{shop}.myshopify.com", Shop);
        await _app.PostWebhookAsync("shop/redact", Shop, body, "wh-redact");
        await WaitUntilHandledAsync("wh-redact");
        Assert.That(await LoadShop(), Is.Null);
    }

    [Test]
    public async Task A_customer_data_request_is_recorded_for_the_merchant()
    {
        var body = TestApp.Fixture("webhooks/customers_data_request.json").Replace("{shop}.myshopify.com", Shop);
        await _app.PostWebhookAsync("customers/data_request", Shop, body, "wh-dr");
        await WaitUntilHandledAsync("wh-dr");
        await using var db = _app.CreateDbContext();
        var request = await db.Set<ComplianceRequest>().SingleAsync();
        Assert.That(request.Topic, Is.EqualTo("customers/data_request"));
        Assert.That(request.Export, Is.Not.Null);
        Assert.That(request.CompletedAt, Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_topic_is_acknowledged_without_a_dead_letter()
    {
        await _app.PostWebhookAsync("products/update", Shop, "{\"id\":1}", "wh-unknown");
        await WaitUntilHandledAsync("wh-unknown");
        await using var db = _app.CreateDbContext();
        Assert.That(await db.Set<DeadLetterRow>().CountAsync(), Is.Zero);
    }
}
