using System.Text;
using ShopifyRecovery.Messaging;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>
/// What every transport promises the rest of the app (IMessageTransport.cs), run against each one for real:
/// the embedded queue on SQLite and the AMQP transport on RabbitMQ.
/// </summary>
[TestFixtureSource(typeof(TransportHarness), nameof(TransportHarness.All))]
public sealed class TransportContractTests(TransportUnderTest transport)
{
    TransportHarness _harness = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _harness = TransportHarness.Create(transport);
        await _harness.StartAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task A_published_message_arrives_with_its_id_type_body_partition_key_and_properties_as_attempt_one()
    {
        // Arrange
        var queue = _harness.NewQueue();
        var sent = new OutgoingMessage("order-42", "TestCommand", Encoding.UTF8.GetBytes("{\"name\":\"x\"}"))
        {
            PartitionKey = "shop-a.myshopify.com",
            Properties = new Dictionary<string, string> { ["topic"] = "checkouts/update", ["shop"] = "shop-a.myshopify.com" },
        };
        await using var receiver = await _harness.OpenReceiverAsync(queue);

        // Act
        await _harness.Transport.PublishAsync(queue, sent, CancellationToken.None);
        var delivery = await _harness.ReceiveAsync(receiver);

        // Assert
        var message = delivery.Message;
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo("order-42"));
            Assert.That(message.Type, Is.EqualTo("TestCommand"));
            Assert.That(Encoding.UTF8.GetString(message.Body.Span), Is.EqualTo("{\"name\":\"x\"}"));
            Assert.That(message.PartitionKey, Is.EqualTo("shop-a.myshopify.com"));
            Assert.That(message.Properties, Is.EquivalentTo(sent.Properties));
            Assert.That(message.Attempt, Is.EqualTo(1));
        });
        Assert.That(await delivery.CompleteAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Settling_a_delivery_a_second_time_reports_false_and_a_completed_message_does_not_come_back()
    {
        // Arrange
        var queue = _harness.NewQueue();
        await _harness.PublishAsync(queue, "once");
        await using var receiver = await _harness.OpenReceiverAsync(queue);
        var delivery = await _harness.ReceiveAsync(receiver);

        // Act
        var first = await delivery.CompleteAsync(CancellationToken.None);
        var second = await delivery.CompleteAsync(CancellationToken.None);
        var dead = await delivery.DeadLetterAsync("late", "after completion", CancellationToken.None);

        // Assert
        Assert.That((first, second, dead), Is.EqualTo((true, false, false)));
        Assert.That(await _harness.IsDrainedAsync(queue), Is.True);
    }

    [Test]
    public async Task A_message_published_twice_under_one_id_has_one_effect()
    {
        // Arrange: one consumer, so the sentinel is handled only after both copies.
        var queue = _harness.NewQueue();
        await _harness.PublishAsync(queue, "dup");
        await _harness.PublishAsync(queue, "dup");
        await _harness.PublishAsync(queue, "sentinel");

        // Act
        _harness.StartPump(queue, concurrency: 1);
        await _harness.WaitForAsync(async () => (await _harness.EffectsAsync()).Contains("sentinel"), "the sentinel to be handled");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(await _harness.EffectsAsync(), Is.EqualTo(new[] { "dup", "sentinel" }));
        Assert.That(await _harness.IsDrainedAsync(queue), Is.True);
    }

    [Test]
    public async Task A_scheduled_message_is_not_delivered_before_its_time_and_is_delivered_after()
    {
        // Arrange
        var queue = _harness.NewQueue();
        var due = _harness.Clock.GetUtcNow() + _harness.ScheduleDelay;
        await using var receiver = await _harness.OpenReceiverAsync(queue);

        // Act
        await _harness.PublishAsync(queue, "later", deliverAt: due);
        var early = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        await _harness.LetTimePassAsync(_harness.ScheduleDelay);
        var onTime = await _harness.ReceiveAsync(receiver, "the scheduled message");
        var receivedAt = _harness.Clock.GetUtcNow();

        // Assert
        Assert.That(early, Is.Null, "delivered before its time");
        Assert.That(onTime.Message.MessageId, Is.EqualTo("later"));
        Assert.That(receivedAt, Is.GreaterThanOrEqualTo(due));
        Assert.That(await onTime.CompleteAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task A_message_that_keeps_failing_is_retried_and_then_dead_lettered_after_max_attempts()
    {
        // Arrange
        var queue = _harness.NewQueue();
        _harness.Behaviour.FailBeforeEffect = _ => true;
        await _harness.PublishAsync(queue, "flaky");

        // Act
        _harness.StartPump(queue);
        var letters = await DeadLettersEventuallyAsync(queue);

        // Assert
        var letter = letters.Single();
        Assert.Multiple(() =>
        {
            Assert.That(letter.MessageId, Is.EqualTo("flaky"));
            Assert.That(letter.Reason, Is.EqualTo("MaxAttemptsExceeded"));
            Assert.That(letter.Description, Does.Contain("transient failure"));
            Assert.That(letter.Attempts, Is.EqualTo(_harness.Options.MaxAttempts));
            Assert.That(_harness.Behaviour.Calls.Select(c => c.Attempt), Is.EqualTo(new[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task A_poison_message_goes_straight_to_the_dead_letter_queue_with_its_reason()
    {
        // Arrange
        var queue = _harness.NewQueue();
        _harness.Behaviour.Poison = _ => true;
        await _harness.Transport.PublishAsync(queue, TransportHarness.Command("poison-1", "broken"), CancellationToken.None);

        // Act
        _harness.StartPump(queue);
        var letters = await DeadLettersEventuallyAsync(queue);

        // Assert
        var letter = letters.Single();
        Assert.Multiple(() =>
        {
            Assert.That(letter.MessageId, Is.EqualTo("poison-1"));
            Assert.That(letter.Type, Is.EqualTo(nameof(TestCommand)));
            Assert.That(letter.Reason, Is.EqualTo("Poison"));
            Assert.That(letter.Description, Is.EqualTo("bad command broken"));
            Assert.That(_harness.Behaviour.CallsFor("poison-1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_dead_letter_replayed_after_the_fix_is_handled_and_leaves_the_dead_letter_queue()
    {
        // Arrange
        var queue = _harness.NewQueue();
        var broken = true;
        _harness.Behaviour.Poison = _ => broken;
        await _harness.PublishAsync(queue, "fix-me");
        _harness.StartPump(queue);
        var letter = (await DeadLettersEventuallyAsync(queue)).Single();

        // Act
        broken = false;
        var replayed = await _harness.DeadLetters.ReplayAsync(queue, letter.Id, CancellationToken.None);
        await _harness.WaitForAsync(async () => (await _harness.EffectsAsync()).Contains("fix-me"), "the replayed message to be handled");

        // Assert
        Assert.That(replayed, Is.True);
        Assert.That(await _harness.DeadLetters.ListAsync(queue, 10, CancellationToken.None), Is.Empty);
        Assert.That(await _harness.DeadLetters.ReplayAsync(queue, letter.Id, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Competing_consumers_never_get_the_same_message()
    {
        // Arrange
        var queue = _harness.NewQueue();
        var ids = Enumerable.Range(1, 10).Select(i => $"job-{i}").ToList();
        foreach (var id in ids)
            await _harness.PublishAsync(queue, id);
        var other = await _harness.StartProcessAsync();
        await using var first = await _harness.OpenReceiverAsync(queue);
        await using var second = await _harness.OpenReceiverAsync(queue, other);

        // Act: the first consumer holds its message while the second takes one.
        var held = await _harness.ReceiveAsync(first);
        var taken = await _harness.ReceiveAsync(second);
        var received = new List<string> { held.Message.MessageId, taken.Message.MessageId };
        await held.CompleteAsync(CancellationToken.None);
        await taken.CompleteAsync(CancellationToken.None);
        await _harness.WaitForAsync(async () =>
        {
            foreach (var receiver in new[] { first, second })
            {
                if (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None) is { } delivery)
                {
                    received.Add(delivery.Message.MessageId);
                    await delivery.CompleteAsync(CancellationToken.None);
                }
            }
            return received.Count >= ids.Count;
        }, "all messages to be received");

        // Assert
        Assert.That(taken.Message.MessageId, Is.Not.EqualTo(held.Message.MessageId));
        Assert.That(received, Is.EquivalentTo(ids), "every message exactly once across both consumers");
    }

    [Test]
    public async Task A_message_held_by_a_consumer_that_dies_is_delivered_again_as_the_next_attempt()
    {
        // Arrange
        var queue = _harness.NewQueue();
        await _harness.PublishAsync(queue, "orphan");
        var doomed = await _harness.StartProcessAsync();
        var doomedReceiver = await _harness.OpenReceiverAsync(queue, doomed);
        var first = await _harness.ReceiveAsync(doomedReceiver);

        // Act
        await _harness.CrashAsync(doomed);
        await using var receiver = await _harness.OpenReceiverAsync(queue);
        var again = await _harness.ReceiveAsync(receiver, "the redelivery");

        // Assert
        Assert.That(first.Message.Attempt, Is.EqualTo(1));
        Assert.That(again.Message.MessageId, Is.EqualTo("orphan"));
        Assert.That(again.Message.Attempt, Is.EqualTo(2));
        Assert.That(await again.CompleteAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task A_retry_after_a_failure_past_the_commit_is_absorbed_by_the_inbox()
    {
        // Arrange
        var queue = _harness.NewQueue();
        _harness.Behaviour.FailAfterCommit = m => m.Attempt == 1;
        await _harness.PublishAsync(queue, "committed-then-failed");

        // Act
        _harness.StartPump(queue);
        await _harness.WaitForAsync(() => Task.FromResult(_harness.Behaviour.CallsFor("committed-then-failed") >= 2), "the retry");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(await _harness.EffectsAsync(), Is.EqualTo(new[] { "committed-then-failed" }));
        Assert.That(await _harness.IsDrainedAsync(queue), Is.True, "the retry was completed, not retried again");
    }

    async Task<IReadOnlyList<DeadLetter>> DeadLettersEventuallyAsync(string queue)
    {
        IReadOnlyList<DeadLetter> letters = [];
        await _harness.WaitForAsync(async () => (letters = await _harness.DeadLetters.ListAsync(queue, 10, CancellationToken.None)).Count > 0,
            $"a dead letter on {queue}");
        return letters;
    }
}
