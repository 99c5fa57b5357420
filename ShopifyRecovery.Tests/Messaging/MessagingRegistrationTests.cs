using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

public sealed class MessagingRegistrationTests
{
    const string ServiceBusConnection =
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMessaging();
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task Transport_Amqp_gives_the_rabbitmq_transport_and_its_dead_letter_queue()
    {
        await using var services = Build(new() { ["Messaging:Transport"] = "Amqp", ["Messaging:Amqp:Address"] = "amqp://guest:guest@127.0.0.1:5672" });

        Assert.That(services.GetRequiredService<IMessageTransport>(), Is.InstanceOf<AmqpTransport>());
        Assert.That(services.GetRequiredService<IMessageBus>(), Is.SameAs(services.GetRequiredService<IMessageTransport>()));
        Assert.That(services.GetRequiredService<IDeadLetterQueue>(), Is.InstanceOf<AmqpDeadLetterQueue>());
    }

    [Test]
    public async Task Transport_ServiceBus_gives_the_service_bus_transport_from_the_connection_string()
    {
        await using var services = Build(new() { ["Messaging:Transport"] = "ServiceBus", ["ConnectionStrings:ServiceBus"] = ServiceBusConnection });

        Assert.That(services.GetRequiredService<IMessageTransport>().Name, Is.EqualTo("ServiceBus"));
        Assert.That(services.GetRequiredService<IDeadLetterQueue>(), Is.InstanceOf<AmqpDeadLetterQueue>());
    }

    [Test]
    public async Task Service_bus_without_a_connection_string_fails_at_start_naming_the_setting()
    {
        await using var services = Build(new() { ["Messaging:Transport"] = "ServiceBus" });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<MessagingOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("ConnectionStrings:ServiceBus"));
    }

    [Test]
    public async Task An_amqp_address_that_is_not_amqp_fails_at_start_naming_the_setting_without_its_password()
    {
        await using var services = Build(new() { ["Messaging:Transport"] = "Amqp", ["Messaging:Amqp:Address"] = "http://user:s3cret@broker:5672" });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<MessagingOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("Messaging:Amqp:Address").And.Not.Contain("s3cret"));
    }

    [Test]
    public async Task An_amqp_credit_out_of_range_fails_at_start_naming_the_setting()
    {
        await using var services = Build(new()
        {
            ["Messaging:Transport"] = "Amqp", ["Messaging:Amqp:Address"] = "amqp://127.0.0.1:5672", ["Messaging:Amqp:Credit"] = "500",
        });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<MessagingOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("Messaging:Amqp:Credit"));
    }

    [Test]
    public async Task The_embedded_default_needs_no_broker_settings()
    {
        await using var services = Build(new());

        Assert.That(services.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport, Is.EqualTo(TransportKind.Embedded));
    }
}
