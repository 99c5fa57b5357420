using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class RecoveryHostingTests
{
    [Test]
    public async Task The_app_host_registers_the_recovery_topic_handlers_and_the_reconciliation_timer()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);

        using var scope = app.Services.CreateScope();
        var topics = scope.ServiceProvider.GetServices<IShopifyTopicHandler>().SelectMany(h => h.Topics).ToList();

        Assert.That(topics, Is.SupersetOf(new[] { "checkouts/create", "checkouts/update", "checkouts/delete", "orders/create", "orders/paid",
            "customers_email_marketing_consent/update", "customers/update", "app/uninstalled" }));
        Assert.That(app.Services.GetServices<IHostedService>().OfType<ReconciliationTimer>(), Is.Not.Empty);
        Assert.That(scope.ServiceProvider.GetServices<IPersonalDataOwner>().OfType<RecoveryPersonalData>(), Is.Not.Empty);
    }

    [Test]
    public async Task A_wrong_time_scale_stops_the_host_with_a_message_naming_the_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, new Dictionary<string, string?> { ["Recovery:TimeScale"] = "0" });

        var error = app.StartupFailure();

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error.Message, Does.Contain("Recovery:TimeScale"));
    }
}
