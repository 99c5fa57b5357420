using System.Text.Json;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

public sealed class RabbitMqTopologyTests
{
    [TestCase(99, null)]
    [TestCase(100, 0)]
    [TestCase(250, 1)]
    [TestCase(1_500, 3)]
    public void A_delay_rides_the_longest_level_that_does_not_overshoot(int milliseconds, int? level)
    {
        Assert.That(RabbitMqDelays.LevelFor(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(level));
    }

    [Test]
    public void A_journey_delay_of_three_days_needs_no_level_longer_than_itself_and_very_long_delays_use_the_last_level()
    {
        var level = RabbitMqDelays.LevelFor(TimeSpan.FromHours(72))!.Value;

        Assert.That(RabbitMqDelays.Ttl(level), Is.LessThanOrEqualTo(TimeSpan.FromHours(72)));
        Assert.That(RabbitMqDelays.Ttl(level + 1), Is.GreaterThan(TimeSpan.FromHours(72)));
        Assert.That(RabbitMqDelays.LevelFor(TimeSpan.FromDays(30)), Is.EqualTo(RabbitMqDelays.Levels - 1));
    }

    [Test]
    public void A_delayed_message_is_published_to_its_level_exchange_with_the_destination_queue_as_routing_key()
    {
        Assert.That(RabbitMqDelays.Address(3, "journey-steps"), Is.EqualTo("/exchange/sr.delay.03/journey-steps"));
    }

    [Test]
    public void The_definitions_declare_durable_queues_with_a_dead_letter_route_and_delay_levels_that_expire_back()
    {
        // Act
        using var definitions = JsonDocument.Parse(RabbitMqTopology.Definitions(["journey-steps"]));

        // Assert
        var queues = definitions.RootElement.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.That(queues["journey-steps"].GetProperty("durable").GetBoolean(), Is.True);
        Assert.That(queues["journey-steps"].GetProperty("arguments").GetProperty("x-dead-letter-routing-key").GetString(),
            Is.EqualTo("journey-steps.dead-letter"));
        Assert.That(queues["journey-steps.dead-letter"].GetProperty("durable").GetBoolean(), Is.True);
        Assert.That(queues["sr.delay.03"].GetProperty("arguments").GetProperty("x-message-ttl").GetInt64(), Is.EqualTo(800));
        Assert.That(queues["sr.delay.03"].GetProperty("arguments").GetProperty("x-dead-letter-exchange").GetString(), Is.Empty);
        Assert.That(definitions.RootElement.GetProperty("bindings").GetArrayLength(), Is.EqualTo(RabbitMqDelays.Levels));
    }

    [Test]
    public void The_definitions_file_in_the_docs_is_what_the_code_generates_for_the_app_queues()
    {
        var documented = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rabbitmq-definitions.json"));

        Assert.That(documented.ReplaceLineEndings("\n"), Is.EqualTo(RabbitMqTopology.Definitions(Queues.All)));
    }
}
