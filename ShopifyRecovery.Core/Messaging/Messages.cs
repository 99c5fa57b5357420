namespace ShopifyRecovery.Messaging;

public static class Queues
{
    public const string ShopifyEvents = "shopify-events";
    public const string JourneySteps = "journey-steps";

    public static readonly IReadOnlyList<string> All = [ShopifyEvents, JourneySteps];
}

/// <summary>A message to put on a queue. <see cref="MessageId"/> is derived from the business event so a resend is recognised as a duplicate.</summary>
public sealed record OutgoingMessage(string MessageId, string Type, ReadOnlyMemory<byte> Body)
{
    /// <summary>Shop domain: keeps one shop's messages together where the transport partitions.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>Scheduled delivery; null means now.</summary>
    public DateTimeOffset? DeliverAt { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = EmptyProperties;

    internal static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();
}

/// <summary>A delivered message. <see cref="Attempt"/> is 1 on the first delivery and counts crashes too.</summary>
public sealed record IncomingMessage(
    string MessageId,
    string Type,
    ReadOnlyMemory<byte> Body,
    int Attempt,
    string? PartitionKey,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset EnqueuedAt);

/// <summary>
/// The message cannot ever be handled (bad JSON, failed validation): it goes to the dead-letter queue at once
/// instead of burning retries.
/// </summary>
public sealed class PoisonMessageException(string reason, Exception? inner = null) : Exception(reason, inner);
