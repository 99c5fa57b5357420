using Microsoft.Extensions.Options;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class StartupValidationTests
{
    [TestCase("Shopify:ApiVersion", "latest", "Shopify:ApiVersion")]
    [TestCase("Shopify:AppUrl", "not a url", "Shopify:AppUrl")]
    [TestCase("Shopify:ApiSecret", "", "Shopify:ApiSecret")]
    [TestCase("Messaging:LockDuration", "00:00:01", "Messaging:LockDuration")]
    public async Task A_wrong_setting_stops_the_app_with_a_message_naming_the_key(string key, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, new Dictionary<string, string?> { [key] = value });
        var failure = Assert.Catch(() => app.CreateClient());
        var validation = failure as OptionsValidationException ?? failure!.InnerException as OptionsValidationException;
        Assert.That(validation, Is.Not.Null, failure!.ToString());
        Assert.That(validation!.Message, Does.Contain(named));
    }

    [Test]
    public async Task The_health_endpoints_answer_when_database_and_bus_are_reachable()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);
        var client = app.CreateClient();
        Assert.That((await client.GetAsync("/health/live")).IsSuccessStatusCode, Is.True);
        var ready = await client.GetAsync("/health/ready");
        Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }
}
