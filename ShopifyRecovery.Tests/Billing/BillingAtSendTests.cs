using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Recovery;

namespace ShopifyRecovery.Tests.Billing;

/// <summary>With billing required, the plan is one of the send-time guards; app_subscriptions/update keeps it current.</summary>
public sealed class BillingAtSendTests
{
    static readonly Dictionary<string, string?> Billed = new() { ["Billing:Required"] = "true" };

    static string Subscription(string id, string status, DateTimeOffset updatedAt) => $$$"""
        {"app_subscription":{"admin_graphql_api_id":"gid://shopify/AppSubscription/{{{id}}}","name":"Growth","status":"{{{status}}}",
          "admin_graphql_api_shop_id":"gid://shopify/Shop/1","created_at":"2026-11-01T10:00:00Z","updated_at":"{{{updatedAt:O}}}",
          "currency":"USD","capped_amount":null}}
        """;

    [Test]
    public async Task Without_an_active_plan_nothing_is_sent_and_each_step_says_why()
    {
        // Arrange
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("unpaid", RecoveryHarness.Start, total: 200m, customerId: 42));
        // Act
        await h.RunAsync(TimeSpan.FromDays(5));
        // Assert
        Assert.That(h.ProviderCalls, Is.Empty);
        Assert.That(h.Admin.CustomerCalls, Is.Zero, "a shop that cannot send spends no Admin API budget on its customers");
        Assert.That(h.Admin.CreateCalls, Is.Empty, "no code is minted for an email that will not go out");
        var reasons = (await h.LedgerAsync("unpaid")).Select(s => s.SkipReason);
        Assert.That(reasons, Has.Exactly(3).EqualTo(SkipReasons.NoActivePlan));
    }

    [Test]
    public async Task Once_the_merchant_picks_a_plan_new_checkouts_are_emailed()
    {
        // Arrange
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        await h.WebhookAsync(ShopifyTopics.AppSubscriptionsUpdate, Subscription("7", "ACTIVE", RecoveryHarness.Start));
        await h.RunAsync(TimeSpan.FromMinutes(1));
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("paid", RecoveryHarness.Start.AddMinutes(1), customerId: 42));
        // Act
        await h.RunAsync(TimeSpan.FromDays(5));
        // Assert
        Assert.That(h.ProviderCalls, Has.Count.EqualTo(3));
        Assert.That(h.Admin.CustomerCalls, Is.GreaterThan(0), "a paying shop's customers are looked up for their segment");
        var shop = await h.QueryAsync(db => db.Set<Shop>().SingleAsync(s => s.Id == h.ShopId));
        Assert.That((shop.SubscriptionId, shop.SubscriptionStatus), Is.EqualTo(("gid://shopify/AppSubscription/7", "ACTIVE")));
    }

    [Test]
    public async Task Reconciliation_reads_the_plan_so_a_lost_webhook_does_not_leave_a_paying_shop_unserved()
    {
        // Arrange
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        h.Admin.Subscriptions.Add(new AppSubscriptionRecord("gid://shopify/AppSubscription/8", "Basic", "ACTIVE", Test: false));
        // Act
        await h.PublishAsync($"reconcile:{RecoveryHarness.ShopDomain}:1", new ReconcileShop(RecoveryHarness.ShopDomain));
        await h.RunAsync(TimeSpan.FromMinutes(1));
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("after-reconcile", RecoveryHarness.Start.AddMinutes(1)));
        await h.RunAsync(TimeSpan.FromDays(5));
        // Assert
        Assert.That(h.ProviderCalls, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_token_refreshed_meanwhile_does_not_make_the_plan_read_fail()
    {
        // Arrange: the shop row changes under the reader (another process refreshes the expiring token)
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        h.Admin.Subscriptions.Add(new AppSubscriptionRecord("gid://shopify/AppSubscription/9", "Basic", "ACTIVE", Test: false));
        h.Admin.DuringSubscriptionsCall = () => h.QueryAsync(db =>
            db.Set<Shop>().Where(s => s.Id == h.ShopId).ExecuteUpdateAsync(u => u.SetProperty(s => s.TokenVersion, s => s.TokenVersion + 1)));
        // Act
        await h.PublishAsync($"reconcile:{RecoveryHarness.ShopDomain}:1", new ReconcileShop(RecoveryHarness.ShopDomain));
        await h.RunAsync(TimeSpan.FromMinutes(1));
        // Assert
        Assert.That(h.HandlerErrors, Is.Empty);
        var shop = await h.QueryAsync(db => db.Set<Shop>().SingleAsync(s => s.Id == h.ShopId));
        Assert.That(shop.SubscriptionStatus, Is.EqualTo("ACTIVE"));
    }

    [Test]
    public async Task A_frozen_plan_stops_the_steps_not_yet_sent()
    {
        // Arrange
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        await h.WebhookAsync(ShopifyTopics.AppSubscriptionsUpdate, Subscription("7", "ACTIVE", RecoveryHarness.Start));
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("frozen", RecoveryHarness.Start));
        await h.RunAsync(TimeSpan.FromHours(2)); // step 1 (1 h) goes out
        // Act
        await h.WebhookAsync(ShopifyTopics.AppSubscriptionsUpdate, Subscription("7", "FROZEN", RecoveryHarness.Start.AddHours(2)));
        await h.RunAsync(TimeSpan.FromDays(5));
        // Assert
        Assert.That(h.ProviderCalls, Has.Count.EqualTo(1));
        var ledger = (await h.LedgerAsync("frozen")).OrderBy(s => s.Step).Select(s => s.SkipReason).ToList();
        Assert.That(ledger, Is.EqualTo(new string?[] { null, SkipReasons.NoActivePlan, SkipReasons.NoActivePlan }));
    }

    [Test]
    public async Task A_subscription_webhook_without_its_subscription_is_poison_with_the_reason()
    {
        // Arrange
        await using var h = await RecoveryHarness.CreateAsync(Billed);
        // Act: the pump dead-letters a PoisonMessageException at once, with its message as the reason.
        var poison = Assert.ThrowsAsync<PoisonMessageException>(() => h.WebhookAsync(ShopifyTopics.AppSubscriptionsUpdate, """{"something_else":{}}"""));
        // Assert
        Assert.That(poison!.Message, Does.Contain("app_subscription"));
        var unknown = Assert.ThrowsAsync<PoisonMessageException>(() => h.WebhookAsync(ShopifyTopics.AppSubscriptionsUpdate, Subscription("7", "PAID_UP", RecoveryHarness.Start)));
        Assert.That(unknown!.Message, Does.Contain("unknown status 'PAID_UP'"));
        var shop = await h.QueryAsync(db => db.Set<Shop>().SingleAsync(s => s.Id == h.ShopId));
        Assert.That(shop.SubscriptionStatus, Is.Null);
    }
}
