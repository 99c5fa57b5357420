using System.Text.RegularExpressions;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Billing;

public sealed class AppSubscriptionsTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    const string Basic = "gid://shopify/AppSubscription/1", Growth = "gid://shopify/AppSubscription/2";

    static Shop NewShop() => new() { Domain = "plan-test.myshopify.com" };

    [Test]
    public void An_active_subscription_makes_the_shop_billable()
    {
        // Arrange
        var shop = NewShop();
        // Act
        var applied = AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "active", T0));
        // Assert
        Assert.That(applied, Is.True);
        Assert.That(AppSubscriptions.IsActive(shop), Is.True);
        Assert.That((shop.SubscriptionId, shop.SubscriptionName, shop.SubscriptionStatus), Is.EqualTo((Basic, "Basic", "ACTIVE")));
    }

    [Test]
    public void The_old_plans_cancellation_arriving_after_the_new_plan_does_not_stop_the_shop()
    {
        // Arrange
        var shop = NewShop();
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "ACTIVE", T0));
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Growth, "Growth", "ACTIVE", T0.AddDays(3)));
        // Act
        var applied = AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "CANCELLED", T0.AddDays(3)));
        // Assert
        Assert.That(applied, Is.False);
        Assert.That((shop.SubscriptionId, shop.SubscriptionStatus), Is.EqualTo((Growth, "ACTIVE")));
    }

    [Test]
    public void The_old_plans_cancellation_arriving_before_the_new_plan_is_overtaken_by_it()
    {
        var shop = NewShop();
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "ACTIVE", T0));
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "CANCELLED", T0.AddDays(3)));
        Assert.That(AppSubscriptions.IsActive(shop), Is.False);
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Growth, "Growth", "ACTIVE", T0.AddDays(3)));
        Assert.That((shop.SubscriptionId, shop.SubscriptionStatus), Is.EqualTo((Growth, "ACTIVE")));
    }

    [TestCase("CANCELLED")]
    [TestCase("FROZEN")]
    [TestCase("EXPIRED")]
    public void The_current_subscription_ending_or_freezing_stops_the_shop(string status)
    {
        // Arrange
        var shop = NewShop();
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "ACTIVE", T0));
        // Act
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, null, status, T0.AddDays(30)));
        // Assert
        Assert.That(AppSubscriptions.IsActive(shop), Is.False);
        Assert.That(shop.SubscriptionName, Is.EqualTo("Basic"), "a webhook without a name keeps the one known");
    }

    [Test]
    public void A_late_webhook_older_than_what_is_known_changes_nothing()
    {
        // Arrange
        var shop = NewShop();
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "FROZEN", T0.AddDays(40)));
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "ACTIVE", T0.AddDays(41)));
        // Act
        var applied = AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "FROZEN", T0.AddDays(40)));
        // Assert
        Assert.That(applied, Is.False);
        Assert.That(AppSubscriptions.IsActive(shop), Is.True);
    }

    [Test]
    public void What_the_admin_api_lists_replaces_what_webhooks_said()
    {
        var shop = NewShop();
        AppSubscriptions.Apply(shop, new SubscriptionUpdate(Basic, "Basic", "ACTIVE", T0));
        AppSubscriptions.Replace(shop, [], T0.AddDays(1));
        Assert.That((shop.SubscriptionId, shop.SubscriptionStatus), Is.EqualTo(((string?)null, (string?)null)));

        AppSubscriptions.Replace(shop, [new AppSubscriptionRecord(Growth, "Growth", "ACTIVE", Test: false)], T0.AddDays(2));
        Assert.That((shop.SubscriptionId, shop.SubscriptionStatus, shop.SubscriptionUpdatedAt), Is.EqualTo((Growth, "ACTIVE", (DateTimeOffset?)T0.AddDays(2))));
        // A cancellation Shopify sent before that read is older than it and changes nothing.
        Assert.That(AppSubscriptions.Apply(shop, new SubscriptionUpdate(Growth, "Growth", "CANCELLED", T0.AddDays(1))), Is.False);
    }

    [TestCase(false, false, null, true)]
    [TestCase(true, false, null, false)]
    [TestCase(true, false, "FROZEN", false)]
    [TestCase(true, false, "ACTIVE", true)]
    [TestCase(true, true, null, true)]
    public void Sending_needs_an_active_plan_only_when_billing_is_required_and_never_for_the_sandbox(
        bool required, bool sandbox, string? status, bool allowed)
    {
        // Arrange
        var shop = NewShop();
        shop.IsSandbox = sandbox;
        shop.SubscriptionStatus = status;
        // Act
        var allows = AppSubscriptions.AllowsSending(shop, new BillingOptions { Required = required });
        // Assert
        Assert.That(allows, Is.EqualTo(allowed));
    }

    [Test]
    public void The_plan_selection_page_is_in_the_shops_admin_under_the_apps_handle() =>
        Assert.That(AppSubscriptions.PlanSelectionUrl("fancy-socks.myshopify.com", "shopify-recovery"),
            Is.EqualTo("https://admin.shopify.com/store/fancy-socks/charges/shopify-recovery/pricing_plans"));

    [Test]
    public void The_statuses_the_webhook_may_carry_are_the_schemas_AppSubscriptionStatus_values()
    {
        // Arrange
        var sdl = TestApp.Fixture("graphql/admin-2026-04.schema.graphql");
        // Act
        var block = Regex.Match(sdl, @"enum AppSubscriptionStatus \{(?<body>[^}]*)\}").Groups["body"].Value;
        var values = Regex.Matches(Regex.Replace(block, "\"\"\"[\\s\\S]*?\"\"\"", ""), @"^\s*([A-Z_]+)\b", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);
        // Assert
        Assert.That(AppSubscriptions.Statuses, Is.EquivalentTo(values));
    }
}
