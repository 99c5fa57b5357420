using System.Numerics;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Scheduled delivery on RabbitMQ, which has no scheduled enqueue without a third-party plugin. Delay level k is a
/// fanout exchange bound to a queue whose messages all live exactly <see cref="Step"/>·2^k and then dead-letter back
/// through the default exchange to the queue named by their routing key. One TTL per queue keeps it first-in
/// first-out, so nothing waits behind a longer delay. A message rides the largest level that fits; when it comes back
/// early the receiver sends it through the next smaller level, so a delay takes at most one pass per set bit.
/// </summary>
public static class RabbitMqDelays
{
    public const string Prefix = "sr.delay.";
    public const int Levels = 23;
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest level that does not overshoot; null when less than one step is left (the receiver holds it).</summary>
    public static int? LevelFor(TimeSpan remaining)
    {
        if (remaining < Step)
            return null;
        var steps = (ulong)(remaining.Ticks / Step.Ticks);
        return Math.Min(BitOperations.Log2(steps), Levels - 1);
    }

    public static TimeSpan Ttl(int level) => Step * (1L << level);

    public static string Name(int level) => $"{Prefix}{level:00}";

    /// <summary>AMQP 1.0 address: publish to the level's exchange with the destination queue as routing key.</summary>
    public static string Address(int level, string queue) => $"/exchange/{Name(level)}/{queue}";
}
