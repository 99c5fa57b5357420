using ShopifyRecovery.Messaging;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>
/// The broker goes away mid-stream: publishes are cut off in doubt, settlements are lost, links die. The transport
/// rebuilds its connection and the outbox and inbox make up the rest.
/// </summary>
public sealed class RabbitMqBrokerRestartTests
{
    [Test]
    public async Task Every_message_is_handled_exactly_once_in_effect_across_a_broker_restart()
    {
        // Arrange: messages committed to the outbox, a relay publishing them and a pump consuming them.
        await using var harness = new RabbitMqHarness();
        await harness.StartAsync();
        var queue = harness.NewQueue();
        harness.Behaviour.Pause = TimeSpan.FromMilliseconds(20);
        var ids = Enumerable.Range(1, 200).Select(i => $"event-{i:000}").ToList();
        await CommitToOutboxAsync(harness, queue, ids[..100]);
        var relay = harness.Relay(harness.Transport);
        await relay.StartAsync(CancellationToken.None);
        harness.StartPump(queue);
        await harness.WaitForAsync(async () => (await harness.EffectsAsync()).Count >= 20, "the stream to be flowing");

        // Act: restart the broker while messages flow, and keep committing while it is down.
        var restart = harness.Broker.RestartAsync();
        await CommitToOutboxAsync(harness, queue, ids[100..]);
        relay.Notify();
        await restart;
        // Done means all handled, nothing left to publish, and the broker holds nothing more (re-sent duplicates included).
        await harness.WaitForAsync(async () => (await harness.EffectsAsync()).Distinct().Count() == ids.Count
                                                && await harness.OutboxCountAsync() == 0
                                                && await harness.Broker.MessageCountAsync(queue) == 0,
            "every message to be handled after the restart", TimeSpan.FromMinutes(3));
        await harness.StopPumpsAsync();
        await relay.StopAsync(CancellationToken.None);

        // Assert
        Assert.That(await harness.EffectsAsync(), Is.EquivalentTo(ids), "each message has exactly one effect");
    }

    static async Task CommitToOutboxAsync(TransportHarness harness, string queue, IEnumerable<string> ids)
    {
        await using var db = harness.Database.CreateContext();
        foreach (var id in ids)
            db.AddToOutbox(queue, TransportHarness.Command(id), harness.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }
}
