using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>The Service Bus wire shape (RELIABILITY-NOTES §1.4–1.8), checked on AMQPNetLite's own types after an encode/decode round trip.</summary>
public sealed class ServiceBusWireTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    static OutgoingMessage Sample(DateTimeOffset? deliverAt = null) =>
        new("webhook-abc", "ShopifyWebhookReceived", Encoding.UTF8.GetBytes("{}"))
        {
            PartitionKey = "shop-a.myshopify.com",
            DeliverAt = deliverAt,
            Properties = new Dictionary<string, string> { ["topic"] = "checkouts/update" },
        };

    /// <summary>What the broker would read: the message as bytes, decoded again.</summary>
    static Message OnTheWire(Message message) => Message.Decode(message.Encode());

    [Test]
    public void A_sent_message_carries_its_id_scheduled_time_partition_key_durable_header_and_properties()
    {
        // Arrange
        var due = Now.AddHours(1);

        // Act
        var message = OnTheWire(ServiceBusWire.ForSend(Sample(due), attempt: 1, "webhook-abc", Now));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(message.Properties.MessageId, Is.EqualTo("webhook-abc"));
            Assert.That(message.Header.Durable, Is.True);
            Assert.That(message.MessageAnnotations[new Symbol("x-opt-scheduled-enqueue-time")], Is.EqualTo(due.UtcDateTime));
            Assert.That(((DateTime)message.MessageAnnotations[new Symbol("x-opt-scheduled-enqueue-time")]).Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(message.MessageAnnotations[new Symbol("x-opt-partition-key")], Is.EqualTo("shop-a.myshopify.com"));
            Assert.That(message.ApplicationProperties["type"], Is.EqualTo("ShopifyWebhookReceived"));
            Assert.That(message.ApplicationProperties["topic"], Is.EqualTo("checkouts/update"));
            Assert.That(message.ApplicationProperties.Map.ContainsKey("attempt"), Is.False, "a first send carries no attempt");
            Assert.That(((Data)message.BodySection).Binary, Is.EqualTo(Encoding.UTF8.GetBytes("{}")));
        });
    }

    [Test]
    public void A_message_for_now_has_no_scheduled_enqueue_time()
    {
        var message = OnTheWire(ServiceBusWire.ForSend(Sample(), 1, "webhook-abc", Now));

        Assert.That(message.MessageAnnotations.Map.ContainsKey(new Symbol("x-opt-scheduled-enqueue-time")), Is.False);
    }

    [Test]
    public void A_received_message_maps_back_with_its_attempt_from_the_delivery_count()
    {
        // Arrange: Service Bus counts deliveries from zero; this is the third.
        var message = OnTheWire(ServiceBusWire.ForSend(Sample(), 1, "webhook-abc", Now));
        message.Header.DeliveryCount = 2;
        message.MessageAnnotations[new Symbol("x-opt-enqueued-time")] = Now.UtcDateTime;

        // Act
        var incoming = AmqpMessageMapper.FromAmqp(message, ServiceBusWire.AttemptOf(message), Now.AddMinutes(5));

        // Assert
        Assert.That(incoming, Is.EqualTo(incoming with
        {
            MessageId = "webhook-abc", Type = "ShopifyWebhookReceived", Attempt = 3, PartitionKey = "shop-a.myshopify.com", EnqueuedAt = Now,
        }));
        Assert.That(incoming.Properties, Is.EquivalentTo(new Dictionary<string, string> { ["topic"] = "checkouts/update" }));
    }

    [Test]
    public void A_delayed_retry_is_a_copy_scheduled_later_under_an_attempt_suffixed_id_that_keeps_the_message_id()
    {
        // Arrange
        var received = AmqpMessageMapper.FromAmqp(OnTheWire(ServiceBusWire.ForSend(Sample(), 1, "webhook-abc", Now)), 1, Now);
        var retryAt = Now.AddSeconds(10);

        // Act
        var copy = OnTheWire(ServiceBusWire.ForSend(AmqpMessageMapper.ToOutgoing(received, retryAt), attempt: 2,
            AmqpMessageMapper.WireMessageId(received.MessageId, "2"), Now));
        var redelivered = AmqpMessageMapper.FromAmqp(copy, ServiceBusWire.AttemptOf(copy), retryAt);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(copy.Properties.MessageId, Is.EqualTo("webhook-abc#2"), "duplicate detection must not drop the copy");
            Assert.That(copy.ApplicationProperties["attempt"], Is.EqualTo(2));
            Assert.That(copy.MessageAnnotations[new Symbol("x-opt-scheduled-enqueue-time")], Is.EqualTo(retryAt.UtcDateTime));
            Assert.That(redelivered.MessageId, Is.EqualTo("webhook-abc"), "the inbox must still recognise it");
            Assert.That(redelivered.Attempt, Is.EqualTo(2));
        });
    }

    [Test]
    public void Dead_lettering_is_a_rejected_outcome_with_the_service_bus_condition_reason_and_description()
    {
        var outcome = (Rejected)ServiceBusWire.DeadLetter("Poison", "The body is not valid JSON");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error.Condition, Is.EqualTo(new Symbol("com.microsoft:dead-letter")));
            Assert.That(outcome.Error.Info[new Symbol("DeadLetterReason")], Is.EqualTo("Poison"));
            Assert.That(outcome.Error.Info[new Symbol("DeadLetterErrorDescription")], Is.EqualTo("The body is not valid JSON"));
        });
    }

    [Test]
    public void A_dead_letter_description_is_cut_to_the_length_service_bus_accepts()
    {
        var outcome = (Rejected)ServiceBusWire.DeadLetter("MaxAttemptsExceeded", new string('e', 10_000));

        Assert.That(((string)outcome.Error.Info[new Symbol("DeadLetterErrorDescription")]).Length, Is.EqualTo(4096));
    }

    [Test]
    public void Abandon_is_a_modified_outcome_that_neither_fails_the_delivery_nor_forbids_redelivery_here_and_complete_is_accepted()
    {
        var abandon = (Modified)ServiceBusWire.Abandon();

        Assert.That((abandon.DeliveryFailed, abandon.UndeliverableHere), Is.EqualTo((false, false)));
        Assert.That(ServiceBusWire.Complete(), Is.InstanceOf<Accepted>());
    }

    [Test]
    public void A_renew_lock_request_names_the_operation_and_carries_the_delivery_tag_as_lock_token()
    {
        // Arrange
        var token = Guid.Parse("6f1c2a3b-4d5e-4f60-8172-8394a5b6c7d8");
        var tag = token.ToByteArray();

        // Act
        var request = OnTheWire(ServiceBusWire.RenewLockRequest(ServiceBusWire.LockToken(tag), "mgmt-reply-1", "receive-link-1"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(request.ApplicationProperties["operation"], Is.EqualTo("com.microsoft:renew-lock"));
            Assert.That(request.ApplicationProperties["associated-link-name"], Is.EqualTo("receive-link-1"));
            Assert.That(request.ApplicationProperties["com.microsoft:server-timeout"], Is.EqualTo(30_000u));
            Assert.That(request.Properties.ReplyTo, Is.EqualTo("mgmt-reply-1"));
            Assert.That(request.Properties.MessageId, Is.Not.Empty);
            Assert.That(((Map)request.Body)["lock-tokens"], Is.EqualTo(new[] { token }));
        });
    }

    [Test]
    public void A_renew_lock_reply_gives_the_new_expiry_and_a_refusal_gives_none()
    {
        var until = new DateTime(2026, 11, 23, 10, 1, 0, DateTimeKind.Utc);
        var ok = Reply(200, new Map { ["expirations"] = new[] { until } });
        var lost = Reply(410, new Map());

        Assert.That(ServiceBusWire.ReadRenewLockResponse(OnTheWire(ok)), Is.EqualTo(new DateTimeOffset(until)));
        Assert.That(ServiceBusWire.ReadRenewLockResponse(OnTheWire(lost)), Is.Null);
    }

    [Test]
    public void A_lock_token_needs_a_sixteen_byte_delivery_tag()
    {
        Assert.Throws<ArgumentException>(() => ServiceBusWire.LockToken([1, 2, 3]));
    }

    static Message Reply(int status, Map body) => new()
    {
        ApplicationProperties = new ApplicationProperties { ["statusCode"] = status },
        BodySection = new AmqpValue { Value = body },
    };
}
