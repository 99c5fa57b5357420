using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class StartupValidationTests
{
    [TestCase("Shopify:ApiVersion", "latest", "Shopify:ApiVersion")]
    [TestCase("Shopify:AppUrl", "not a url", "Shopify:AppUrl")]
    [TestCase("Shopify:ApiSecret", "", "Shopify:ApiSecret")]
    [TestCase("Shopify:PreviousApiSecret", TestApp.ApiSecret, "Shopify:PreviousApiSecret")]
    [TestCase("Billing:AppHandle", "Shopify Recovery", "Billing:AppHandle")]
    [TestCase("DataProtection:KeyVaultKeyId", "https://my-vault.vault.azure.net/secrets/data-protection", "DataProtection:KeyVaultKeyId")]
    public async Task A_wrong_setting_stops_the_app_with_a_message_naming_the_key(string key, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, new Dictionary<string, string?> { [key] = value });
        var failure = app.StartupFailure();
        var validation = Chain(failure).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.That(validation, Is.Not.Null, failure!.ToString());
        Assert.That(validation!.Message, Does.Contain(named));
    }

    [Test]
    public void A_lock_shorter_than_five_seconds_is_refused_with_the_key_named()
    {
        // Resolved without starting a host: the pumps read these options as they are built.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:LockDuration"] = "00:00:01",
        }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddMessaging()
            .BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<MessagingOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain("Messaging:LockDuration"));
    }

    static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                    yield return inner;
        }
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
