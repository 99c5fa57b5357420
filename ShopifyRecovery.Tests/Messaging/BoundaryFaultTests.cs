using ShopifyRecovery.Messaging;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>
/// A crash at each boundary between the database and the bus (RELIABILITY-NOTES §4.6), on every transport:
/// the final state is every message handled exactly once in effect and nothing left in the outbox.
/// </summary>
[TestFixtureSource(typeof(TransportHarness), nameof(TransportHarness.All))]
public sealed class BoundaryFaultTests(TransportUnderTest transport)
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
    public async Task A_crash_after_commit_before_publish_is_published_later_by_the_relay()
    {
        // Arrange: the state change and its message are committed together.
        var queue = _harness.NewQueue();
        await CommitWithOutboxAsync(queue, "order-paid-1");

        // Act: the process dies as it starts publishing; after the restart the relay runs again.
        var crashed = _harness.Relay(new CrashingBus(_harness.Transport, publishFirst: false));
        Assert.ThrowsAsync<ProcessCrashed>(() => crashed.FlushAsync(CancellationToken.None));
        var published = await _harness.Relay(_harness.Transport).FlushAsync(CancellationToken.None);
        _harness.StartPump(queue);
        await _harness.WaitForAsync(async () => (await _harness.EffectsAsync()).Contains("order-paid-1"), "the message to be handled");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(published, Is.EqualTo(1));
        Assert.That(await _harness.EffectsAsync(), Is.EqualTo(new[] { "order-paid-1" }));
        Assert.That(await _harness.OutboxCountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_crash_after_publish_before_the_outbox_row_is_cleared_publishes_again_and_the_inbox_absorbs_it()
    {
        // Arrange
        var queue = _harness.NewQueue();
        await CommitWithOutboxAsync(queue, "order-paid-2");

        // Act: published, then the process dies before deleting the row, so the restarted relay publishes it again.
        var crashed = _harness.Relay(new CrashingBus(_harness.Transport, publishFirst: true));
        Assert.ThrowsAsync<ProcessCrashed>(() => crashed.FlushAsync(CancellationToken.None));
        var republished = await _harness.Relay(_harness.Transport).FlushAsync(CancellationToken.None);
        await _harness.PublishAsync(queue, "sentinel");
        _harness.StartPump(queue, concurrency: 1);
        await _harness.WaitForAsync(async () => (await _harness.EffectsAsync()).Contains("sentinel"), "everything before the sentinel to be handled");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(republished, Is.EqualTo(1));
        Assert.That(await _harness.EffectsAsync(), Is.EqualTo(new[] { "order-paid-2", "sentinel" }));
        Assert.That(await _harness.OutboxCountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_crash_after_the_handler_published_before_complete_sends_the_downstream_message_once_in_effect()
    {
        // Arrange: handling writes a downstream message to the outbox in the same transaction as its effect.
        var queue = _harness.NewQueue();
        var downstream = _harness.NewQueue();
        _harness.Behaviour.Downstream = m => m.MessageId == "checkout-1" ? downstream : null;
        await _harness.PublishAsync(queue, "checkout-1");
        var doomed = await _harness.StartProcessAsync();
        var receiver = await _harness.OpenReceiverAsync(queue, doomed);
        var delivery = await _harness.ReceiveAsync(receiver);

        // Act: handled, downstream published by the relay, then the consumer dies before completing.
        await _harness.Dispatcher.DispatchAsync(delivery.Message, CancellationToken.None);
        await _harness.Relay(_harness.Transport).FlushAsync(CancellationToken.None);
        await _harness.CrashAsync(doomed);
        _harness.StartPump(queue);
        _harness.StartPump(downstream);
        await _harness.WaitForAsync(() => Task.FromResult(_harness.Behaviour.CallsFor("checkout-1") >= 2), "the redelivery");
        var republished = await _harness.Relay(_harness.Transport).FlushAsync(CancellationToken.None);
        await _harness.WaitForAsync(async () => (await _harness.EffectsAsync()).Contains("down-checkout-1"), "the downstream message");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(republished, Is.Zero, "the redelivery found its inbox row and wrote nothing new");
        Assert.That(await _harness.EffectsAsync(), Is.EquivalentTo(new[] { "checkout-1", "down-checkout-1" }));
        Assert.That(await _harness.IsDrainedAsync(downstream), Is.True);
    }

    [Test]
    public async Task A_crash_after_the_side_effect_before_complete_has_one_effect()
    {
        // Arrange
        var queue = _harness.NewQueue();
        await _harness.PublishAsync(queue, "step-due-1");
        var doomed = await _harness.StartProcessAsync();
        var receiver = await _harness.OpenReceiverAsync(queue, doomed);
        var delivery = await _harness.ReceiveAsync(receiver);

        // Act
        await _harness.Dispatcher.DispatchAsync(delivery.Message, CancellationToken.None);
        await _harness.CrashAsync(doomed);
        _harness.StartPump(queue);
        await _harness.WaitForAsync(() => Task.FromResult(_harness.Behaviour.CallsFor("step-due-1") >= 2), "the redelivery");
        await _harness.StopPumpsAsync();

        // Assert
        Assert.That(_harness.Behaviour.Calls.Select(c => c.Attempt), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(await _harness.EffectsAsync(), Is.EqualTo(new[] { "step-due-1" }));
        Assert.That(await _harness.IsDrainedAsync(queue), Is.True);
    }

    async Task CommitWithOutboxAsync(string queue, string messageId)
    {
        await using var db = _harness.Database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AddToOutbox(queue, TransportHarness.Command(messageId), _harness.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    sealed class ProcessCrashed() : Exception("The process died here.");

    /// <summary>Stands in for the process dying at the publish boundary: before the send, or right after it.</summary>
    sealed class CrashingBus(IMessageBus inner, bool publishFirst) : IMessageBus
    {
        public Task PublishAsync(string queue, OutgoingMessage message, CancellationToken ct) => PublishBatchAsync(queue, [message], ct);

        public async Task PublishBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
        {
            if (publishFirst)
                await inner.PublishBatchAsync(queue, messages, ct);
            throw new ProcessCrashed();
        }
    }
}
