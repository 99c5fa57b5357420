using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Tests.Messaging;

public sealed record TestCommand(string Name);

/// <summary>What the test handler should do to a given delivery; every call is recorded.</summary>
public sealed class HandlerBehaviour
{
    public ConcurrentQueue<(string MessageId, int Attempt)> Calls { get; } = new();

    public Func<Message<TestCommand>, bool> Poison { get; set; } = _ => false;

    /// <summary>Throws before anything is committed: a transient failure.</summary>
    public Func<Message<TestCommand>, bool> FailBeforeEffect { get; set; } = _ => false;

    /// <summary>Throws after the effect and inbox row are committed: the redelivery must find the inbox row.</summary>
    public Func<Message<TestCommand>, bool> FailAfterCommit { get; set; } = _ => false;

    /// <summary>The queue, if any, to which handling also publishes <c>down-&lt;id&gt;</c> through the outbox.</summary>
    public Func<Message<TestCommand>, string?> Downstream { get; set; } = _ => null;

    /// <summary>Time each delivery takes before it commits, so a test can catch messages mid-flight.</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.Zero;

    public int CallsFor(string messageId) => Calls.Count(c => c.MessageId == messageId);
}

/// <summary>
/// The idempotent handler shape from STYLE.md: inbox row, effect and outgoing messages in one transaction. The effect is
/// a row in <c>test_effects</c>, which has no unique key, so a second effect would show up as a second row.
/// </summary>
public sealed class RecordingHandler(RecoveryDbContext db, HandlerBehaviour behaviour, TimeProvider clock) : IMessageHandler<TestCommand>
{
    public const string Consumer = "contract-tests";

    public async Task HandleAsync(Message<TestCommand> message, CancellationToken ct)
    {
        behaviour.Calls.Enqueue((message.MessageId, message.Attempt));
        if (behaviour.Poison(message))
            throw new PoisonMessageException($"bad command {message.Body.Name}");
        if (behaviour.FailBeforeEffect(message))
            throw new InvalidOperationException("transient failure");

        if (behaviour.Pause > TimeSpan.Zero)
            await Task.Delay(behaviour.Pause, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TryRecordInboxAsync(Consumer, message.MessageId, clock.GetUtcNow(), ct))
            return;
        if (behaviour.Downstream(message) is { } downstream)
            db.AddToOutbox(downstream, MessageJson.Create($"down-{message.MessageId}", new TestCommand($"after {message.Body.Name}")), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO test_effects (message_id) VALUES ({message.MessageId})", ct);
        await transaction.CommitAsync(ct);

        if (behaviour.FailAfterCommit(message))
            throw new InvalidOperationException("failed after the effect was committed");
    }
}
