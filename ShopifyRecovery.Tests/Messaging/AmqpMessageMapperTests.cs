using System.Text;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

public sealed class AmqpMessageMapperTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_wire_id_longer_than_service_bus_allows_is_hashed_deterministically()
    {
        var id = new string('x', 200);

        var wire = AmqpMessageMapper.WireMessageId(id, "3");

        Assert.That(wire.Length, Is.LessThanOrEqualTo(128));
        Assert.That(AmqpMessageMapper.WireMessageId(id, "3"), Is.EqualTo(wire));
        Assert.That(AmqpMessageMapper.WireMessageId(id, "4"), Is.Not.EqualTo(wire));
    }

    [TestCase("type")]
    [TestCase("attempt")]
    [TestCase("original-message-id")]
    public void A_message_property_named_like_a_transport_field_is_refused(string name)
    {
        var message = new OutgoingMessage("m", "T", Encoding.UTF8.GetBytes("{}")) { Properties = new Dictionary<string, string> { [name] = "x" } };

        var error = Assert.Throws<ArgumentException>(() => AmqpMessageMapper.ToAmqp(message, 1, "m", Now));

        Assert.That(error!.Message, Does.Contain($"'{name}'"));
    }

    [Test]
    public void A_dead_letter_reads_its_reason_description_attempt_and_time_and_keeps_transport_fields_out_of_its_properties()
    {
        // Arrange: a dead-letter copy as the RabbitMQ transport writes it.
        var original = new OutgoingMessage("order-1", "T", Encoding.UTF8.GetBytes("{}")) { Properties = new Dictionary<string, string> { ["shop"] = "a" } };
        var amqp = AmqpMessageMapper.ToAmqp(original, 3, "order-1#3", Now, [
            new(AmqpWire.DeadLetterReason, "MaxAttemptsExceeded"),
            new(AmqpWire.DeadLetterErrorDescription, "Failed 3 times"),
            new(AmqpWire.DeadLetteredAt, Now.AddMinutes(1).ToUnixTimeMilliseconds()),
        ]);

        // Act
        var letter = AmqpMessageMapper.ToDeadLetter("q", global::Amqp.Message.Decode(amqp.Encode()), AmqpMessageMapper.AttemptProperty(amqp), Now);

        // Assert
        Assert.That(letter with { Body = default }, Is.EqualTo(new DeadLetter("order-1#3", "q", "order-1", "T", "MaxAttemptsExceeded",
            "Failed 3 times", 3, Now.AddMinutes(1), default, letter.Properties)));
        Assert.That(letter.Properties, Is.EquivalentTo(new Dictionary<string, string> { ["shop"] = "a" }));
    }
}
