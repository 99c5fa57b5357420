using ShopifyRecovery.Shopify;
using Tomlyn;
using Tomlyn.Model;

namespace ShopifyRecovery.Tests.Hosting;

/// <summary>shopify.app.toml is deployed separately from the code; this keeps the two from drifting apart.</summary>
public sealed class ShopifyAppTomlTests
{
    static TomlTable Load() => TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shopify.app.toml")))!;

    static IEnumerable<TomlTable> Subscriptions(TomlTable toml) =>
        ((TomlTableArray)((TomlTable)toml["webhooks"])["subscriptions"]).Cast<TomlTable>();

    static IEnumerable<string> Strings(TomlTable table, string key) =>
        table.TryGetValue(key, out var value) ? ((TomlArray)value).Cast<string>() : [];

    [Test]
    public void Every_topic_the_code_handles_is_subscribed_and_nothing_else()
    {
        var toml = Load();
        var topics = Subscriptions(toml).SelectMany(s => Strings(s, "topics"));
        Assert.That(topics, Is.EquivalentTo(ShopifyTopics.Subscribed));
    }

    [Test]
    public void The_three_compliance_topics_are_subscribed()
    {
        var compliance = Subscriptions(Load()).SelectMany(s => Strings(s, "compliance_topics"));
        Assert.That(compliance, Is.EquivalentTo(ShopifyTopics.Compliance));
    }

    [Test]
    public void Webhooks_use_the_same_api_version_as_the_admin_api() =>
        Assert.That(((TomlTable)Load()["webhooks"])["api_version"], Is.EqualTo(new ShopifyOptions().ApiVersion));

    [Test]
    public void The_plan_selection_link_uses_the_apps_handle() =>
        Assert.That(Load()["handle"], Is.EqualTo(new ShopifyRecovery.Billing.BillingOptions().AppHandle));

    [Test]
    public void Every_subscription_points_at_the_one_webhook_endpoint() =>
        Assert.That(Subscriptions(Load()).Select(s => s["uri"]), Is.All.EqualTo("/webhooks/shopify"));

    [Test]
    public void The_app_is_embedded_and_asks_for_the_scopes_the_code_uses()
    {
        var toml = Load();
        Assert.That(toml["embedded"], Is.EqualTo(true));
        Assert.That(((TomlTable)toml["access_scopes"])["scopes"], Is.EqualTo(new ShopifyOptions().Scopes));
    }
}
