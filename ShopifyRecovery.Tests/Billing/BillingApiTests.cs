using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Billing;

/// <summary>GET /api/billing over HTTP, with the plan read from a fake Shopify over a real round trip.</summary>
public sealed class BillingApiTests
{
    const string Domain = "billed-shop.myshopify.com";

    static async Task<(FakeShopify Shopify, AdminApiHarness Harness)> StartAsync()
    {
        var shopify = await FakeShopify.StartAsync();
        var harness = await AdminApiHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Shopify:ApiBaseUrlOverride"] = shopify.BaseUrl,
            ["Billing:Required"] = "true",
        });
        await using var scope = harness.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopTokens>()
            .SaveInstallAsync(Domain, new ShopifyAccessToken("shpat_billed", FakeShopify.DefaultScopes, null, null, null), CancellationToken.None);
        return (shopify, harness);
    }

    [Test]
    public async Task The_plan_is_read_from_shopify_stored_and_shown_with_the_plan_selection_link()
    {
        // Arrange
        var (shopify, harness) = await StartAsync();
        await using var _ = shopify;
        await using var __ = harness;
        shopify.On("ActiveSubscriptions", FakeShopify.Data("""
            {"currentAppInstallation":{"activeSubscriptions":[{"id":"gid://shopify/AppSubscription/42","name":"Growth","status":"ACTIVE","test":true}]}}
            """));

        // Act
        var response = await harness.Client(Domain).GetAsync("/api/billing");
        var plan = await AdminApiHarness.ReadAsync(response);
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(plan.GetProperty("allowsSending").GetBoolean(), Is.True);
            Assert.That(plan.GetProperty("planName").GetString(), Is.EqualTo("Growth"));
            Assert.That(plan.GetProperty("test").GetBoolean(), Is.True);
            Assert.That(plan.GetProperty("selectionUrl").GetString(),
                Is.EqualTo("https://admin.shopify.com/store/billed-shop/charges/shopify-recovery/pricing_plans"));
            Assert.That(shopify.GraphQLRequests().Select(r => (r.OperationName, r.AccessToken)), Has.Member(("ActiveSubscriptions", "shpat_billed")));
        });
        await using var db = harness.App.CreateDbContext();
        var stored = await db.Set<Shop>().SingleAsync(s => s.Domain == Domain);
        Assert.That((stored.SubscriptionId, stored.SubscriptionStatus), Is.EqualTo(("gid://shopify/AppSubscription/42", "ACTIVE")));
    }

    [Test]
    public async Task A_shop_without_a_subscription_is_told_that_emails_wait_for_a_plan()
    {
        // Arrange
        var (shopify, harness) = await StartAsync();
        await using var _ = shopify;
        await using var __ = harness;
        // Act
        var plan = await AdminApiHarness.ReadAsync(await harness.Client(Domain).GetAsync("/api/billing"));
        // Assert
        Assert.That(plan.GetProperty("required").GetBoolean(), Is.True);
        Assert.That(plan.GetProperty("allowsSending").GetBoolean(), Is.False);
        Assert.That(plan.GetProperty("status").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task When_shopify_cannot_be_read_the_stored_plan_stands()
    {
        // Arrange
        var (shopify, harness) = await StartAsync();
        await using var _ = shopify;
        await using var __ = harness;
        await using (var db = harness.App.CreateDbContext())
        {
            var shop = await db.Set<Shop>().SingleAsync(s => s.Domain == Domain);
            shop.SubscriptionId = "gid://shopify/AppSubscription/9";
            shop.SubscriptionStatus = "ACTIVE";
            await db.SaveChangesAsync();
        }
        shopify.On("ActiveSubscriptions", FakeShopify.Errors("ACCESS_DENIED", "Access denied for currentAppInstallation."));
        // Act
        var response = await harness.Client(Domain).GetAsync("/api/billing");
        var plan = await AdminApiHarness.ReadAsync(response);
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(plan.GetProperty("allowsSending").GetBoolean(), Is.True);
        Assert.That(plan.GetProperty("status").GetString(), Is.EqualTo("ACTIVE"));
    }

    [Test]
    public async Task Without_billing_the_plan_is_not_asked_of_shopify_and_sending_is_allowed()
    {
        // Arrange
        await using var shopify = await FakeShopify.StartAsync();
        await using var harness = await AdminApiHarness.StartAsync(new Dictionary<string, string?> { ["Shopify:ApiBaseUrlOverride"] = shopify.BaseUrl });
        // Act
        var plan = await AdminApiHarness.ReadAsync(await harness.Client(AdminApiHarness.ShopA).GetAsync("/api/billing"));
        // Assert
        Assert.That(plan.GetProperty("required").GetBoolean(), Is.False);
        Assert.That(plan.GetProperty("allowsSending").GetBoolean(), Is.True);
        Assert.That(shopify.GraphQLRequests("ActiveSubscriptions"), Is.Empty);
    }
}
